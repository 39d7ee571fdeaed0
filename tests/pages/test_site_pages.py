from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from pages import demo


class SitePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load()

    def test_footer_pages_exist_with_starting_text(self):
        for slug, text in [
            ("privacy", "explicit consent"),
            ("privacy", "12 months after we close it"),
            ("privacy", "Information Commissioner"),
            ("accessibility", "WCAG) 2.2 at level AA"),
            ("accessibility", "Tell us about a problem"),
            ("terms", "not medical advice"),
        ]:
            with self.subTest(slug=slug, text=text):
                response = self.client.get(reverse("pages:page", kwargs={"slug": slug}))
                self.assertContains(response, text)

    def test_contact_details_come_from_the_clinic_settings(self):
        response = self.client.get(reverse("pages:page", kwargs={"slug": "privacy"}))
        self.assertContains(response, f"mailto:{settings.CLINIC['email']}")
        self.assertContains(response, settings.CLINIC["phone"])

    def test_unknown_page_is_404(self):
        response = self.client.get(reverse("pages:page", kwargs={"slug": "no-such"}))
        self.assertEqual(response.status_code, 404)
