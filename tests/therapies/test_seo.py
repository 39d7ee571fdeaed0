import json
from html.parser import HTMLParser
from xml.etree import ElementTree

from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import make_side_effect, make_site_page, make_therapy

SITE_URL = "https://www.example.org"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class HeadParser(HTMLParser):
    """Collects a page's <title>, <meta>/<link> attributes and JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.meta = {}
        self.canonical = None
        self.jsonld = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "title":
            self._in = "title"
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "script"
            self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld[-1] += data


def parse_head(response) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def structured_data(response) -> dict[str, dict]:
    """The page's JSON-LD objects by @type; json.loads fails the test on invalid JSON."""
    return {data["@type"]: data for data in map(json.loads, parse_head(response).jsonld)}


@override_settings(SITE_URL=SITE_URL)
class HeadTagTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy", summary="Treats NETs.")
        cls.page = make_site_page(slug="privacy", title="Privacy notice", summary="Our notice.")
        cls.urls = [
            reverse("pages:home"),
            reverse("therapies:list"),
            cls.therapy.get_absolute_url(),
            cls.page.get_absolute_url(),
        ]

    def test_every_page_has_a_unique_title_and_a_canonical_url_on_the_site_url(self):
        heads = [parse_head(self.client.get(url)) for url in self.urls]
        self.assertEqual(len({head.title for head in heads}), len(self.urls))
        for url, head in zip(self.urls, heads, strict=True):
            with self.subTest(url=url):
                self.assertEqual(head.canonical, SITE_URL + url)
                self.assertEqual(head.meta["og:url"], SITE_URL + url)
                self.assertTrue(head.meta["description"])
                self.assertEqual(head.meta["og:description"], head.meta["description"])

    def test_canonical_url_ignores_the_query_string(self):
        head = parse_head(self.client.get(self.therapy.get_absolute_url() + "?utm_source=x"))
        self.assertEqual(head.canonical, SITE_URL + self.therapy.get_absolute_url())

    def test_therapy_page_uses_the_summary_as_description_and_open_graph(self):
        head = parse_head(self.client.get(self.therapy.get_absolute_url()))
        self.assertTrue(head.title.startswith("177Lu-octreotate therapy"))
        self.assertEqual(head.meta["description"], "Treats NETs.")
        self.assertEqual(head.meta["og:title"], "177Lu-octreotate therapy")
        self.assertEqual(head.meta["og:type"], "article")

    def test_every_page_has_parseable_json_ld(self):
        for url in self.urls:
            with self.subTest(url=url):
                self.assertTrue(structured_data(self.client.get(url)))


@override_settings(SITE_URL=SITE_URL)
class TherapyJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy")
        make_side_effect(cls.therapy, name="Tiredness")

    def test_medical_web_page_about_the_therapy_with_last_reviewed(self):
        data = structured_data(self.client.get(self.therapy.get_absolute_url()))
        page = data["MedicalWebPage"]
        self.assertEqual(page["@context"], "https://schema.org")
        self.assertEqual(page["lastReviewed"], self.therapy.last_reviewed.isoformat())
        self.assertEqual(page["url"], SITE_URL + self.therapy.get_absolute_url())
        for key in ["about", "mainEntity"]:
            with self.subTest(key=key):
                self.assertEqual(page[key]["@type"], "MedicalTherapy")
                self.assertEqual(page[key]["name"], "177Lu-octreotate therapy")
                self.assertEqual(page[key]["adverseOutcome"][0]["name"], "Tiredness")

    def test_breadcrumb_list(self):
        data = structured_data(self.client.get(self.therapy.get_absolute_url()))
        items = data["BreadcrumbList"]["itemListElement"]
        self.assertEqual([item["position"] for item in items], [1, 2, 3])
        self.assertEqual(
            [item["name"] for item in items], ["Home", "Therapies", "177Lu-octreotate therapy"]
        )
        self.assertEqual(items[1]["item"], f"{SITE_URL}/therapies/")

    def test_editor_text_cannot_close_the_script_element(self):
        attack = "</script><script>alert(1)</script><!--"
        therapy = make_therapy(title=f"Evil {attack}", summary=f"Evil {attack}")
        make_side_effect(therapy, name=attack)
        response = self.client.get(therapy.get_absolute_url())
        self.assertNotContains(response, "<script>alert(1)")
        for block in parse_head(response).jsonld:
            self.assertNotIn("<", block)
        data = structured_data(response)
        self.assertEqual(data["MedicalWebPage"]["name"], f"Evil {attack}")
        self.assertEqual(data["MedicalWebPage"]["about"]["adverseOutcome"][0]["name"], attack)
        self.assertEqual(data["BreadcrumbList"]["itemListElement"][-1]["name"], f"Evil {attack}")


@override_settings(SITE_URL=SITE_URL)
class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.published = [make_therapy(), make_site_page()]
        cls.drafts = [make_therapy(is_published=False), make_site_page(is_published=False)]

    def sitemap_locations(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response["Content-Type"], "application/xml")
        root = ElementTree.fromstring(response.content)
        return {loc.text for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)}

    def test_lists_home_the_therapy_list_and_published_pages_only(self):
        expected = {SITE_URL + "/", SITE_URL + "/therapies/"} | {
            SITE_URL + page.get_absolute_url() for page in self.published
        }
        self.assertEqual(self.sitemap_locations(), expected)

    def test_robots_txt_points_to_the_sitemap_and_never_names_the_secret_admin_path(self):
        # The admin keeps crawlers out itself (noindex, behind a login).
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        self.assertContains(response, "User-agent: *\nDisallow:\n")
        self.assertNotContains(response, reverse("admin:index"))
        self.assertContains(response, f"Sitemap: {SITE_URL}/sitemap.xml")
