"""A new page type is one model, one admin and one registration (README, "Adding a page type").

tests/example_news is a news page type written as that paragraph says. Installed for these
tests only, and migrated as `manage.py migrate` would, its pages are loaded with the demo
content, listed in the sitemap, served from the page cache and refreshed when they change,
written and published by marketing editors through the editorial workflow, and scheduled.
"""

from io import StringIO
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse

from editorial import services
from editorial.models import Revision
from editorial.publishing import Status
from tests.factories import make_marketing_editor

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class AddingAPageTypeTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(
            override_settings(
                INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.example_news"],
                ROOT_URLCONF="tests.example_news.site_urls",
            )
        )
        from tests.example_news.models import NewsPage

        cls.NewsPage = NewsPage
        # The new app's table, its permissions and the roles, as `manage.py migrate` makes them.
        call_command("migrate", run_syncdb=True, verbosity=0)
        cls.addClassCleanup(cls.uninstall)
        super().setUpClass()

    @classmethod
    def uninstall(cls):
        from django.contrib import admin

        admin.site.unregister(cls.NewsPage)
        # Its permissions go with its content type, and so leave the roles.
        ContentType.objects.filter(app_label="news").delete()
        with connection.schema_editor() as editor:
            editor.delete_model(cls.NewsPage)

    def make_news_page(self, **fields):
        values = {"title": "Open day", "slug": "open-day", "summary": "S.", "body": "B."}
        return self.NewsPage.objects.create(**(values | fields))

    def test_the_demo_content_has_its_news_page(self):
        call_command("load_demo_content", stdout=StringIO())
        page = self.NewsPage.objects.published().get()
        self.assertEqual(page.title, "Our new PET/CT scanner")
        self.assertEqual(Revision.objects.for_page(page).get().kind, Revision.Kind.PUBLISHED)
        self.assertContains(self.client.get(page.get_absolute_url()), page.title)

    def test_published_news_pages_are_in_the_sitemap_and_drafts_are_not(self):
        published = self.make_news_page(status=Status.PUBLISHED)
        self.make_news_page(slug="draft-news")
        root = ElementTree.fromstring(self.client.get("/sitemap.xml").content)
        locations = {loc.text for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)}
        self.assertIn(settings.SITE_URL + published.get_absolute_url(), locations)
        self.assertNotIn(settings.SITE_URL + "/news/draft-news/", locations)

    @override_settings(PAGE_CACHE_SECONDS=60)
    def test_news_pages_are_cached_and_refreshed_when_they_change(self):
        cache.clear()
        self.addCleanup(cache.clear)
        page = self.make_news_page(status=Status.PUBLISHED)
        self.assertContains(self.client.get(page.get_absolute_url()), "Open day")
        self.NewsPage.objects.filter(pk=page.pk).update(title="Changed behind the cache's back")
        self.assertContains(self.client.get(page.get_absolute_url()), "Open day")
        with self.captureOnCommitCallbacks(execute=True):
            page.title = "Open day, new date"
            page.save()
        self.assertContains(self.client.get(page.get_absolute_url()), "Open day, new date")

    def test_marketing_editors_write_and_publish_news_pages_in_the_admin(self):
        editor = make_marketing_editor()
        self.client.force_login(editor)
        add = reverse("admin:news_newspage_add")
        data = {"title": "Open day", "slug": "open-day", "summary": "S.", "body": "B."}
        self.client.post(add, data | {"change_note": "", "_review": "Save and review"})
        page = self.NewsPage.objects.get(slug="open-day")
        publish = reverse("admin:news_newspage_publish", args=[page.pk])
        seen = self.client.get(publish).context["form"]["seen"].value()
        self.client.post(publish, {"action": "publish", "note": "", "seen": seen})
        page.refresh_from_db()
        self.assertTrue(page.is_live())
        self.assertEqual(Revision.objects.for_page(page).first().created_by, editor)
        self.client.logout()
        self.assertContains(self.client.get("/news/open-day/"), "<h1>Open day</h1>", html=True)

    def test_a_scheduled_take_down_is_carried_out(self):
        page = self.make_news_page(status=Status.PUBLISHED, take_down_at="2020-01-01T09:00Z")
        run = services.schedules_apply()
        self.assertEqual(run.taken_down, [f"news page: {page}"])
