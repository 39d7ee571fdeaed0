"""Another process holds the SQLite write lock for longer than the busy timeout.

The site runs as in production (gunicorn, DEBUG off) on its own SQLite file, so this
runs in the PostgreSQL pass of CI too.
"""

import secrets
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.test import SimpleTestCase

from tests.platform.support import (
    LOCK_HOLDER,
    SiteClient,
    free_port,
    gunicorn,
    manage,
    production_env,
    sqlite_count,
    wait_for_port,
)


class DatabaseLockedTests(SimpleTestCase):
    def test_a_locked_database_gets_a_friendly_503_and_the_next_request_works(self):
        marker = f"zq{secrets.token_hex(6)}"
        with TemporaryDirectory() as data_dir:
            database = Path(data_dir) / "db.sqlite3"
            env = production_env(
                Path(data_dir),
                SQLITE_BUSY_TIMEOUT_SECONDS="1",
                ENQUIRY_MIN_FILL_SECONDS="0",
            )
            for command in ("migrate", "collectstatic"):
                result = manage(command, "--no-input", "--verbosity", "0", env=env)
                self.assertEqual(result.returncode, 0, result.stderr)
            port = free_port()
            server = gunicorn(
                port, env, workers=2, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            try:
                wait_for_port(port, process=server)
                site = SiteClient(port)
                lock = subprocess.Popen(
                    [sys.executable, "-c", LOCK_HOLDER, str(database)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                self.assertEqual(lock.stdout.readline().strip(), "locked")

                refused = site.send_enquiry(full_name=f"Ann {marker}", message=marker)
                stored_while_locked = sqlite_count(database, "enquiries_enquiry")

                lock.communicate("let go\n", timeout=30)
                accepted = site.send_enquiry(full_name=f"Ann {marker}", message=marker)
            finally:
                server.terminate()
                output, _ = server.communicate(timeout=30)
            stored_after = sqlite_count(database, "enquiries_enquiry")
            emails_after = sqlite_count(database, "outbox_outboundemail")

        self.assertEqual(refused.status, 503)
        self.assertEqual(refused.headers["Retry-After"], "30")
        self.assertIn("Sorry, this website is very busy", refused.text)
        self.assertIn(settings.CLINIC["phone"], refused.text)
        self.assertEqual(stored_while_locked, 0, "nothing half-saved")

        self.assertEqual(accepted.status, 302)
        self.assertEqual(accepted.headers["Location"], "/enquiries/sent/")
        self.assertEqual((stored_after, emails_after), (1, 2))

        # gunicorn's access and error logs record the failure, and nothing that was typed.
        self.assertIn('"POST /enquiries/new/ HTTP/1.1" 503', output)
        self.assertIn("database is locked", output)
        self.assertNotIn(marker, output)
