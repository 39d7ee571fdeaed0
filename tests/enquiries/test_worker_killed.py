"""A real `manage.py run_worker` killed with SIGKILL while the mail server has the message
but has not answered: the next worker sends it again once the send's deadline has passed,
so the email arrives twice at most, with the same Message-ID."""

import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from outbox.models import OutboundEmail
from outbox.services import reclaim_after
from tests.enquiries.support import StallingHandler, form_data, run_worker, smtp_mailer, smtp_server
from tests.platform.support import free_port, production_env, task_worker, this_database_url

# Longer than any send takes here: the worker is still waiting when it is killed.
WORKER_EMAIL_TIMEOUT_SECONDS = "120"


@override_settings(EMAIL_TIMEOUT_SECONDS=float(WORKER_EMAIL_TIMEOUT_SECONDS))
class WorkerKilledMidSendTests(TransactionTestCase):
    def start_worker(self, port: int, data_dir: str) -> subprocess.Popen:
        env = production_env(
            Path(data_dir),
            DATABASE_URL=this_database_url(),
            EMAIL_URL=f"smtp://127.0.0.1:{port}",
            EMAIL_TIMEOUT_SECONDS=WORKER_EMAIL_TIMEOUT_SECONDS,
        )
        worker = task_worker(env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(worker.wait, timeout=30)
        self.addCleanup(lambda: worker.poll() is None and worker.kill())
        return worker

    def test_the_email_is_still_delivered_with_at_most_one_duplicate(self):
        port = free_port()
        with (
            TemporaryDirectory() as data_dir,
            smtp_server(port, StallingHandler()) as server,
            smtp_mailer(port),
        ):
            self.client.post(reverse("enquiries:create"), form_data())
            worker = self.start_worker(port, data_dir)
            self.assertTrue(server.stalled.wait(timeout=60), "the worker reached DATA")
            interrupted = OutboundEmail.objects.get(status="sending")

            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            server.stall = False
            server.released.set()

            # The next worker leaves it alone while the send could still be going on...
            claimed_at = interrupted.claimed_at
            with time_machine.travel(claimed_at + reclaim_after() - timedelta(seconds=1)):
                run_worker()
            self.assertEqual(OutboundEmail.objects.get(pk=interrupted.pk).status, "sending")
            to_interrupted = [m for m in server.messages if m.rcpt_tos == [interrupted.to_address]]
            self.assertEqual(len(to_interrupted), 1, "received once, before the kill")
            # ...and sends it again as soon as no live worker's send could last that long.
            with time_machine.travel(claimed_at + reclaim_after() + timedelta(seconds=1)):
                run_worker()

        self.assertEqual(
            list(OutboundEmail.objects.values_list("status", flat=True)), ["sent", "sent"]
        )
        received = {}
        for envelope in server.messages:
            headers = envelope.content.decode().splitlines()
            message_id = next(line for line in headers if line.startswith("Message-ID:"))
            received.setdefault(envelope.rcpt_tos[0], []).append(message_id.split(" ", 1)[1])
        # Received before the kill and again after it, with the same Message-ID, so mail
        # programs show it once; the other email, never interrupted, arrived once.
        other = OutboundEmail.objects.exclude(pk=interrupted.pk).get()
        self.assertEqual(
            received,
            {
                interrupted.to_address: [interrupted.message_id] * 2,
                other.to_address: [other.message_id],
            },
        )
