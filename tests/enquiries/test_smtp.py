"""Sending through a real SMTP server on 127.0.0.1 (aiosmtpd) and the real task worker.

These tests commit for real (TransactionTestCase) so on_commit hooks enqueue tasks in
the database queue, and `manage.py db_worker --batch` runs them as in production.
"""

import socket
from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry
from outbox.models import OutboundEmail
from tests.enquiries.support import (
    RecordingHandler,
    StallingHandler,
    form_data,
    run_worker,
    smtp_mailer,
    smtp_server,
)
from tests.platform.support import free_port

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")


class SmtpDeliveryTests(TransactionTestCase):
    def setUp(self):
        self.port = free_port()
        mailer = smtp_mailer(self.port)
        mailer.enable()
        self.addCleanup(mailer.disable)

    def emails(self):
        return list(OutboundEmail.objects.order_by("kind").values("status", "attempts"))

    def test_smtp_down_then_up_loses_nothing_and_sends_each_email_once(self):
        # SMTP is down: the enquirer still gets the confirmation and the enquiry is stored.
        response = self.client.post(URL, form_data())
        self.assertRedirects(response, SENT_URL)
        self.assertEqual(Enquiry.objects.count(), 1)

        run_worker()
        self.assertEqual(self.emails(), [{"status": "queued", "attempts": 1}] * 2)
        for email in OutboundEmail.objects.all():
            self.assertIn("Connection refused", email.last_error)
            self.assertGreater(email.next_attempt_at, timezone.now() + timedelta(seconds=50))

        run_worker()  # the retries are not due yet
        self.assertEqual(self.emails(), [{"status": "queued", "attempts": 1}] * 2)

        with (
            smtp_server(self.port, RecordingHandler()) as server,
            time_machine.travel(timezone.now() + timedelta(seconds=61)),
        ):
            run_worker()
            self.assertEqual(self.emails(), [{"status": "sent", "attempts": 2}] * 2)
            # Nothing is sent twice, however often the worker and the rescue run.
            call_command("retry_outbound_emails", stdout=StringIO())
            run_worker()
            run_worker()
        self.assertCountEqual(
            [message.rcpt_tos for message in server.messages],
            [["margaret@example.org"], ["theranostics@example.org"]],
        )

    def test_a_hanging_smtp_server_never_holds_up_the_request(self):
        with socket.create_server(("127.0.0.1", self.port)):  # accepts, never answers
            response = self.client.post(URL, form_data())
            self.assertRedirects(response, SENT_URL)
            self.assertEqual(self.emails(), [{"status": "queued", "attempts": 0}] * 2)

            run_worker()  # each attempt gives up after the 1-second email timeout
        self.assertEqual(self.emails(), [{"status": "queued", "attempts": 1}] * 2)
        self.assertIn("timed out", OutboundEmail.objects.first().last_error)

    def test_a_server_hanging_mid_message_is_given_up_on_after_the_email_timeout(self):
        with smtp_server(self.port, StallingHandler()) as server:
            response = self.client.post(URL, form_data())
            self.assertRedirects(response, SENT_URL)

            run_worker()  # each attempt waits for the end of DATA for 1 second, then retries

        self.assertTrue(server.stalled.is_set())
        self.assertEqual(self.emails(), [{"status": "queued", "attempts": 1}] * 2)
        self.assertIn("timed out", OutboundEmail.objects.first().last_error)

    def test_a_recipient_refused_for_good_is_not_retried(self):
        with smtp_server(self.port, RecordingHandler(refuse="550 5.1.1 No such mailbox")):
            self.client.post(URL, form_data())
            with self.assertLogs("outbox.delivery", "ERROR") as logs:
                run_worker()
        self.assertEqual(self.emails(), [{"status": "failed", "attempts": 1}] * 2)
        self.assertIn("SMTPRecipientsRefused", OutboundEmail.objects.first().last_error)
        self.assertNotIn("margaret@example.org", "".join(logs.output))

    def test_sent_message_carries_its_message_id_and_reply_to(self):
        with smtp_server(self.port, RecordingHandler()) as server:
            self.client.post(URL, form_data())
            run_worker()
        acknowledgement = OutboundEmail.objects.get(kind="acknowledgement")
        received = next(m for m in server.messages if m.rcpt_tos == ["margaret@example.org"])
        content = received.content.decode()
        self.assertIn(f"Message-ID: {acknowledgement.message_id}", content)
        self.assertIn("Reply-To: theranostics@example.org", content)
        self.assertIn(f"Subject: We have your enquiry: {Enquiry.objects.get().reference}", content)
