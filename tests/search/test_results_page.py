"""The results page, as a patient uses it: their own words find the clinical page."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from search.models import Synonym
from tests.factories import (
    make_centre_with_address,
    make_faq,
    make_side_effect,
    make_site_page,
    make_specialist,
    make_therapy,
    make_therapy_section,
)

URL = reverse("search:results")


def titles(response) -> list[str]:
    return [result.title for result in response.context["found"].results]


class DemoContentTests(TestCase):
    """The issue's "done when": tried as a new user would, on the demo content."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    def test_tummy_pain_after_the_drip_finds_the_side_effects_section(self):
        response = self.client.get(URL, {"q": "tummy pain after the drip"})
        first = response.context["found"].results[0]
        self.assertEqual(first.title, "Side effects and how we help")
        self.assertEqual(first.url, "/therapies/177lu-octreotate/#side-effects")
        # "drip" found "infusion" through the demo synonyms, and both are marked.
        self.assertIn("<mark>tummy</mark>", first.snippet)
        self.assertIn("<mark>infusion</mark>", first.snippet)
        self.assertContains(response, '<a href="/therapies/177lu-octreotate/#side-effects">')

    def test_a_brand_name_finds_the_therapy_page_first(self):
        response = self.client.get(URL, {"q": "Lutathera"})
        first = response.context["found"].results[0]
        self.assertEqual(first.url, "/therapies/177lu-octreotate/")
        self.assertContains(response, "Best match · Therapy page")


class ResultsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(
            title="Radioligand therapy", slug="radioligand", summary="Treats tumours."
        )
        make_therapy_section(cls.therapy, heading="Before you start", body="A scan.", order=1)
        make_therapy_section(
            cls.therapy, heading="Coming home", body="You can *drive* home.", order=2
        )
        make_side_effect(cls.therapy, name="Dry mouth", management="Sip water often.")
        make_faq(cls.therapy, question="Can I travel abroad?", answer="Ask your team first.")
        make_site_page(title="Terms of use", slug="terms", body="These terms apply.")
        make_centre_with_address(name="GenesisCare Leeds", slug="leeds", parking="A car park.")
        make_specialist(name="Ada Lovelace", slug="ada", summary="Treats thyroid cancer.")

    def test_sections_and_questions_link_to_their_place_on_the_page(self):
        pairs = {
            "drive": "/therapies/radioligand/#section-2",
            "dry mouth": "/therapies/radioligand/#side-effects",
            "abroad": "/therapies/radioligand/#questions",
        }
        for text, url in pairs.items():
            with self.subTest(text):
                found = self.client.get(URL, {"q": text}).context["found"]
                self.assertEqual([result.url for result in found.results], [url])

    def test_site_pages_centres_and_specialists_are_found(self):
        pairs = {"terms apply": "Terms of use", "car park": "GenesisCare Leeds"}
        pairs |= {"thyroid": "Dr Ada Lovelace"}
        for text, title in pairs.items():
            with self.subTest(text):
                self.assertEqual(titles(self.client.get(URL, {"q": text})), [title])

    def test_words_match_by_their_stem(self):
        self.assertEqual(titles(self.client.get(URL, {"q": "driving"})), ["Coming home"])
        self.assertEqual(titles(self.client.get(URL, {"q": "scans"})), ["Before you start"])

    def test_a_title_match_ranks_above_a_mention_in_the_text(self):
        make_site_page(title="Thyroid cancer", slug="thyroid", body="About the thyroid.")
        self.assertEqual(
            titles(self.client.get(URL, {"q": "thyroid"})), ["Thyroid cancer", "Dr Ada Lovelace"]
        )

    def test_every_word_must_match_until_no_page_has_them_all(self):
        found = self.client.get(URL, {"q": "dry mouth"}).context["found"]
        self.assertEqual([r.title for r in found.results], ["Side effects and how we help"])
        response = self.client.get(URL, {"q": "dry scan"})
        self.assertFalse(response.context["found"].has_every_word)
        self.assertContains(response, "No page has all of your words.")
        self.assertEqual(
            sorted(titles(response)), ["Before you start", "Side effects and how we help"]
        )

    def test_editors_synonyms_find_the_words_our_pages_use(self):
        self.assertEqual(titles(self.client.get(URL, {"q": "xerostomia"})), [])
        Synonym.objects.create(term="xerostomia", alternatives="dry mouth")
        self.assertEqual(
            titles(self.client.get(URL, {"q": "Xerostomia"})), ["Side effects and how we help"]
        )

    def test_the_count_is_in_the_title_and_the_only_h1(self):
        response = self.client.get(URL, {"q": "drive"})
        self.assertContains(response, "<title>1 result for “drive”", html=False)
        self.assertContains(response, "<h1>1 result for “drive”</h1>", html=True)
        self.assertEqual(response.content.decode().count("<h1"), 1)

    def test_matched_words_are_marked_and_everything_else_escaped(self):
        make_site_page(slug="signs", title="Signs", body="Check that 2 < 3 & 4 > 1, safely.")
        response = self.client.get(URL, {"q": "safely"})
        self.assertContains(response, "2 &lt; 3 &amp; 4 &gt; 1, <mark>safely</mark>", html=False)

    def test_nothing_found_says_so_and_what_to_do(self):
        response = self.client.get(URL, {"q": "xyzzy"})
        self.assertContains(response, "<h1>No results for “xyzzy”</h1>", html=True)
        self.assertContains(response, "Check the spelling")
        self.assertContains(response, reverse("centres:list"))

    def test_stop_words_alone_find_nothing_and_ask_for_words(self):
        response = self.client.get(URL, {"q": "the and"})
        self.assertContains(response, "Type the words you are looking for")

    def test_without_a_search_it_shows_the_box(self):
        response = self.client.get(URL)
        self.assertContains(response, "<h1>Search this site</h1>", html=True)
        self.assertContains(response, 'role="search" aria-label="Search this site"', html=False)

    def test_a_search_too_long_gets_an_error_next_to_the_box(self):
        response = self.client.get(URL, {"q": "x" * 101})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<title>Error: Search this site", html=False)
        self.assertContains(response, "Enter a search of 100 characters or fewer", count=2)

    def test_results_pages_are_not_for_search_engines_and_set_no_cookie(self):
        response = self.client.get(URL, {"q": "drive"})
        self.assertContains(response, '<meta name="robots" content="noindex">', html=True)
        self.assertEqual(response.cookies, {})


class HeaderSearchBoxTests(TestCase):
    def test_every_page_has_a_labelled_search_box_that_needs_no_javascript(self):
        therapy = make_therapy()
        for path in ["/", therapy.get_absolute_url(), "/no/such/page/"]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertContains(
                    response,
                    '<form class="site-search" method="get" action="/search/" role="search" '
                    'aria-label="Site search">',
                    html=False,
                    status_code=response.status_code,
                )
                self.assertContains(
                    response,
                    '<label class="visually-hidden" for="site-search-q">Search this site</label>',
                    html=True,
                    status_code=response.status_code,
                )
