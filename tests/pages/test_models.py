from django.core.exceptions import ValidationError
from django.test import TestCase

from pages.models import SitePage
from tests.factories import make_site_page


class SitePageSlugTests(TestCase):
    def test_slug_taken_by_another_part_of_the_site_is_refused(self):
        for slug in ["therapies", "centres", "admin"]:
            page = SitePage(title="Clash", slug=slug, summary="S.", body="B.")
            with self.subTest(slug=slug), self.assertRaises(ValidationError) as caught:
                page.full_clean()
            self.assertIn("slug", caught.exception.message_dict)

    def test_free_slug_is_accepted(self):
        SitePage(title="Cookies", slug="cookies", summary="S.", body="B.").full_clean()

    def test_page_is_served_at_its_slug(self):
        page = make_site_page(slug="cookies", title="Cookies")
        self.assertEqual(page.get_absolute_url(), "/cookies/")
        self.assertContains(self.client.get("/cookies/"), "<h1>Cookies</h1>", html=True)
