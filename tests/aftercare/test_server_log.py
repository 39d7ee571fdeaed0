"""The treatment date a patient types never reaches the server's log.

Run as production runs: gunicorn with DEBUG off, its access log and Django's log captured.
The date travels in the query string only, which the access log leaves out.
"""

import http.client
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import SimpleTestCase
from django.utils import timezone

from tests.platform.support import BASE_DIR, free_port, gunicorn, production_env, wait_for_port

SETUP_SCRIPT = """
import django
from django.core.management import call_command

django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo_content", verbosity=0)
"""
PLANNER = "/therapies/177lu-octreotate/after-treatment/"


class ServerLogTests(SimpleTestCase):
    def test_the_date_is_in_no_log_line(self):
        treated = timezone.localdate() + timedelta(days=17)
        query = f"day={treated.day}&month={treated.month}&year={treated.year}"
        requests = [
            f"{PLANNER}?{query}",
            f"{PLANNER}calendar.ics?{query}",
            f"{PLANNER}travel-card/?{query}",
            f"{PLANNER}?day=31&month=2&year={treated.year}",
        ]
        with TemporaryDirectory() as data_dir:
            env = production_env(Path(data_dir))
            setup = subprocess.run(
                [sys.executable, "-c", SETUP_SCRIPT],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            self.assertEqual(setup.returncode, 0, setup.stderr)
            log_path = Path(data_dir) / "server.log"
            port = free_port()
            with log_path.open("w") as log:
                server = gunicorn(port, env, stdout=log, stderr=subprocess.STDOUT)
                try:
                    wait_for_port(port, process=server)
                    statuses = [self.get(port, path) for path in requests]
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            logged = log_path.read_text()

        self.assertEqual(statuses, [200, 200, 200, 200])
        # The log does record the requests (so the test can fail), by path alone.
        self.assertEqual(logged.count(f'"GET {PLANNER} HTTP/1.1" 200'), 2)
        self.assertIn(f'"GET {PLANNER}calendar.ics HTTP/1.1" 200', logged)
        for trace in [query, f"year={treated.year}", "day=", treated.isoformat()]:
            self.assertNotIn(trace, logged)

    def get(self, port: int, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET", path, headers={"Host": "www.example.org", "X-Forwarded-Proto": "https"}
        )
        status = connection.getresponse().status
        connection.close()
        return status
