"""The plan as an .ics file that calendar apps import: all-day events, RFC 5545 to the letter."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import time_machine
from django.test import TestCase

from tests.aftercare.support import date_query, make_therapy_with_aftercare, planner_url
from tests.factories import make_aftercare_step

NOW = datetime(2027, 3, 1, 12, tzinfo=ZoneInfo("Europe/London"))
TREATED = date(2027, 3, 3)


@time_machine.travel(NOW, tick=False)
class CalendarFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy_with_aftercare()
        make_aftercare_step(
            cls.therapy,
            title="Keep close contact with children “short”",
            advice="Hugs are fine, but don’t hold a child on your lap for long: a few minutes "
            "at a time is fine, and anyone pregnant should sit a little further away from you.",
            first_day=0,
            last_day=9,
        )

    def setUp(self):
        self.response = self.client.get(
            planner_url(self.therapy, "calendar", **date_query(TREATED))
        )

    def events(self) -> dict[str, list]:
        calendar = icalendar.Calendar.from_ical(self.response.content)
        events = {}
        for event in calendar.walk("VEVENT"):
            events.setdefault(str(event["SUMMARY"]), []).append(event)
        return events

    def test_it_downloads_as_a_calendar_file_that_is_never_cached(self):
        self.assertEqual(self.response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(
            self.response["Content-Disposition"],
            f'attachment; filename="after-{self.therapy.slug}.ics"',
        )
        self.assertIn("no-store", self.response["Cache-Control"])

    def test_each_step_is_an_all_day_event_on_its_dates(self):
        events = self.events()
        expected = {
            # summary: [(first day, day after the last day)], DTEND being exclusive
            "Sleep in a separate bed": [(date(2027, 3, 3), date(2027, 3, 13))],
            "Flush the toilet twice": [(date(2027, 3, 3), date(2027, 3, 7))],
            "Blood test": [
                (date(2027, 3, 17), date(2027, 3, 18)),
                (date(2027, 3, 31), date(2027, 4, 1)),
            ],
            "Window for your next treatment": [(date(2027, 4, 28), date(2027, 5, 27))],
            "Carry your travel card": [(date(2027, 3, 3), date(2027, 4, 3))],
            "Keep close contact with children “short”": [(date(2027, 3, 3), date(2027, 3, 13))],
        }
        self.assertEqual(
            {
                summary: sorted((e["DTSTART"].dt, e["DTEND"].dt) for e in found)
                for summary, found in events.items()
            },
            expected,
        )
        for found in events.values():
            for event in found:
                # A date, not a datetime: an all-day event, with no alarm to ignore.
                self.assertIs(type(event["DTSTART"].dt), date)
                self.assertEqual(event["DTSTART"].params["VALUE"], "DATE")
                self.assertFalse(event.walk("VALARM"))

    def test_events_have_unique_ids_a_timestamp_and_say_the_team_decides(self):
        events = [event for found in self.events().values() for event in found]
        self.assertEqual(len({str(event["UID"]) for event in events}), len(events))
        for event in events:
            self.assertEqual(event["DTSTAMP"].dt, NOW)
            self.assertIn("Your own team gives you your exact days", str(event["DESCRIPTION"]))
            self.assertEqual(str(event["TRANSP"]), "TRANSPARENT")
        calendar = icalendar.Calendar.from_ical(self.response.content)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertIn("PRODID", calendar)

    def test_lines_end_in_crlf_and_fold_at_75_octets(self):
        raw = self.response.content
        self.assertTrue(raw.endswith(b"\r\n"))
        lines = raw.split(b"\r\n")[:-1]
        self.assertNotIn(b"\n", b"".join(lines), "a bare LF")
        self.assertTrue(all(len(line) <= 75 for line in lines), "a line over 75 octets")
        # The long description of the step with curly quotes was folded, and unfolds whole.
        self.assertTrue(any(line.startswith(b" ") for line in lines))
        description = next(
            str(event["DESCRIPTION"])
            for event in icalendar.Calendar.from_ical(raw).walk("VEVENT")
            if "“short”" in str(event["SUMMARY"])
        )
        self.assertIn("don’t hold a child on your lap for long: a few minutes", description)

    def test_importing_the_same_plan_again_updates_rather_than_doubles(self):
        again = self.client.get(planner_url(self.therapy, "calendar", **date_query(TREATED)))

        def uids(content: bytes) -> set[str]:
            events = icalendar.Calendar.from_ical(content).walk("VEVENT")
            return {str(event["UID"]) for event in events}

        self.assertEqual(uids(again.content), uids(self.response.content))
        later = self.client.get(
            planner_url(self.therapy, "calendar", **date_query(TREATED + timedelta(days=56)))
        )
        self.assertFalse(uids(later.content) & uids(self.response.content))
