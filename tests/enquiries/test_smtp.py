"""Sending through a real SMTP server on 127.0.0.1 (aiosmtpd) and the real task worker.

These tests commit for real (TransactionTestCase) so on_commit hooks enqueue tasks in
the database queue, and `manage.py db_worker --batch` runs them as in production.
"""

import signal
import socket
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry, OutboundEmail
from genesis_site.mail_url import mailer_from_url
from tests.enquiries.support import form_data

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_mailer(port: int):
    return override_settings(
        MAILERS={"default": mailer_from_url(f"smtp://127.0.0.1:{port}", timeout=1)}
    )


class RecordingHandler:
    """Accepts every message, or refuses every recipient with ``refuse`` (an SMTP reply)."""

    def __init__(self, refuse: str | None = None):
        self.refuse = refuse
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@contextmanager
def smtp_server(port: int, handler: RecordingHandler):
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def run_worker():
    """Run every task that is due, as `manage.py db_worker` does, then return."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            interval=0,
            verbosity=0,
            stdout=StringIO(),
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


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

    def test_a_recipient_refused_for_good_is_not_retried(self):
        with smtp_server(self.port, RecordingHandler(refuse="550 5.1.1 No such mailbox")):
            self.client.post(URL, form_data())
            with self.assertLogs("enquiries.services", "ERROR") as logs:
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
