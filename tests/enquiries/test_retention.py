from datetime import UTC, datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from enquiries import reports
from enquiries.models import Enquiry, EnquiryNote, ErasureRecord
from outbox.models import OutboundEmail
from outbox.tasks import send_email
from tests.factories import (
    make_closed_enquiry,
    make_enquiry,
    make_enquiry_note,
    make_outbound_email,
    make_staff_user,
)

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
FORMSET = ("TOTAL_FORMS", "INITIAL_FORMS")


def retention(*args: str) -> str:
    out = StringIO()
    call_command("apply_enquiry_retention", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
class RetentionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.expired = make_closed_enquiry(closed_days_ago=366, full_name="Olive Old")
        cls.expired_spam = make_closed_enquiry(closed_days_ago=400, status=Enquiry.Status.SPAM)
        cls.recent = make_closed_enquiry(closed_days_ago=364)
        cls.open_for_long = make_enquiry(received_hours_ago=24 * 800)
        for enquiry in (cls.expired, cls.recent):
            email = make_outbound_email(about=enquiry)
            make_enquiry_note(enquiry, text="Prefers a call after 2pm.")
            # Enqueued in the database queue, as the site does (tests use it too).
            send_email.enqueue(email.pk)

    def test_erases_what_the_enquirer_sent_a_year_after_closing(self):
        self.assertIn("Erased the personal details of 2 enquiry(s)", retention())

        self.expired.refresh_from_db()
        for field in Enquiry.PERSONAL_FIELDS:
            self.assertEqual(getattr(self.expired, field), "", field)
        self.assertEqual(self.expired.anonymised_at, NOW)
        self.assertFalse(EnquiryNote.objects.filter(enquiry=self.expired).exists())
        self.assertFalse(OutboundEmail.objects.filter(enquiry=self.expired).exists())
        task_emails = [task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()]
        self.assertEqual(task_emails, [self.recent.emails.get().pk])
        self.assertEqual(
            Enquiry.objects.filter(anonymised_at__isnull=True).count(), 2, "recent and open kept"
        )

    def test_keeps_enquiries_closed_less_long_ago_and_open_ones(self):
        retention()
        for enquiry in (self.recent, self.open_for_long):
            enquiry.refresh_from_db()
            self.assertTrue(enquiry.full_name)
            self.assertIsNone(enquiry.anonymised_at)
        self.assertEqual((self.recent.notes.count(), self.recent.emails.count()), (1, 1))

    def test_the_response_report_still_counts_erased_enquiries(self):
        period = {"start": self.expired.received_at.date(), "end": self.expired.received_at.date()}
        before = reports.sla_report(**period).overall
        retention()
        self.assertEqual(reports.sla_report(**period).overall, before)
        self.assertEqual(before.received, 1)

    def test_running_again_erases_nothing_more_and_records_each_run_that_did(self):
        retention()
        self.assertIn("Erased the personal details of 0 enquiry(s)", retention())
        record = ErasureRecord.objects.get()
        self.assertEqual(
            (record.reason, record.enquiries, record.user, record.username),
            (ErasureRecord.Reason.RETENTION, 2, None, ""),
        )

    def test_dry_run_counts_and_changes_nothing(self):
        self.assertIn("Would erase the personal details of 2 enquiry(s)", retention("--dry-run"))
        self.assertEqual(Enquiry.objects.filter(anonymised_at__isnull=False).count(), 0)
        self.assertEqual(OutboundEmail.objects.count(), 2)
        self.assertFalse(ErasureRecord.objects.exists())

    @override_settings(ENQUIRY_RETENTION_DAYS=30)
    def test_the_retention_period_is_a_setting(self):
        self.assertIn("Erased the personal details of 3 enquiry(s)", retention())
        self.assertIn("closed more than 30 days ago", retention())


@time_machine.travel(NOW, tick=False)
class ClosingTimeTests(TestCase):
    """The retention clock starts when an enquiry is closed, however it is closed."""

    def setUp(self):
        self.client.force_login(make_staff_user())

    def test_closing_in_admin_starts_the_clock_and_reopening_stops_it(self):
        enquiry = make_enquiry()
        url = enquiry.get_admin_url()
        form = {
            "status": "closed",
            "assignee": "",
            **{f"{inline}-{count}": "0" for inline in ("notes", "emails") for count in FORMSET},
        }
        self.client.post(url, form)
        enquiry.refresh_from_db()
        self.assertEqual((enquiry.status, enquiry.closed_at), ("closed", NOW))

        self.client.post(url, form | {"status": "in_progress"})
        enquiry.refresh_from_db()
        self.assertEqual((enquiry.status, enquiry.closed_at), ("in_progress", None))

    def test_marking_as_spam_starts_the_clock(self):
        enquiry = make_enquiry()
        self.client.post(
            reverse("admin:enquiries_enquiry_changelist"),
            {"action": "mark_as_spam", "_selected_action": [enquiry.pk]},
        )
        enquiry.refresh_from_db()
        self.assertEqual((enquiry.status, enquiry.closed_at), ("spam", NOW))
