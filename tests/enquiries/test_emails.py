import socket
from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enquiries import services
from enquiries.models import Enquiry, OutboundEmail
from genesis_site.mail_url import mailer_from_url
from tests.enquiries.support import form_data, immediate_tasks
from tests.factories import make_centre, make_outbound_email, make_therapy

URL = reverse("enquiries:create")
RECEIVED = datetime(2026, 12, 1, 15, 15, tzinfo=UTC)


def refused_port() -> int:
    """A port on 127.0.0.1 with nothing listening: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


smtp_down = override_settings(
    MAILERS={"default": mailer_from_url(f"smtp://127.0.0.1:{refused_port()}", timeout=1)}
)


@immediate_tasks
@time_machine.travel(RECEIVED, tick=False)
class EnquiryEmailContentTests(TestCase):
    """What each email says, and to whom: nothing the enquirer typed reaches staff."""

    @classmethod
    def setUpTestData(cls):
        cls.centre = make_centre(name="Windsor", enquiry_email="windsor@example.org")
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.centre.therapies.add(cls.therapy)
        cls.centre_without_inbox = make_centre(enquiry_email="")

    def submit(self, **overrides):
        data = form_data(
            full_name="Margaret Hughes",
            message="I have a neuroendocrine tumour in my pancreas.",
            funding="insurance",
            insurer="Bupa",
            **overrides,
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(URL, data)
        enquiry = Enquiry.objects.get()
        by_kind = {email.kind: email for email in enquiry.emails.all()}
        sent = {message.to[0]: message for message in mail.outbox}
        return enquiry, by_kind, sent

    def test_acknowledgement_gives_reference_and_reply_by_time_and_no_health_details(self):
        enquiry, _, sent = self.submit(centre=self.centre.pk)
        message = sent["margaret@example.org"]
        self.assertEqual(message.subject, f"We have your enquiry: {enquiry.reference}")
        self.assertIn("Dear Margaret Hughes,", message.body)
        self.assertIn(f"Your reference is {enquiry.reference}.", message.body)
        self.assertIn("We will reply by 3:15pm on Wednesday 2 December (UK time).", message.body)
        self.assertIn("call 01753 465 493", message.body)
        self.assertIn("In an emergency, call 999", message.body)
        for typed in ("neuroendocrine", "Bupa", "07911", "7911123456", "Windsor"):
            self.assertNotIn(typed, message.body)
        self.assertEqual(message.reply_to, ["theranostics@example.org"])

    def test_centre_notification_names_due_time_therapy_and_centre_and_no_health_data(self):
        enquiry, _, sent = self.submit(
            centre=self.centre.pk,
            therapy=self.therapy.pk,
            needs_interpreter="on",
            interpreter_language="Polish",
        )
        message = sent["windsor@example.org"]
        self.assertEqual(message.subject, f"New enquiry {enquiry.reference}")
        self.assertEqual(
            message.body,
            "A new enquiry has arrived.\n\n"
            f"Reference: {enquiry.reference}\n"
            "Received: 3:15pm on Tuesday 1 December (UK time)\n"
            "Reply due by: 3:15pm on Wednesday 2 December (UK time)\n"
            "Treatment asked about: Lutetium therapy\n"
            "Centre: Windsor\n\n"
            "Open it in the triage queue (staff sign-in needed):\n"
            f"http://127.0.0.1:8000/admin/enquiries/enquiry/{enquiry.pk}/change/\n",
        )

    def test_centre_without_an_inbox_notifies_the_triage_inbox(self):
        self.submit(centre=self.centre_without_inbox.pk)
        self.assertIn(["theranostics@example.org"], [m.to for m in mail.outbox])

    @override_settings(ENQUIRY_TRIAGE_EMAIL="triage@example.org")
    def test_no_preferred_centre_notifies_the_triage_inbox(self):
        _, by_kind, _ = self.submit()
        self.assertEqual(by_kind["centre_notification"].to_address, "triage@example.org")

    def test_each_email_keeps_one_message_id(self):
        _, by_kind, sent = self.submit()
        acknowledgement = by_kind["acknowledgement"]
        self.assertRegex(acknowledgement.message_id, r"^<.+@127\.0\.0\.1>$")
        self.assertEqual(
            sent["margaret@example.org"].extra_headers["Message-ID"], acknowledgement.message_id
        )


@immediate_tasks
class DeliveryTests(TestCase):
    """The send-once and retry rules of services.outbound_email_deliver()."""

    def queue(self):
        return make_outbound_email(to_address="someone@example.org")

    def test_an_email_is_sent_once_however_often_it_is_delivered(self):
        email = self.queue()
        results = [services.outbound_email_deliver(email_id=email.pk) for _ in range(3)]
        self.assertEqual(results, ["sent", "not due", "not due"])
        self.assertEqual(len(mail.outbox), 1)
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 1))

    def test_an_email_already_being_sent_is_left_alone(self):
        email = self.queue()
        OutboundEmail.objects.filter(pk=email.pk).update(status="sending")
        self.assertEqual(services.outbound_email_deliver(email_id=email.pk), "not due")
        self.assertEqual(mail.outbox, [])

    @smtp_down
    @override_settings(ENQUIRY_EMAIL_RETRY_SECONDS=60, ENQUIRY_EMAIL_RETRY_MAX_SECONDS=3600)
    def test_failures_back_off_and_are_logged_without_personal_data(self):
        email = self.queue()
        start = timezone.now()
        delays = []
        for attempt in range(1, 9):
            with time_machine.travel(start + timedelta(days=attempt), tick=False):
                with self.assertLogs("enquiries.services", "WARNING") as logs:
                    self.assertEqual(services.outbound_email_deliver(email_id=email.pk), "retry")
                email.refresh_from_db()
                delays.append((email.next_attempt_at - timezone.now()).total_seconds())
        self.assertEqual(delays, [60, 120, 240, 480, 960, 1920, 3600, 3600])
        self.assertEqual(email.attempts, 8)
        self.assertIn("ConnectionRefusedError", email.last_error)
        self.assertNotIn("someone@example.org", logs.output[0])

    @smtp_down
    @override_settings(ENQUIRY_EMAIL_MAX_ATTEMPTS=2)
    def test_after_the_last_attempt_the_email_is_marked_failed(self):
        email = self.queue()
        with self.assertLogs("enquiries.services", "WARNING"):
            services.outbound_email_deliver(email_id=email.pk)
        with (
            time_machine.travel(timezone.now() + timedelta(hours=1), tick=False),
            self.assertLogs("enquiries.services", "ERROR"),
        ):
            self.assertEqual(services.outbound_email_deliver(email_id=email.pk), "failed")
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts, email.next_attempt_at), ("failed", 2, None))


@immediate_tasks
class ResendTests(TestCase):
    def resend(self, email):
        with self.captureOnCommitCallbacks(execute=True):
            return services.outbound_email_resend(email=email)

    def test_a_failed_email_is_sent_again_in_place(self):
        email = make_outbound_email(status="failed", attempts=30, next_attempt_at=None)
        self.assertEqual(self.resend(email).pk, email.pk)
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 1))
        self.assertEqual(len(mail.outbox), 1)

    def test_a_sent_email_is_copied_so_the_history_stays_true(self):
        sent_at = timezone.now() - timedelta(hours=2)
        email = make_outbound_email(
            status="sent", attempts=1, sent_at=sent_at, next_attempt_at=None
        )
        copy = self.resend(email)
        self.assertNotEqual(copy.pk, email.pk)
        self.assertNotEqual(copy.message_id, email.message_id)
        email.refresh_from_db()
        self.assertEqual(email.sent_at, sent_at)
        self.assertEqual(OutboundEmail.objects.filter(status="sent").count(), 2)

    def test_an_email_being_sent_is_not_resent(self):
        email = make_outbound_email(status="sending")
        self.assertIsNone(self.resend(email))
        self.assertEqual(mail.outbox, [])


@immediate_tasks
class RecoveryCommandTests(TestCase):
    def run_command(self, *args):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("retry_outbound_emails", *args, stdout=out)
        return out.getvalue()

    def test_email_left_sending_by_a_killed_worker_is_sent_again(self):
        killed = make_outbound_email(
            status="sending", attempts=1, claimed_at=timezone.now() - timedelta(minutes=20)
        )
        still_sending = make_outbound_email(
            status="sending", attempts=1, claimed_at=timezone.now() - timedelta(minutes=1)
        )
        output = self.run_command()
        self.assertIn("Re-queued 1 email(s) left sending by a stopped worker", output)
        killed.refresh_from_db()
        still_sending.refresh_from_db()
        self.assertEqual((killed.status, killed.attempts), ("sent", 2))
        self.assertEqual(still_sending.status, "sending")
        self.assertEqual(len(mail.outbox), 1)

    def test_email_whose_task_was_lost_is_enqueued_again(self):
        lost = make_outbound_email(next_attempt_at=timezone.now() - timedelta(minutes=30))
        waiting = make_outbound_email(next_attempt_at=timezone.now() - timedelta(minutes=1))
        output = self.run_command()
        self.assertIn("and 1 email(s) whose task was lost", output)
        lost.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual(lost.status, "sent")
        self.assertEqual(waiting.status, "queued")

    def test_dry_run_changes_nothing(self):
        make_outbound_email(status="sending", claimed_at=timezone.now() - timedelta(hours=1))
        make_outbound_email(next_attempt_at=timezone.now() - timedelta(hours=1))
        output = self.run_command("--dry-run")
        self.assertIn("Would re-queue 1 email(s) left sending by a stopped worker and 1", output)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(OutboundEmail.objects.filter(status="sending").count(), 1)

    def test_running_twice_sends_nothing_twice(self):
        make_outbound_email(next_attempt_at=timezone.now() - timedelta(hours=1))
        self.run_command()
        self.run_command()
        self.assertEqual(len(mail.outbox), 1)
