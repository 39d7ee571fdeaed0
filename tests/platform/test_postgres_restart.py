"""PostgreSQL restarts while gunicorn serves requests: gunicorn carries on by itself.

Runs in `make test-postgres` (and CI), which provides a throwaway cluster this test may
restart (.ci/with-postgres).
"""

import os
import subprocess
import threading
import time
import unittest
from pathlib import Path
from tempfile import TemporaryDirectory

from django.db import connection
from django.test import TransactionTestCase

from enquiries.models import Enquiry
from outbox.models import WorkerHeartbeat
from tests.platform.support import (
    SiteClient,
    free_port,
    gunicorn,
    manage,
    production_env,
    task_worker,
    this_database_url,
    wait_for_port,
    wait_until,
)

PAGES = ("/healthz", "/enquiries/new/")


def restart_postgres() -> None:
    """Restart the cluster as its owner, waiting until it accepts connections again."""
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    pg_ctl = Path(os.environ["POSTGRES_BIN_DIR"]) / "pg_ctl"
    data_dir = Path(os.environ["POSTGRES_DATA_DIR"])
    # The server's output goes to its log: a pipe to us would keep run() waiting on it.
    subprocess.run(
        [
            *owner,
            pg_ctl,
            "-D",
            data_dir,
            "-l",
            data_dir / "server.log",
            "-m",
            "fast",
            "-w",
            "restart",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )


@unittest.skipUnless(
    connection.vendor == "postgresql" and "POSTGRES_DATA_DIR" in os.environ,
    "restarts the throwaway PostgreSQL of `make test-postgres`",
)
class PostgresRestartTests(TransactionTestCase):
    def test_requests_recover_after_a_restart_without_restarting_gunicorn(self):
        with TemporaryDirectory() as data_dir:
            env = production_env(
                Path(data_dir),
                DATABASE_URL=this_database_url(),
                ENQUIRY_MIN_FILL_SECONDS="0",
                # Nothing listens there: the worker's sends fail at once, on this machine.
                EMAIL_URL=f"smtp://127.0.0.1:{free_port()}",
            )
            result = manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            port = free_port()
            server = gunicorn(
                port, env, workers=2, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            self.addCleanup(server.wait, timeout=30)
            self.addCleanup(server.terminate)
            worker = task_worker(env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.addCleanup(worker.wait, timeout=30)
            self.addCleanup(worker.terminate)
            wait_for_port(port, process=server)
            wait_until(WorkerHeartbeat.objects.exists, what="the task worker started")

            # Four visitors keep asking for pages that need the database.
            answers: list[tuple[float, int]] = []
            unexpected: list[str] = []
            stop = threading.Event()

            def visitor():
                site = SiteClient(port)
                while not stop.is_set():
                    for page in PAGES:
                        status = site.request("GET", page).status
                        answers.append((time.monotonic(), status))
                        if status not in (200, 503):
                            unexpected.append(f"{page} answered {status}")

            visitors = [threading.Thread(target=visitor) for _ in range(4)]
            for thread in visitors:
                thread.start()
            try:
                time.sleep(1)
                restart_postgres()
                restarted_at = time.monotonic()
                time.sleep(2)
            finally:
                stop.set()
                for thread in visitors:
                    thread.join(timeout=60)
            connection.close()  # the test's own connection died with the restart too

            sent = SiteClient(port).send_enquiry()

        self.assertIsNone(server.poll(), "gunicorn is still the same running process")
        self.assertIsNone(worker.poll(), "so is the task worker")
        self.assertEqual(unexpected, [], "a friendly 503 at worst, never a 500")
        after = [status for at, status in answers if at > restarted_at + 0.5]
        self.assertGreater(len(after), 10)
        self.assertEqual(set(after), {200})
        self.assertEqual(sent.status, 302)
        self.assertEqual(Enquiry.objects.count(), 1)
