"""What a patient searches for never reaches a log: gunicorn's access log has paths without
query strings (genesis_site/gunicorn.conf.py), and nothing in the site logs the words.

The site runs as in production (gunicorn, DEBUG off) on its own SQLite file.
"""

import secrets
import string
import subprocess
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlencode

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from search.models import UnansweredSearch
from tests.enquiries.test_personal_data import site_log_output
from tests.platform.support import (
    SiteClient,
    free_port,
    gunicorn,
    manage,
    production_env,
    wait_for_port,
)

# Letters only: searches with six digits or more are not counted at all.
MARKER = "zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
SEARCH = f"{reverse('search:results')}?{urlencode({'q': f'tummy {MARKER}'})}"


class SearchWordsInTheServerLogTests(SimpleTestCase):
    def test_gunicorn_logs_the_search_page_without_the_words(self):
        with TemporaryDirectory() as data_dir:
            env = production_env(Path(data_dir))
            for command in ("migrate", "collectstatic"):
                result = manage(command, "--no-input", "--verbosity", "0", env=env)
                self.assertEqual(result.returncode, 0, result.stderr)
            port = free_port()
            server = gunicorn(
                port, env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            try:
                wait_for_port(port, process=server)
                response = SiteClient(port).request("GET", SEARCH)
            finally:
                server.terminate()
                output, _ = server.communicate(timeout=30)

        self.assertEqual(response.status, 200)
        self.assertIn(MARKER, response.text)
        self.assertIsNone(response.getheader("Set-Cookie"))
        self.assertIn('"GET /search/ HTTP/1.1" 200', output)
        self.assertNotIn(MARKER, output)


class SearchWordsInTheSiteLogsTests(TestCase):
    def test_a_search_that_found_nothing_is_counted_but_not_logged(self):
        with site_log_output() as logs:
            self.client.get(SEARCH)
        self.assertEqual(UnansweredSearch.objects.get().term, f"tummy {MARKER}")
        self.assertNotIn(MARKER, logs.getvalue())
