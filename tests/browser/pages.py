"""The public pages every browser check visits.

Add a page to PUBLIC_PAGES and axe (desktop and phone), the Nu Html Checker, the keyboard
check and the screenshots cover it; `lighthouse=True` adds it to the Lighthouse budgets.
A page reached by acting on another takes `steps=`: a function that acts on the opened page
and returns the response of the page it ends on (e.g. submitting the empty enquiry form).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
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


def send_the_empty_enquiry_form(page: Page) -> Response:
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Send enquiry").click()
    return sent.value


def send_a_complete_enquiry(page: Page) -> Response:
    """Fill in the enquiry form correctly and send it, ending on the confirmation page."""
    form = page.get_by_role("main").locator("form")
    form.get_by_role("textbox", name=re.compile("full name", re.I)).fill("Alex Example")
    form.get_by_role("textbox", name=re.compile("email address", re.I)).fill("alex@example.org")
    form.get_by_role("textbox", name=re.compile("how can we help", re.I)).fill("Is it for me?")
    for group in ("enquiry_for", "contact_time", "funding", "has_referral"):
        form.locator(f"input[type=radio][name='{group}']").first.check()
    form.get_by_role("radio", name="Email", exact=True).check()
    form.get_by_role("checkbox", name=re.compile("health information", re.I)).check()
    # The form turns away anything sent faster than a person types (issue 3).
    later = timezone.now() + timedelta(minutes=2)
    with time_machine.travel(later, tick=True), page.expect_navigation() as sent:
        form.get_by_role("button", name="Send enquiry").click()
    assert page.url.endswith(reverse("enquiries:sent")), f"not sent: ended on {page.url}"
    return sent.value


PUBLIC_PAGES = [
    PublicPage("Home", reverse("pages:home"), lighthouse=True),
    PublicPage("Therapies", reverse("therapies:list")),
    PublicPage(
        "Therapy page",
        reverse("therapies:detail", kwargs={"slug": "177lu-octreotate"}),
        lighthouse=True,
    ),
    PublicPage("Centres", reverse("centres:list"), lighthouse=True),
    PublicPage("Centres nearest a town", f"{reverse('centres:list')}?q=Slough"),
    PublicPage("Centre", reverse("centres:detail", kwargs={"slug": "windsor"})),
    PublicPage("Specialists", reverse("centres:specialist_list")),
    PublicPage("Specialist", reverse("centres:specialist_detail", kwargs={"slug": "dr-yong-du"})),
    PublicPage("Enquiry form", reverse("enquiries:create"), lighthouse=True),
    PublicPage(
        "Enquiry form with errors", reverse("enquiries:create"), steps=send_the_empty_enquiry_form
    ),
    PublicPage("Enquiry confirmation", reverse("enquiries:create"), steps=send_a_complete_enquiry),
    PublicPage("Privacy notice", reverse("pages:page", kwargs={"slug": "privacy"})),
    PublicPage("Accessibility statement", reverse("pages:page", kwargs={"slug": "accessibility"})),
    PublicPage(
        "Search results",
        f"{reverse('search:results')}?q=tummy+pain+after+the+drip",
        lighthouse=True,
        noindex=True,
    ),
    PublicPage("Search that found nothing", f"{reverse('search:results')}?q=xyzzy", noindex=True),
    PublicPage("Page not found", "/no/such/page/", status=404),
]

LIGHTHOUSE_PAGES = [page for page in PUBLIC_PAGES if page.lighthouse]
