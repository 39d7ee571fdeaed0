"""The privacy notice names the data controller from settings; the accessibility statement
follows the format of the UK public sector accessibility regulations."""

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from pages import demo
from tests.factories import make_site_page

PRIVACY = reverse("pages:page", kwargs={"slug": "privacy"})
ACCESSIBILITY = reverse("pages:page", kwargs={"slug": "accessibility"})


class PrivacyNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load()

    @override_settings(
        CLINIC=settings.CLINIC
        | {"data_controller": "Example Care UK Limited", "data_protection_email": "dpo@example.com"}
    )
    def test_names_the_data_controller_and_contact_from_the_settings_of_the_day(self):
        response = self.client.get(PRIVACY)
        self.assertContains(
            response,
            '<h2 id="data-controller">Who is responsible for your information</h2>',
            html=True,
        )
        self.assertContains(response, "Example Care UK Limited is the data controller")
        self.assertContains(
            response, '<a href="mailto:dpo@example.com">dpo@example.com</a>', html=True
        )

    def test_says_the_planner_date_is_not_kept(self):
        self.assertContains(
            self.client.get(PRIVACY),
            "The aftercare planner turns the date of your treatment into a list of dates.",
        )

    def test_only_the_page_that_asks_for_it_names_the_data_controller(self):
        page = make_site_page(body="Other words.")
        self.assertNotContains(self.client.get(page.get_absolute_url()), "data controller")
        self.assertNotContains(self.client.get(ACCESSIBILITY), "data controller")


class AccessibilityStatementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load()

    def test_has_the_sections_the_regulations_format_asks_for(self):
        response = self.client.get(ACCESSIBILITY)
        for heading in [
            "Using this website",
            "How accessible this website is",
            "Feedback and contact information",
            "Reporting accessibility problems with this website",
            "Enforcement procedure",
            "Technical information about this website's accessibility",
            "Compliance status",
            "What we are doing to improve accessibility",
            "Preparation of this accessibility statement",
        ]:
            with self.subTest(heading=heading):
                self.assertContains(response, f">{heading}</h", count=1)
        self.assertContains(response, "Accessibility Regulations 2018")
        self.assertContains(response, "Equality Advisory and Support Service")
        self.assertContains(response, f"mailto:{settings.CLINIC['email']}")
        self.assertContains(response, "This statement was prepared on ")
