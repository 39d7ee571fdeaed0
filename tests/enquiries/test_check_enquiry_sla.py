from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from enquiries import services
from enquiries.models import Enquiry
from outbox.models import OutboundEmail
from tests.enquiries.support import immediate_tasks
from tests.factories import make_enquiry, make_staff_user

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@immediate_tasks
@override_settings(ENQUIRY_TRIAGE_EMAIL="triage@example.org")
@time_machine.travel(NOW, tick=False)
class CheckEnquirySlaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.on_track = make_enquiry(received_hours_ago=2)
        cls.due_soon = make_enquiry(received_hours_ago=21)
        cls.overdue = make_enquiry(received_hours_ago=25)
        cls.answered_late = make_enquiry(
            received_hours_ago=30,
            first_response_at=NOW - timedelta(hours=1),
            first_response_method="phone",
            status=Enquiry.Status.RESPONDED,
        )
        cls.spam = make_enquiry(received_hours_ago=30, status=Enquiry.Status.SPAM)

    def run_command(self, *args):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("check_enquiry_sla", *args, stdout=out, verbosity=2)
        return out.getvalue()

    def test_alerts_the_triage_inbox_about_due_soon_and_overdue_enquiries(self):
        output = self.run_command()
        self.assertIn("Due soon: 1 alert(s) queued.", output)
        self.assertIn("Overdue: 1 alert(s) queued.", output)
        self.assertEqual(
            sorted((m.to[0], m.subject) for m in mail.outbox),
            sorted(
                [
                    ("triage@example.org", f"Reply due soon: {self.due_soon.reference}"),
                    ("triage@example.org", f"Reply overdue: {self.overdue.reference}"),
                ]
            ),
        )
        overdue_alert = next(m for m in mail.outbox if "overdue" in m.subject)
        self.assertIn("We promised to reply by 11am on Tuesday 1 December", overdue_alert.body)
        self.assertIn(f"/admin/enquiries/enquiry/{self.overdue.pk}/change/", overdue_alert.body)
        self.assertNotIn(self.overdue.full_name, overdue_alert.body)

    def test_running_again_sends_nothing_new(self):
        self.run_command()
        output = self.run_command()
        self.assertIn("Due soon: 0 alert(s) queued.", output)
        self.assertIn("Overdue: 0 alert(s) queued.", output)
        self.assertEqual(len(mail.outbox), 2)

    def test_one_alert_per_state_as_an_enquiry_moves_from_due_soon_to_overdue(self):
        self.run_command()
        with time_machine.travel(NOW + timedelta(hours=4), tick=False):
            output = self.run_command()
        self.assertIn(f"Overdue: 1 alert(s) queued.\n  {self.due_soon.reference}", output)
        self.assertEqual(len(mail.outbox), 3)

    def test_within_sets_how_far_ahead_to_look(self):
        output = self.run_command("--within", "23")
        self.assertIn("Due soon: 2 alert(s) queued.", output)
        self.assertIn(self.on_track.reference, output)

    def test_dry_run_sends_and_records_nothing(self):
        output = self.run_command("--dry-run")
        self.assertIn("Due soon: 1 alert(s) would be queued.\n  " + self.due_soon.reference, output)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(OutboundEmail.objects.exists())
        self.assertEqual(len(self.run_command().splitlines()), 4)

    def test_alerts_show_on_the_enquiry(self):
        self.run_command()
        self.assertQuerySetEqual(
            self.overdue.emails.values_list("kind", "status"), [("overdue_alert", "sent")]
        )

    def test_an_erased_enquiry_gets_no_alerts(self):
        # Erasure deletes its emails, earlier alerts included; nobody could reply anyway.
        services.enquiries_erase_on_request(email=self.overdue.email, by=make_staff_user())
        output = self.run_command()
        self.assertIn("Overdue: 0 alert(s) queued.", output)
