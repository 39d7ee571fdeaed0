from django.test import TestCase
from django.urls import reverse

from pages.models import SitePage
from tests.factories import make_site_page, make_staff_user


class SitePageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff_user(is_superuser=True)
        cls.page = make_site_page(title="Privacy notice", slug="privacy")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_changelist_and_add_page_load(self):
        response = self.client.get(reverse("admin:pages_sitepage_changelist"))
        self.assertContains(response, "Privacy notice")
        response = self.client.get(reverse("admin:pages_sitepage_add"))
        self.assertContains(response, 'name="slug"')

    def test_an_editor_adds_a_page_as_a_draft(self):
        data = {"title": "Cookies", "slug": "cookies", "summary": "S.", "body": "Our cookies."}
        page_data = data | {"_continue": "Save draft"}
        response = self.client.post(reverse("admin:pages_sitepage_add"), page_data)
        page = SitePage.objects.get(slug="cookies")
        self.assertRedirects(response, reverse("admin:pages_sitepage_change", args=[page.pk]))
        self.assertFalse(page.is_published)

    def test_slug_used_elsewhere_on_the_site_is_refused(self):
        data = {"title": "Therapies", "slug": "therapies", "summary": "S.", "body": "B."}
        response = self.client.post(reverse("admin:pages_sitepage_add"), data)
        self.assertContains(response, "Another part of the site already uses this address.")
