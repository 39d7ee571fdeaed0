"""/centres/: every active centre, filtered by therapy and searched by town or postcode."""

import re
from datetime import UTC, date, datetime, time

import time_machine
from django.test import TestCase
from django.urls import reverse

from centres.models import Weekday
from tests.factories import (
    make_centre_with_address,
    make_opening_exception,
    make_opening_hours,
    make_therapy,
    make_windsor_centre,
)


def card(response, slug: str) -> str:
    """The HTML of one centre's card on the list page."""
    after_heading = response.content.decode().split(f'id="centre-{slug}-name"')[1]
    return after_heading.split("</article>")[0]


class CentreListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lutetium = make_therapy(title="177Lu-octreotate therapy", slug="177lu-octreotate")
        cls.other = make_therapy(title="Radioiodine therapy", slug="radioiodine")
        cls.windsor = make_windsor_centre(therapies=[cls.lutetium])
        cls.oxford = make_centre_with_address(
            name="GenesisCare Oxford",
            slug="oxford",
            address_line_1="Peters Way",
            address_line_2="Sandy Lane West",
            town="Oxford",
            postcode="OX4 6LB",
            phone="01865 224 884",
            latitude="51.723829",
            longitude="-1.218116",
            therapies=[cls.other],
        )
        make_centre_with_address(name="Closed Centre", town="Windsor", is_published=False)
        cls.url = reverse("centres:list")

    def names(self, response) -> list[str]:
        return [centre.name for centre in response.context["centres"]]

    def test_every_active_centre_as_a_card(self):
        response = self.client.get(self.url)
        self.assertEqual(self.names(response), ["GenesisCare Oxford", "GenesisCare Windsor"])
        self.assertContains(response, "<h1>Our centres</h1>", html=True)
        self.assertContains(response, "69 Alma Road")
        self.assertContains(response, '<a href="tel:+441753465493">01753 465 493</a>', html=True)
        self.assertContains(
            response,
            f'<a href="{self.lutetium.get_absolute_url()}">177Lu-octreotate therapy</a>',
            html=True,
        )
        self.assertNotContains(response, "Closed Centre")

    def test_filter_by_therapy(self):
        response = self.client.get(self.url, {"therapy": "177lu-octreotate"})
        self.assertEqual(self.names(response), ["GenesisCare Windsor"])
        self.assertContains(response, "1 centre")
        self.assertContains(response, "offering 177Lu-octreotate therapy")
        self.assertContains(response, '<option value="177lu-octreotate" selected>', html=False)

    def test_search_by_name_ignores_case(self):
        response = self.client.get(self.url, {"q": "  genesisCARE oxford "})
        self.assertEqual(self.names(response), ["GenesisCare Oxford"])
        self.assertContains(response, "matching “genesisCARE oxford”")

    def test_search_by_street(self):
        response = self.client.get(self.url, {"q": "sandy lane"})
        self.assertEqual(self.names(response), ["GenesisCare Oxford"])

    def test_therapy_and_name_together(self):
        response = self.client.get(self.url, {"therapy": "radioiodine", "q": "Peters Way"})
        self.assertEqual(self.names(response), ["GenesisCare Oxford"])

    def test_no_match_gives_a_helpful_message(self):
        make_therapy(title="Radium therapy", slug="radium")
        response = self.client.get(self.url, {"therapy": "radium", "q": "Oxford"})
        self.assertEqual(self.names(response), [])
        self.assertContains(response, "No centres match your search")
        self.assertContains(
            response, "We could not find a centre offering Radium therapy for “Oxford”."
        )
        self.assertContains(response, "Choose “Any therapy”")
        self.assertContains(response, f'<a href="{self.url}">Show all our centres</a>', html=True)
        self.assertContains(response, 'href="tel:+441753465493"')

    def test_unknown_therapy_is_a_form_error_not_a_crash(self):
        response = self.client.get(self.url, {"therapy": "<script>", "q": "Oxford"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<title>Error: Our centres | GenesisCare</title>")
        self.assertContains(response, "There is a problem")
        self.assertContains(
            response, '<a href="#id_therapy">Choose a therapy from the list.</a>', html=True
        )
        self.assertContains(response, 'id="id_therapy_error"')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertEqual(len(self.names(response)), 2)

    def test_overlong_search_is_a_form_error(self):
        response = self.client.get(self.url, {"q": "x" * 61})
        self.assertContains(response, "Enter a town or postcode of 60 characters or fewer.")

    def test_unpublished_therapies_are_not_offered(self):
        draft = make_therapy(title="Draft therapy", is_published=False)
        self.windsor.therapies.add(draft)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Draft therapy")
        response = self.client.get(self.url, {"therapy": draft.slug})
        self.assertContains(response, "Choose a therapy from the list.")

    def test_works_without_javascript(self):
        response = self.client.get(self.url)
        html = response.content.decode()
        self.assertContains(response, '<form method="get" action="/centres/"')
        # The location button is hidden until the script shows it.
        self.assertRegex(html, r"<button[^>]*data-centres-locate hidden>")
        self.assertContains(response, 'src="/static/dist/centres-distance.js" defer')
        self.assertContains(response, 'data-latitude="51.479361" data-longitude="-0.615993"')
        # Only external scripts and JSON-LD data: the CSP forbids inline code.
        for script in re.findall(r"<script[^>]*>", html):
            self.assertTrue("src=" in script or "application/ld+json" in script, script)
        self.assertNotIn("style=", html)

    def test_open_now_on_each_card(self):
        make_opening_hours(self.windsor, Weekday.MONDAY, time(8), time(18))
        make_opening_exception(self.oxford, date(2026, 3, 2), reason="Staff training")
        with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
            response = self.client.get(self.url)
        windsor, oxford = card(response, "windsor"), card(response, "oxford")
        self.assertIn("Open now", windsor)
        self.assertIn("Closes today at 6pm", windsor)
        self.assertIn("Closed now", oxford)
        self.assertNotIn("Open now", oxford)


class CentreListQueryCountTests(TestCase):
    """Form choices, centres, therapies, hours, exceptions: five queries at any size."""

    @classmethod
    def setUpTestData(cls):
        cls.therapies = [make_therapy() for _ in range(3)]

    def add_centres(self, count: int):
        for _ in range(count):
            centre = make_centre_with_address(therapies=self.therapies)
            for day in Weekday:
                make_opening_hours(centre, day, time(9), time(17))
            make_opening_exception(centre, date(2099, 12, 25))

    def assert_two_queries_for(self, total: int):
        # The centres with their hours, exceptions and therapies; the form's therapy choices.
        # Measured on a second visit: the first fills the shared cache (the footer's promise).
        self.client.get(reverse("centres:list"))
        with self.assertNumQueries(2):
            response = self.client.get(reverse("centres:list"), {"therapy": "", "q": ""})
        self.assertEqual(len(response.context["centres"]), total)

    def test_query_count_does_not_grow(self):
        self.add_centres(2)
        self.assert_two_queries_for(2)
        self.add_centres(4)
        self.assert_two_queries_for(6)
