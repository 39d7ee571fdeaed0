"""The public pages every browser check visits.

Add a page to PUBLIC_PAGES and axe (desktop and phone), the Nu Html Checker, the keyboard
check and the screenshots cover it; `lighthouse=True` adds it to the Lighthouse budgets.
Still to add as the pages land (issue 6): the therapy page (lighthouse=True), a centre,
a specialist's profile, the enquiry form in its error state and the confirmation page
(both with `steps=`: a function that acts on the opened page and returns the response of
the page it ends on, e.g. submitting the empty form).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import Page, Response


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200
    lighthouse: bool = False
    # Lighthouse's SEO budget then leaves out "is-crawlable" (issue 6: noindex pages excepted).
    noindex: bool = False
    steps: Callable[[Page], Response] | None = None

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def open(self, page: Page) -> Response:
        """Open the page in the browser and check it answered with the expected status."""
        response = page.goto(self.path)
        if self.steps:
            response = self.steps(page)
        assert response.status == self.status, (
            f"{self.name} ({self.path}) answered {response.status}, expected {self.status}"
        )
        return response


PUBLIC_PAGES = [
    PublicPage("Home", reverse("therapies:home"), lighthouse=True),
    PublicPage("Therapies", reverse("therapies:list")),
    PublicPage("Centres", reverse("centres:list"), lighthouse=True),
    PublicPage("Specialists", reverse("centres:specialist_list")),
    PublicPage("Enquiry form", reverse("enquiries:create"), lighthouse=True),
    PublicPage("Privacy notice", reverse("therapies:page", kwargs={"slug": "privacy"})),
    PublicPage(
        "Accessibility statement", reverse("therapies:page", kwargs={"slug": "accessibility"})
    ),
    PublicPage("Page not found", "/no/such/page/", status=404),
]

LIGHTHOUSE_PAGES = [page for page in PUBLIC_PAGES if page.lighthouse]
