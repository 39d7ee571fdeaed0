"""Open now / closed now, worked out on the London wall clock."""

from datetime import UTC, date, datetime, time

import time_machine
from django.test import TestCase

from centres.models import Weekday
from tests.factories import make_centre, make_opening_exception, make_opening_hours


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


class WeekdayHoursTests(TestCase):
    """Monday to Friday 9am to 5pm, closed at weekends (March 2026 is GMT, UTC+0)."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()
        for day in range(Weekday.MONDAY, Weekday.SATURDAY):
            make_opening_hours(cls.centre, day, time(9), time(17))
        make_opening_hours(cls.centre, Weekday.SATURDAY)

    def test_open_during_the_day_with_closing_time(self):
        with time_machine.travel(utc(2026, 3, 2, 10, 0), tick=False):  # Monday
            status = self.centre.opening_status()
        self.assertTrue(status.is_open)
        self.assertEqual(status.change_day, "today")
        self.assertEqual(status.changes_at, datetime(2026, 3, 2, 17, 0))

    def test_closed_before_opening_and_opens_today(self):
        status = self.centre.opening_status(utc(2026, 3, 2, 8, 59))
        self.assertFalse(status.is_open)
        self.assertEqual((status.change_day, status.changes_at.time()), ("today", time(9)))

    def test_closing_time_is_closed(self):
        status = self.centre.opening_status(utc(2026, 3, 2, 17, 0))
        self.assertFalse(status.is_open)
        self.assertEqual(status.change_day, "tomorrow")

    def test_weekend_closed_and_opens_monday(self):
        # Saturday has an explicit closed row, Sunday has no row at all: both are closed.
        for moment, change_day in [
            (utc(2026, 3, 7, 12, 0), "Monday"),
            (utc(2026, 3, 8, 12, 0), "tomorrow"),
        ]:
            with self.subTest(moment=moment):
                status = self.centre.opening_status(moment)
                self.assertFalse(status.is_open)
                self.assertEqual(status.change_day, change_day)
                self.assertEqual(status.changes_at, datetime(2026, 3, 9, 9, 0))

    def test_opening_status_uses_the_current_time_when_given_none(self):
        with time_machine.travel(utc(2026, 3, 4, 12, 0), tick=False):
            self.assertTrue(self.centre.opening_status().is_open)
        with time_machine.travel(utc(2026, 3, 4, 20, 0), tick=False):
            self.assertFalse(self.centre.opening_status().is_open)

    def test_no_hours_at_all_is_closed_with_no_next_opening(self):
        status = make_centre().opening_status(utc(2026, 3, 2, 10, 0))
        self.assertFalse(status.is_open)
        self.assertIsNone(status.changes_at)


class PastMidnightTests(TestCase):
    """A late session on Friday, 10pm to 2am, that ends on Saturday morning."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()
        make_opening_hours(cls.centre, Weekday.FRIDAY, time(22), time(2))

    def test_open_before_midnight_closes_tomorrow(self):
        status = self.centre.opening_status(utc(2026, 3, 6, 23, 0))
        self.assertTrue(status.is_open)
        self.assertEqual((status.change_day, status.changes_at.time()), ("tomorrow", time(2)))

    def test_still_open_after_midnight_on_saturday(self):
        status = self.centre.opening_status(utc(2026, 3, 7, 1, 30))
        self.assertTrue(status.is_open)
        self.assertEqual((status.change_day, status.changes_at.time()), ("today", time(2)))

    def test_closed_once_the_session_ends(self):
        status = self.centre.opening_status(utc(2026, 3, 7, 2, 0))
        self.assertFalse(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 3, 13, 22, 0))

    def test_back_to_back_sessions_across_midnight_close_once(self):
        centre = make_centre()
        make_opening_hours(centre, Weekday.MONDAY, time(20), time(0))
        make_opening_hours(centre, Weekday.TUESDAY, time(0), time(3))
        status = centre.opening_status(utc(2026, 3, 2, 23, 0))
        self.assertTrue(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 3, 3, 3, 0))

    def test_closing_at_midnight_is_today(self):
        centre = make_centre()
        make_opening_hours(centre, Weekday.MONDAY, time(18), time(0))
        status = centre.opening_status(utc(2026, 3, 2, 20, 0))
        self.assertTrue(status.is_open)
        self.assertEqual((status.change_day, status.changes_at), ("today", datetime(2026, 3, 3)))


class ExceptionTests(TestCase):
    """Bank holidays and special hours replace the usual hours for that date."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()
        for day in range(Weekday.MONDAY, Weekday.SATURDAY):
            make_opening_hours(cls.centre, day, time(8), time(18))
        make_opening_exception(cls.centre, date(2026, 5, 25), reason="Spring bank holiday")
        make_opening_exception(
            cls.centre, date(2026, 12, 24), time(8), time(13), reason="Christmas Eve"
        )
        make_opening_exception(cls.centre, date(2026, 6, 6), time(10), time(14), reason="Open day")

    def test_bank_holiday_monday_is_closed(self):
        with time_machine.travel(utc(2026, 5, 25, 11, 0), tick=False):  # noon BST
            status = self.centre.opening_status()
        self.assertFalse(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 5, 26, 8, 0))

    def test_the_next_opening_skips_a_bank_holiday(self):
        status = self.centre.opening_status(utc(2026, 5, 22, 19, 0))  # Friday 8pm BST
        self.assertEqual(status.changes_at, datetime(2026, 5, 26, 8, 0))
        self.assertEqual(status.change_day, "Tuesday")

    def test_special_hours_close_early(self):
        self.assertTrue(self.centre.opening_status(utc(2026, 12, 24, 12, 0)).is_open)
        status = self.centre.opening_status(utc(2026, 12, 24, 13, 30))
        self.assertFalse(status.is_open)

    def test_special_opening_on_a_usually_closed_saturday(self):
        status = self.centre.opening_status(utc(2026, 6, 6, 10, 0))  # 11am BST
        self.assertTrue(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 6, 6, 14, 0))

    def test_usual_hours_resume_the_day_after(self):
        self.assertTrue(self.centre.opening_status(utc(2026, 5, 26, 9, 0)).is_open)

    def test_exception_replaces_the_session_starting_that_day_only(self):
        # Friday night runs into a Saturday closure: the Friday session still ends at 2am.
        centre = make_centre()
        make_opening_hours(centre, Weekday.FRIDAY, time(22), time(2))
        make_opening_exception(centre, date(2026, 3, 7), reason="Closed for building work")
        self.assertTrue(centre.opening_status(utc(2026, 3, 7, 1, 0)).is_open)


class ClockChangeTests(TestCase):
    """British Summer Time: 29 March 2026 (01:00 UTC) to 25 October 2026 (01:00 UTC)."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre()
        for day in range(Weekday.MONDAY, Weekday.SATURDAY):
            make_opening_hours(cls.centre, day, time(9), time(17))
        make_opening_hours(cls.centre, Weekday.SATURDAY, time(22), time(6))
        make_opening_hours(cls.centre, Weekday.SUNDAY, time(9), time(12))

    def test_spring_forward_morning_opens_at_9am_summer_time(self):
        # 08:30 UTC is 09:30 BST: open, though a UTC clock would still say 08:30.
        with time_machine.travel(utc(2026, 3, 29, 8, 30), tick=False):
            self.assertTrue(self.centre.opening_status().is_open)
        self.assertFalse(self.centre.opening_status(utc(2026, 3, 29, 7, 59)).is_open)  # 08:59 BST

    def test_spring_forward_first_weekday(self):
        self.assertTrue(self.centre.opening_status(utc(2026, 3, 30, 8, 0)).is_open)  # 09:00 BST
        self.assertFalse(self.centre.opening_status(utc(2026, 3, 30, 16, 0)).is_open)  # 17:00 BST

    def test_overnight_session_loses_an_hour_in_spring(self):
        self.assertTrue(self.centre.opening_status(utc(2026, 3, 29, 0, 59)).is_open)  # 00:59 GMT
        self.assertTrue(self.centre.opening_status(utc(2026, 3, 29, 4, 30)).is_open)  # 05:30 BST
        status = self.centre.opening_status(utc(2026, 3, 29, 5, 0))  # 06:00 BST
        self.assertFalse(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 3, 29, 9, 0))

    def test_last_summer_time_friday_closes_at_5pm_bst(self):
        self.assertFalse(self.centre.opening_status(utc(2026, 10, 23, 16, 30)).is_open)  # 17:30 BST

    def test_fall_back_first_weekday_still_open_at_4_30pm_gmt(self):
        # A clock stuck on summer time would say 17:30 and closed.
        with time_machine.travel(utc(2026, 10, 26, 16, 30), tick=False):
            status = self.centre.opening_status()
        self.assertTrue(status.is_open)
        self.assertEqual(status.changes_at, datetime(2026, 10, 26, 17, 0))

    def test_overnight_session_gains_an_hour_in_autumn(self):
        self.assertTrue(self.centre.opening_status(utc(2026, 10, 25, 5, 30)).is_open)  # 05:30 GMT
        self.assertFalse(self.centre.opening_status(utc(2026, 10, 25, 6, 0)).is_open)  # 06:00 GMT
        self.assertTrue(
            self.centre.opening_status(utc(2026, 10, 25, 9, 0)).is_open
        )  # Sunday 9am GMT
