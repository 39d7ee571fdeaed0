import csv
import io
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.test import TestCase
from django.urls import reverse

from enquiries.models import Enquiry
from enquiries.reports import sla_report
from tests.factories import make_centre, make_enquiry, make_triage_user

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # Tuesday
REPORT = reverse("admin:enquiries_enquiry_report")
PERIOD = {"start": "2026-11-23", "end": "2026-12-01"}


def received(day, hour=10, *, replied_after_hours=None, **fields):
    at = datetime(2026, 11, 1, hour, tzinfo=UTC) + timedelta(days=day - 1)
    if replied_after_hours is not None:
        fields |= {
            "first_response_at": at + timedelta(hours=replied_after_hours),
            "first_response_method": "phone",
            "status": Enquiry.Status.RESPONDED,
        }
    return make_enquiry(received_at=at, **fields)


@time_machine.travel(NOW, tick=False)
class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        windsor = make_centre(name="Windsor")
        received(24, centre=windsor, replied_after_hours=2)  # met
        received(25, centre=windsor, replied_after_hours=30)  # missed
        received(28)  # overdue, no reply yet
        received(30, replied_after_hours=4)  # met
        received(31, hour=11)  # 1 December: still inside its 24 hours
        received(26, status=Enquiry.Status.SPAM)  # left out
        received(10, replied_after_hours=1)  # before the period

    def test_figures_overall_by_centre_and_by_week(self):
        report = sla_report(start=date(2026, 11, 23), end=date(2026, 12, 1))
        rows = [
            (
                f.label,
                f.received,
                f.met,
                f.breaches,
                f.pending,
                f.percent_within_promise,
                f.median_response,
                f.p90_response,
            )
            for _, figures in report.sections
            for f in figures
        ]
        hours = lambda n: timedelta(hours=n)  # noqa: E731
        self.assertEqual(
            rows,
            [
                ("All enquiries", 5, 2, 2, 1, 50.0, hours(4), hours(30)),
                ("No preference", 3, 1, 1, 1, 50.0, hours(4), hours(4)),
                ("Windsor", 2, 1, 1, 0, 50.0, hours(16), hours(30)),
                ("Week of Mon 23 Nov 2026", 3, 1, 2, 0, 100 / 3, hours(16), hours(30)),
                ("Week of Mon 30 Nov 2026", 2, 1, 0, 1, 100.0, hours(4), hours(4)),
            ],
        )

    def test_report_page_for_triage_staff(self):
        self.client.force_login(make_triage_user())
        response = self.client.get(REPORT, PERIOD)
        self.assertContains(response, "Enquiry response report")
        self.assertContains(response, "<caption>By centre</caption>", html=True)
        self.assertContains(response, '<th scope="row">Windsor</th>', html=True)
        self.assertContains(response, "50%")
        self.assertContains(response, "16h 0m")
        self.assertContains(response, "?start=2026-11-23&amp;end=2026-12-01&amp;format=csv")

    def test_report_defaults_to_the_last_four_weeks(self):
        self.client.force_login(make_triage_user())
        response = self.client.get(REPORT)
        self.assertContains(response, 'value="2026-11-04"')
        self.assertContains(response, 'value="2026-12-01"')

    def test_csv_download(self):
        self.client.force_login(make_triage_user())
        response = self.client.get(REPORT, PERIOD | {"format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(
            "enquiry-response-2026-11-23-to-2026-12-01.csv", response["Content-Disposition"]
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0][:3], ["Group", "Label", "Received"])
        self.assertEqual(
            rows[1],
            ["Overall", "All enquiries", "5", "2", "2", "1", "50", "4.0", "30.0", "0", "0", "0"],
        )
        self.assertEqual(
            rows[3],
            ["By centre", "Windsor", "2", "1", "1", "0", "50", "16.0", "30.0", "0", "0", "0"],
        )
        self.assertEqual(len(rows), 6)

    def test_csv_cells_cannot_become_formulas(self):
        received(30, centre=make_centre(name="=HYPERLINK(1)"))
        # A tab before the formula still makes a spreadsheet run it.
        received(30, centre=make_centre(name="\t=HYPERLINK(2)"))
        self.client.force_login(make_triage_user())
        response = self.client.get(REPORT, PERIOD | {"format": "csv"})
        labels = [row[1] for row in csv.reader(io.StringIO(response.content.decode()))]
        self.assertIn("'=HYPERLINK(1)", labels)
        self.assertIn("'\t=HYPERLINK(2)", labels)

    def test_bad_period_shows_an_error_and_no_figures(self):
        self.client.force_login(make_triage_user())
        response = self.client.get(REPORT, {"start": "2026-12-01", "end": "2026-11-01"})
        self.assertContains(response, "The end date must be on or after the start date")
        self.assertNotContains(response, "<caption>Overall</caption>")
        response = self.client.get(REPORT, {"start": "yesterday", "end": ""})
        self.assertContains(response, "Enter a valid date")

    def test_only_staff_who_may_see_enquiries(self):
        response = self.client.get(REPORT)
        self.assertRedirects(response, f"{reverse('admin:login')}?next={REPORT}")
