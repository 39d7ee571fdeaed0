"""PostgreSQL restarts while gunicorn serves requests: gunicorn carries on by itself.

The test restarts a cluster of its own (tests/platform/postgres.py), not the one the
suite's database is on, which other tests use meanwhile under pytest-xdist.
"""

import subprocess
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from django.test import SimpleTestCase

from tests.platform.postgres import throwaway_cluster
from tests.platform.support import (
    SiteClient,
    free_port,
    gunicorn,
    manage,
    production_env,
    task_worker,
    wait_for_port,
    wait_until,
)

PAGES = ("/healthz", "/enquiries/new/")


def heartbeats(database_url: str) -> int:
    with psycopg.connect(database_url) as database:
        (count,) = database.execute("SELECT count(*) FROM outbox_workerheartbeat").fetchone()
    return count


class PostgresRestartTests(SimpleTestCase):
    def test_requests_recover_after_a_restart_without_restarting_gunicorn(self):
        with TemporaryDirectory() as data_dir, throwaway_cluster() as postgres:
            env = production_env(
                Path(data_dir),
                DATABASE_URL=postgres.url,
                ENQUIRY_MIN_FILL_SECONDS="0",
                # Nothing listens there: the worker's sends fail at once, on this machine.
                EMAIL_URL=f"smtp://127.0.0.1:{free_port()}",
            )
            for command in ("migrate", "collectstatic"):
                result = manage(command, "--no-input", "--verbosity", "0", env=env)
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
            wait_until(lambda: heartbeats(postgres.url), what="the task worker started")

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
                postgres.restart()
                restarted_at = time.monotonic()
                time.sleep(2)
            finally:
                stop.set()
                for thread in visitors:
                    thread.join(timeout=60)
            sent = SiteClient(port).send_enquiry()
            with psycopg.connect(postgres.url) as database:
                (stored,) = database.execute("SELECT count(*) FROM enquiries_enquiry").fetchone()

        self.assertIsNone(server.poll(), "gunicorn is still the same running process")
        self.assertIsNone(worker.poll(), "so is the task worker")
        self.assertEqual(unexpected, [], "a friendly 503 at worst, never a 500")
        after = [status for at, status in answers if at > restarted_at + 0.5]
        self.assertGreater(len(after), 10)
        self.assertEqual(set(after), {200})
        self.assertEqual(sent.status, 302)
        self.assertEqual(stored, 1)
