"""Every public page has the same head for search engines and link previews: a canonical
link and Open Graph tags on settings.SITE_URL, from the page's one PageMeta."""

from html.parser import HTMLParser

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.enquiries.support import form_data
from tests.factories import make_therapy
from tests.therapies.test_seo import parse_head

SITE_URL = "https://www.example.org"


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def site_links(response) -> list[str]:
    links = LinkCollector()
    links.feed(response.text)
    return [
        href.split("#")[0]
        for href in links.hrefs
        if href.startswith("/") and not href.startswith(("/admin/", "/static/"))
    ]


@override_settings(SITE_URL=SITE_URL)
class EveryPublicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        cls.therapy = make_therapy()

    def assert_page_head(self, path, *, indexed=True):
        response = self.client.get(path, follow=True)
        self.assertEqual(response.status_code, 200)
        head = parse_head(response)
        canonical = SITE_URL + response.request["PATH_INFO"]
        self.assertEqual(head.canonical, canonical)
        self.assertEqual(head.meta["og:url"], canonical)
        self.assertEqual(head.meta["og:title"] + " | GenesisCare", head.title.strip())
        self.assertTrue(head.meta["description"])
        self.assertEqual(head.meta["og:description"], head.meta["description"])
        self.assertTrue(head.meta["og:type"])
        self.assertEqual(head.meta["og:site_name"], "GenesisCare Theranostics")
        self.assertEqual(head.meta.get("robots") is None, indexed)
        return response

    def test_every_page_linked_from_the_home_page(self):
        to_visit, seen = [reverse("pages:home")], set()
        while to_visit:
            path = to_visit.pop()
            if path in seen:
                continue
            seen.add(path)
            with self.subTest(path=path):
                response = self.assert_page_head(path)
            to_visit += site_links(response)
        self.assertTrue(
            {
                reverse("centres:list"),
                "/centres/windsor/",
                reverse("centres:specialist_list"),
                reverse("enquiries:create"),
            }
            <= seen
        )

    def test_pages_only_for_the_visitor_in_front_of_them_are_not_indexed(self):
        feedback = reverse("therapies:feedback", kwargs={"slug": self.therapy.slug})
        thanks = reverse("therapies:feedback_thanks", kwargs={"slug": self.therapy.slug})
        self.assert_page_head(feedback, indexed=False)
        self.assert_page_head(thanks, indexed=False)
        self.client.post(reverse("enquiries:create"), form_data())
        self.assert_page_head(reverse("enquiries:sent"), indexed=False)
