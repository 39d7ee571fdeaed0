"""The outbox's rules: each email sent once, retried with backoff, queued once per key,
committed with its task, resent at staff's request, and rescued when its worker died or
its task was lost."""

import socket
from datetime import timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import delivery, services
from outbox.models import OutboundEmail
from tests.enquiries.support import immediate_tasks, smtp_mailer
from tests.factories import make_enquiry, make_outbound_email, make_triage_user


def refused_port() -> int:
    """A port on 127.0.0.1 with nothing listening: every connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


smtp_down = smtp_mailer(refused_port())


@immediate_tasks
class DeliveryTests(TestCase):
    """The send-once and retry rules of outbox.delivery.deliver()."""

    def queue(self):
        return make_outbound_email(to_address="someone@example.org")

    def deliver(self, email) -> str:
        return delivery.deliver(email_id=email.pk).outcome

    def test_an_email_is_sent_once_however_often_it_is_delivered(self):
        email = self.queue()
        self.assertEqual([self.deliver(email) for _ in range(3)], ["sent", "not due", "not due"])
        self.assertEqual(len(mail.outbox), 1)
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 1))

    def test_an_email_already_being_sent_is_left_alone(self):
        email = self.queue()
        OutboundEmail.objects.filter(pk=email.pk).update(status="sending")
        self.assertEqual(self.deliver(email), "not due")
        self.assertEqual(mail.outbox, [])

    @smtp_down
    @override_settings(EMAIL_RETRY_SECONDS=60, EMAIL_RETRY_MAX_SECONDS=3600)
    def test_failures_back_off_and_are_logged_without_personal_data(self):
        email = self.queue()
        start = timezone.now()
        delays = []
        for attempt in range(1, 9):
            with time_machine.travel(start + timedelta(days=attempt), tick=False):
                with self.assertLogs("outbox.delivery", "WARNING") as logs:
                    self.assertEqual(self.deliver(email), "retry")
                email.refresh_from_db()
                delays.append((email.next_attempt_at - timezone.now()).total_seconds())
        self.assertEqual(delays, [60, 120, 240, 480, 960, 1920, 3600, 3600])
        self.assertEqual(email.attempts, 8)
        self.assertIn("ConnectionRefusedError", email.last_error)
        self.assertNotIn("someone@example.org", logs.output[0])

    @smtp_down
    @override_settings(EMAIL_MAX_ATTEMPTS=2)
    def test_after_the_last_attempt_the_email_is_marked_failed(self):
        email = self.queue()
        with self.assertLogs("outbox.delivery", "WARNING"):
            self.deliver(email)
        with (
            time_machine.travel(timezone.now() + timedelta(hours=1), tick=False),
            self.assertLogs("outbox.delivery", "ERROR"),
        ):
            self.assertEqual(self.deliver(email), "failed")
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts, email.next_attempt_at), ("failed", 2, None))


@immediate_tasks
class QueueOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.enquiry = make_enquiry()

    def queue(self, *, once_key: str, to: str = "triage@example.org", about=None):
        with self.captureOnCommitCallbacks(execute=True):
            return services.email_queue(
                about=about or self.enquiry,
                kind="overdue_alert",
                template="enquiries/email/overdue_alert",
                context={"enquiry": about or self.enquiry, "admin_url": "https://example.org/"},
                to=to,
                once_key=once_key,
            )

    def test_the_same_key_about_the_same_thing_to_the_same_address_is_queued_once(self):
        self.assertIsNotNone(self.queue(once_key="overdue_alert"))
        self.assertIsNone(self.queue(once_key="overdue_alert"))
        self.assertEqual([m.subject for m in mail.outbox], [f"Reply overdue: {self.enquiry}"])

    def test_another_key_address_or_subject_is_another_email(self):
        self.queue(once_key="overdue_alert")
        self.queue(once_key="overdue_alert", to="deputy@example.org")
        self.queue(once_key="overdue_alert", about=make_enquiry())
        self.queue(once_key="")
        self.queue(once_key="")
        self.assertEqual(len(mail.outbox), 5)

    def test_the_database_refuses_a_second_row_with_the_same_key(self):
        # Two runs at the same moment both pass the first look; the constraint decides.
        first = self.queue(once_key="overdue_alert")
        with self.assertRaises(IntegrityError), transaction.atomic():
            OutboundEmail.objects.create(
                about=self.enquiry,
                kind=first.kind,
                once_key=first.once_key,
                to_address=first.to_address,
                subject="Again",
                body="Again",
                message_id="<again@example.org>",
            )


class CommittedWithItsTaskTests(TestCase):
    """The database task queue is written in the transaction that queues the email."""

    @classmethod
    def setUpTestData(cls):
        cls.enquiry = make_enquiry()

    def queue(self):
        return services.email_queue(
            about=self.enquiry,
            kind="overdue_alert",
            template="enquiries/email/overdue_alert",
            context={"enquiry": self.enquiry, "admin_url": "https://example.org/"},
            to="triage@example.org",
        )

    def test_the_task_is_written_with_the_email_not_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as after_commit:
            email = self.queue()
        self.assertEqual(after_commit, [])
        self.assertEqual(
            [task.args_kwargs["args"] for task in DBTaskResult.objects.all()], [[email.pk]]
        )

    def test_a_change_rolled_back_leaves_neither_email_nor_task(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.queue()
            raise IntegrityError("the change that caused the email failed")
        self.assertFalse(OutboundEmail.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())

    @immediate_tasks
    def test_a_queue_outside_the_database_is_told_only_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as after_commit:
            email = self.queue()
        self.assertEqual((len(after_commit), mail.outbox), (1, []))
        after_commit[0]()
        email.refresh_from_db()
        self.assertEqual((email.status, len(mail.outbox)), ("sent", 1))


@immediate_tasks
class ResendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_triage_user()

    def resend(self, email):
        with self.captureOnCommitCallbacks(execute=True):
            return services.email_resend(email=email, by=self.staff)

    def test_a_failed_email_is_sent_again_in_place(self):
        email = make_outbound_email(status="failed", attempts=30, next_attempt_at=None)
        self.assertEqual(self.resend(email).pk, email.pk)
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 1))
        self.assertEqual(len(mail.outbox), 1)

    def test_a_sent_email_is_copied_so_the_history_stays_true(self):
        sent_at = timezone.now() - timedelta(hours=2)
        email = make_outbound_email(
            status="sent", attempts=1, sent_at=sent_at, next_attempt_at=None, once_key="once"
        )
        copy = self.resend(email)
        self.assertNotEqual(copy.pk, email.pk)
        self.assertNotEqual(copy.message_id, email.message_id)
        self.assertEqual((copy.about, copy.once_key), (email.about, ""))
        email.refresh_from_db()
        self.assertEqual(email.sent_at, sent_at)
        self.assertEqual(OutboundEmail.objects.filter(status="sent").count(), 2)

    def test_an_email_being_sent_is_not_resent(self):
        email = make_outbound_email(status="sending")
        self.assertIsNone(self.resend(email))
        self.assertEqual(mail.outbox, [])


@immediate_tasks
class RecoveryTests(TestCase):
    def run_command(self, *args):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("retry_outbound_emails", *args, stdout=out)
        return out.getvalue()

    @override_settings(EMAIL_TIMEOUT_SECONDS=10)
    def test_a_send_is_left_alone_for_the_deadline_and_a_minute_then_reclaimed(self):
        # The deadline is three email timeouts (outbox/smtp.py): 30 s, plus the minute.
        self.assertEqual(services.reclaim_after(), timedelta(seconds=90))
        now = timezone.now()
        killed = make_outbound_email(
            status="sending", attempts=1, claimed_at=now - timedelta(seconds=91)
        )
        still_sending = make_outbound_email(
            status="sending", attempts=1, claimed_at=now - timedelta(seconds=90)
        )
        with time_machine.travel(now, tick=False):
            output = self.run_command()
        self.assertIn("Re-queued 1 email(s) left sending by a stopped worker", output)
        killed.refresh_from_db()
        still_sending.refresh_from_db()
        self.assertEqual((killed.status, killed.attempts), ("sent", 2))
        self.assertEqual(still_sending.status, "sending")
        self.assertEqual(len(mail.outbox), 1)

    def test_email_whose_task_was_lost_is_enqueued_again(self):
        lost = make_outbound_email(next_attempt_at=timezone.now() - timedelta(minutes=3))
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
