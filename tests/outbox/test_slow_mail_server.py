"""A mail server that hangs never holds the database, so enquiries keep being stored.

Review reminders once talked to the mail server inside a transaction: with SQLite's
IMMEDIATE transactions the write lock was held for the whole conversation, and an enquiry
posted meanwhile waited out the busy timeout and got a 503. Now every email is queued in
the outbox and only the worker talks to the mail server, outside any transaction.
"""

import threading
import time
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry
from genesis_site.mail_url import mailer_from_url
from outbox.models import OutboundEmail
from tests.enquiries.support import StallingHandler, form_data, run_worker, smtp_server
from tests.factories import make_therapy
from tests.platform.support import free_port

# Longer than SQLite's busy timeout (20 seconds): a write lock held while the server hangs
# would refuse the enquiry.
HANGING_SERVER_TIMEOUT = 30


def in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connection.close()  # each thread has its own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def until(condition, *, seconds: float = HANGING_SERVER_TIMEOUT) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


class HangingMailServerTests(TransactionTestCase):
    def setUp(self):
        port = free_port()
        self.server = self.enterContext(smtp_server(port, StallingHandler()))
        mailer = mailer_from_url(f"smtp://127.0.0.1:{port}", timeout=HANGING_SERVER_TIMEOUT)
        self.enterContext(override_settings(MAILERS={"default": mailer}))

    def post_enquiry(self):
        response = Client().post(reverse("enquiries:create"), form_data())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("enquiries:sent"))

    def test_an_enquiry_sent_while_review_reminders_are_due_is_stored(self):
        today = timezone.localdate()
        reviewed = today - timedelta(days=300)
        therapy = make_therapy(last_reviewed=reviewed, next_review_due=today)
        command = in_thread(
            lambda: call_command("send_review_reminders", stdout=StringIO(), stderr=StringIO())
        )
        # Either the command has finished or it is now waiting for the mail server.
        until(lambda: not command.is_alive() or self.server.stalled.is_set())

        self.post_enquiry()

        self.server.released.set()
        command.join(timeout=60)
        self.assertEqual(Enquiry.objects.count(), 1)
        self.assertFalse(self.server.stalled.is_set(), "the command never met the mail server")
        reminder = OutboundEmail.objects.about(therapy).get()
        self.assertEqual((reminder.kind, reminder.status), ("review_due_soon", "queued"))

    def test_an_enquiry_sent_while_the_worker_waits_for_the_mail_server_is_stored(self):
        today = timezone.localdate()
        make_therapy(
            last_reviewed=today - timedelta(days=400), next_review_due=today - timedelta(days=1)
        )
        call_command("send_review_reminders", stdout=StringIO())

        def meanwhile():
            self.assertTrue(self.server.stalled.wait(timeout=60), "the worker is mid-send")
            self.post_enquiry()
            self.server.stall = False
            self.server.released.set()

        visitor = in_thread(meanwhile)
        run_worker()  # the signal handlers it sets need the main thread
        visitor.join(timeout=60)

        self.assertEqual(Enquiry.objects.count(), 1)
        self.assertCountEqual(
            OutboundEmail.objects.values_list("kind", "status"),
            [
                ("review_overdue", "sent"),
                ("acknowledgement", "sent"),
                ("centre_notification", "sent"),
            ],
        )
