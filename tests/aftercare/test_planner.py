"""A patient types the date of a treatment and gets a dated plan; nothing is stored."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.aftercare.support import date_query, make_therapy_with_aftercare, planner_url
from tests.factories import make_therapy

TODAY = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/London"))
TREATED = date(2027, 3, 3)  # a Wednesday


@time_machine.travel(TODAY, tick=False)
class PlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy_with_aftercare()

    def plan(self, **query):
        return self.client.get(planner_url(self.therapy, **query))

    def test_the_therapy_page_offers_the_planner_with_the_usual_days(self):
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(
            response, '<h2 id="after-treatment-dates">Your dates after treatment</h2>'
        )
        self.assertContains(
            response,
            "<li><strong>Sleep in a separate bed</strong>: from the day of treatment until 9 days "
            "after it.</li>",
            html=True,
        )
        self.assertContains(
            response,
            "<li><strong>Blood test</strong>: about 14 days after treatment.</li>",
            html=True,
        )
        self.assertContains(response, f'<form method="get" action="{planner_url(self.therapy)}"')
        self.assertContains(response, '<label class="form-label" for="treated-day">Day</label>')

    def test_a_therapy_without_steps_has_no_planner(self):
        therapy = make_therapy()
        self.assertNotContains(self.client.get(therapy.get_absolute_url()), "after-treatment")
        self.assertEqual(self.client.get(planner_url(therapy)).status_code, 404)

    def test_a_date_gives_each_step_its_dates(self):
        response = self.plan(**date_query(TREATED))
        self.assertContains(response, "After 177Lu-octreotate therapy on")
        self.assertContains(response, '<time datetime="2027-03-03">Wednesday 3 March 2027</time>')
        row = re.search(r"Sleep in a separate bed.*?</tr>", response.content.decode(), re.DOTALL)[0]
        self.assertIn("Wednesday 3 March 2027", row)
        self.assertIn('<time datetime="2027-03-12">Friday 12 March 2027</time>', row)
        self.assertContains(
            response,
            '<li>Blood test: around <time datetime="2027-03-17">Wednesday 17 March 2027</time>'
            "</li>",
            html=True,
        )
        self.assertContains(
            response,
            'Window for your next treatment: between <time datetime="2027-04-28">Wednesday 28 '
            'April 2027</time> and <time datetime="2027-05-26">Wednesday 26 May 2027</time>.',
        )

    def test_the_page_says_the_patients_own_team_gives_the_days(self):
        response = self.plan(**date_query(TREATED))
        self.assertContains(response, "Your own team gives you your exact days.")
        self.assertContains(response, "It works out nothing about your treatment or your dose.")

    def test_answers_are_never_kept_by_a_browser_or_cache(self):
        for query in [date_query(TREATED), {"day": "31", "month": "2", "year": "2027"}, {}]:
            with self.subTest(query=query):
                cache_control = self.plan(**query)["Cache-Control"]
                self.assertIn("no-store", cache_control)
                self.assertIn("private", cache_control)

    def test_nothing_is_written_to_the_database(self):
        urls = [
            planner_url(self.therapy, **date_query(TREATED)),
            planner_url(self.therapy, "calendar", **date_query(TREATED)),
            planner_url(self.therapy, "travel_card", **date_query(TREATED)),
        ]
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 200)
        writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
        self.assertEqual(writes, [])

    def test_links_to_the_calendar_and_travel_card_keep_the_date(self):
        response = self.plan(**date_query(TREATED))
        calendar = planner_url(self.therapy, "calendar", **date_query(TREATED))
        self.assertContains(response, f'href="{calendar.replace("&", "&amp;")}" download')
        card = planner_url(self.therapy, "travel_card", **date_query(TREATED))
        self.assertContains(response, f'href="{card.replace("&", "&amp;")}"')

    def test_the_travel_card_names_the_treatment_its_date_and_how_long_to_carry_it(self):
        response = self.client.get(planner_url(self.therapy, "travel_card", **date_query(TREATED)))
        self.assertContains(
            response,
            "I had 177Lu-octreotate therapy, a treatment with a radioactive medicine, on "
            '<time datetime="2027-03-03">Wednesday 3 March 2027</time>.',
        )
        self.assertContains(response, 'until about <time datetime="2027-04-02">')
        self.assertContains(response, "01753 465 493")
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_print_buttons_need_javascript_so_they_start_hidden(self):
        response = self.plan(**date_query(TREATED))
        self.assertContains(response, '<li class="plan-actions__print" hidden>')
        self.assertContains(response, "dist/aftercare.js")


@time_machine.travel(TODAY, tick=False)
class BadDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy_with_aftercare()

    def assertDateError(self, query: dict, field: str, message: str):
        response = self.client.get(planner_url(self.therapy, **query))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<title>Error: ")
        # In the error summary, linked to the box to correct...
        self.assertContains(
            response, f'<li><a href="#treated-{field}">{message}</a></li>', html=True
        )
        # ...and next to the boxes, which say they are wrong.
        self.assertContains(
            response,
            f'<p id="treated-error" class="invalid-feedback d-block">'
            f'<span class="visually-hidden">Error:</span> {message}</p>',
            html=True,
        )
        self.assertContains(response, 'aria-describedby="treated-hint treated-error"')
        self.assertRegex(
            response.content.decode(), rf'id="treated-{field}"[^>]*aria-invalid="true"'
        )
        self.assertNotContains(response, "At home: precautions")

    def test_empty(self):
        self.assertDateError(
            {"day": "", "month": "", "year": ""}, "day", "Enter the date of your treatment"
        )

    def test_a_missing_part(self):
        self.assertDateError(
            {"day": "3", "month": "", "year": "2027"},
            "month",
            "The date of your treatment must include a month",
        )

    def test_impossible_dates(self):
        example = "for example, 27 3 2026"
        self.assertDateError(
            {"day": "31", "month": "2", "year": "2027"},
            "day",
            f"The date of your treatment must be a real date, {example}",
        )
        self.assertDateError(
            {"day": "3", "month": "13", "year": "2027"},
            "month",
            f"The date of your treatment must be a real date, {example}",
        )
        self.assertDateError(
            {"day": "third", "month": "3", "year": "2027"},
            "day",
            f"Enter the date in numbers, {example}",
        )
        self.assertDateError(
            {"day": "3", "month": "3", "year": "27"},
            "year",
            f"Enter the year in 4 numbers, {example}",
        )
        self.assertDateError(
            {"day": "³", "month": "3", "year": "2027"},
            "day",
            f"Enter the date in numbers, {example}",
        )

    def test_far_past_and_far_future(self):
        self.assertDateError(
            {"day": "28", "month": "2", "year": "2026"},
            "year",
            "The date must be after 1 March 2026. For an earlier treatment, ask your team about "
            "your dates",
        )
        self.assertDateError(
            {"day": "2", "month": "3", "year": "2028"},
            "year",
            "The date must be before 29 February 2028",
        )

    def test_a_year_either_side_of_today_is_accepted(self):
        for day in (date(2026, 3, 1), date(2028, 2, 29)):
            with self.subTest(day=day):
                response = self.client.get(planner_url(self.therapy, **date_query(day)))
                self.assertNotContains(response, "There is a problem")
                self.assertContains(response, "At home: precautions")

    def test_the_calendar_and_travel_card_send_a_bad_date_back_to_the_form(self):
        query = {"day": "31", "month": "2", "year": "2027"}
        for name in ("calendar", "travel_card"):
            with self.subTest(name=name):
                response = self.client.get(planner_url(self.therapy, name, **query))
                self.assertRedirects(response, planner_url(self.therapy, **query))


class DemoAftercareTests(TestCase):
    def test_demo_days_are_marked_as_demo_values_with_their_published_source(self):
        call_command("load_demo_content", verbosity=0)
        response = self.client.get(
            "/therapies/177lu-octreotate/after-treatment/?"
            + "&".join(f"{k}={v}" for k, v in date_query(date.today()).items())
        )
        self.assertContains(response, "Where these days come from:")
        self.assertContains(
            response,
            '<a href="https://doi.org/10.1186/s40658-019-0243-1">Demo value, the average from '
            "Levart and others",
        )
        self.assertContains(response, "Demo value, from Guy&#x27;s and St Thomas&#x27;")
        for step in ["Sleep in a separate bed", "Flush the toilet twice, with the lid down"]:
            self.assertContains(response, step)
