"""The task worker as production runs it (`manage.py run_worker`, a real process), through
database trouble that made django-tasks-db's own `db_worker` exit for good."""

import subprocess
import sys
import threading
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from outbox.models import WorkerHeartbeat
from tests.enquiries.support import RecordingHandler, form_data, smtp_server
from tests.platform.support import (
    LOCK_HOLDER,
    free_port,
    production_env,
    task_worker,
    this_database_url,
    wait_until,
)


class Worker:
    """`manage.py run_worker` in its own process, with what it logs kept line by line."""

    def __init__(self, env: dict[str, str]):
        self.process = task_worker(
            env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        threading.Thread(target=self.lines.extend, args=(self.process.stderr,)).start()

    def logged(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)


@pytest.mark.sqlite_only  # holds SQLite's write lock
class LockedDatabaseTests(TransactionTestCase):
    def test_the_worker_waits_out_a_locked_database_then_sends_what_was_queued(self):
        port = free_port()
        with TemporaryDirectory() as data_dir, smtp_server(port, RecordingHandler()) as server:
            worker = Worker(
                production_env(
                    Path(data_dir),
                    DATABASE_URL=this_database_url(),
                    EMAIL_URL=f"smtp://127.0.0.1:{port}",
                    SQLITE_BUSY_TIMEOUT_SECONDS="1",
                )
            )
            self.addCleanup(worker.stop)
            wait_until(WorkerHeartbeat.objects.exists, what="the worker started")

            lock = subprocess.Popen(
                [sys.executable, "-c", LOCK_HOLDER, connection.settings_dict["NAME"]],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            self.assertEqual(lock.stdout.readline().strip(), "locked")
            # Each try waits out the 1-second busy timeout, fails, and backs off.
            wait_until(
                lambda: worker.logged("The database is unavailable") >= 2, what="two failed tries"
            )
            lock.communicate("let go\n", timeout=30)

            response = self.client.post(reverse("enquiries:create"), form_data())
            self.assertEqual(response.status_code, 302)
            wait_until(lambda: len(server.messages) == 2, what="both emails sent")

            self.assertIsNone(worker.process.poll(), "the same worker is still running")
        self.assertCountEqual(
            [message.rcpt_tos for message in server.messages],
            [["margaret@example.org"], ["theranostics@example.org"]],
        )
        self.assertIn("OperationalError", "".join(worker.lines))
