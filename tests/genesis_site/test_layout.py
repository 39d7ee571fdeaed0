from urllib.parse import urlsplit

from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from tests.factories import make_centre, make_therapy
from tests.genesis_site.outline import PageOutline

CLINIC = {
    "name": "Riverside Clinic",
    "service_name": "Riverside Theranostics",
    "phone": "020 7946 0321",
    "email": "help@riverside.example",
}


def outline(response) -> PageOutline:
    return PageOutline(response.content.decode())


class PageFrameTests(TestCase):
    """What every reader meets before the page's own content, checked on the home page."""

    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy()
        cls.centre = make_centre()

    def setUp(self):
        with override_settings(CLINIC=CLINIC):
            self.page = outline(self.client.get(reverse("pages:home")))

    def test_page_is_in_british_english(self):
        self.assertEqual(self.page.lang, "en-GB")

    def test_skip_link_is_the_first_thing_tab_reaches(self):
        tag, attrs = self.page.focusable[0]
        self.assertEqual((tag, attrs.get("class")), ("a", "skip-link"))
        self.assertEqual(attrs.get("href"), "#main-content")
        self.assertIn("main-content", self.page.ids)
        self.assertEqual(self.page.links[0].text, "Skip to main content")

    def test_page_has_one_h1(self):
        self.assertEqual(len(self.page.h1s()), 1)

    def test_main_navigation_links_to_each_section(self):
        self.assertEqual(
            self.page.links_in("Main"),
            {
                "Therapies": reverse("therapies:list"),
                "Centres": reverse("centres:list"),
                "Our specialists": reverse("centres:specialist_list"),
                "Make an enquiry": reverse("enquiries:create"),
            },
        )

    def test_header_shows_the_service_and_a_phone_link_from_settings(self):
        header = self.page.links_in("header")
        self.assertEqual(header["Riverside Theranostics"], reverse("pages:home"))
        self.assertEqual(header["020 7946 0321"], "tel:+442079460321")

    def test_footer_has_contact_details_and_the_site_policies(self):
        footer = self.page.links_in("footer") | self.page.links_in("Footer")
        self.assertEqual(footer["020 7946 0321"], "tel:+442079460321")
        self.assertEqual(footer["help@riverside.example"], "mailto:help@riverside.example")
        self.assertEqual(footer["Our centres"], reverse("centres:list"))
        for text, slug in [
            ("Privacy notice", "privacy"),
            ("Accessibility statement", "accessibility"),
            ("Terms of use", "terms"),
        ]:
            self.assertEqual(footer[text], reverse("pages:page", kwargs={"slug": slug}))

    def test_title_names_the_clinic(self):
        with override_settings(CLINIC=CLINIC):
            response = self.client.get(reverse("pages:home"))
        self.assertContains(response, "| Riverside Clinic</title>")

    def test_stylesheets_and_script_come_from_our_own_static_files(self):
        response = self.client.get(reverse("pages:home"))
        for tag in [
            '<link rel="stylesheet" href="/static/dist/site.css">',
            '<link rel="stylesheet" href="/static/dist/print.css" media="print">',
            '<script src="/static/dist/site.js" defer></script>',
        ]:
            self.assertContains(response, tag, html=True)

    def test_frame_links_stay_on_the_site(self):
        for link in self.page.links:
            with self.subTest(href=link.href):
                self.assertFalse(urlsplit(link.href).netloc, "links stay on our own site")


class CurrentSectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()

    def current(self, url) -> dict[str, str]:
        """``{link text: aria-current}`` for the marked links of the main navigation."""
        return {
            link.text: link.aria_current
            for link in outline(self.client.get(url)).links
            if link.landmark == "Main" and link.aria_current
        }

    def test_section_page_is_marked_as_the_current_page(self):
        self.assertEqual(self.current(reverse("centres:list")), {"Centres": "page"})

    def test_page_inside_a_section_marks_the_section(self):
        self.assertEqual(self.current(self.centre.get_absolute_url()), {"Centres": "true"})

    def test_home_page_marks_no_section(self):
        self.assertEqual(self.current(reverse("pages:home")), {})


class NavigationTagTests(SimpleTestCase):
    template = Template("{% load layout %}{% site_header %}")

    def render(self, path=None) -> str:
        request = RequestFactory().get(path) if path else None
        return self.template.render(Context({"request": request} if request else {}))

    def test_without_a_request_nothing_is_marked(self):
        self.assertNotIn("aria-current", self.render())

    def test_exact_page_and_section_and_elsewhere(self):
        therapies = '<a href="/therapies/"{}>Therapies</a>'
        self.assertInHTML(therapies.format(' aria-current="page"'), self.render("/therapies/"))
        self.assertInHTML(therapies.format(' aria-current="true"'), self.render("/therapies/x/"))
        self.assertInHTML(therapies.format(""), self.render("/centres/"))


class PhoneLinkTests(SimpleTestCase):
    def render(self, phone: str) -> str:
        return Template("{% load layout %}{{ phone|tel_uri }}").render(Context({"phone": phone}))

    def test_uk_number_dials_from_abroad_too(self):
        self.assertEqual(self.render("01753 465 493"), "tel:+441753465493")

    def test_international_number_is_kept(self):
        self.assertEqual(self.render("+353 1 234 5678"), "tel:+35312345678")

    def test_unreadable_number_still_gives_a_link_rather_than_an_error(self):
        self.assertEqual(self.render("ask at reception"), "tel:askatreception")


class EveryPageTests(TestCase):
    """Crawl the demo site from the home page: every page keeps the shared frame."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        make_therapy()
        make_centre()

    def test_every_linked_page_has_the_frame_one_h1_and_no_inline_code(self):
        to_visit, seen = [reverse("pages:home")], set()
        while to_visit:
            path = to_visit.pop()
            if path in seen:
                continue
            seen.add(path)
            response = self.client.get(path)
            with self.subTest(path=path):
                self.assertEqual(response.status_code, 200)
                page = outline(response)
                self.assertEqual(page.focusable[0][1].get("href"), "#main-content")
                self.assertEqual(len(page.h1s()), 1, page.h1s())
                self.assertEqual(
                    (page.style_attributes, page.style_elements, page.inline_scripts),
                    (0, 0, 0),
                    "the Content-Security-Policy blocks inline style and script",
                )
            to_visit += [
                link.href.split("#")[0]
                for link in page.links
                if link.href.startswith("/") and not link.href.startswith(("/admin/", "/static/"))
            ]
        # The header and footer alone link to eight pages.
        self.assertGreaterEqual(len(seen), 8)
