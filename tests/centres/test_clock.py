from datetime import datetime, time

from django.test import SimpleTestCase

from genesis_site.uk_time import clock


class ClockFilterTests(SimpleTestCase):
    def test_times_as_patients_read_them(self):
        cases = [
            (time(8), "8am"),
            (time(17, 30), "5:30pm"),
            (time(12), "midday"),
            (time(0), "midnight"),
            (time(12, 15), "12:15pm"),
            (time(0, 30), "12:30am"),
            (datetime(2026, 3, 2, 9, 5), "9:05am"),
            (None, ""),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(clock(value), expected)
