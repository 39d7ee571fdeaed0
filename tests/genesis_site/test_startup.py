import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret",
    "DJANGO_ALLOWED_HOSTS": "theranostics.example.org",
    "EMAIL_URL": "smtp+tls://mailer:not-a-secret@mail.example.org",
}


def start_django(**environment: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with only ``environment`` set.

    An empty value stands for a missing variable: it also stops the developer's
    .env file from filling that variable in.
    """
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "genesis_site.settings"}
        | environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionStartUpTests(SimpleTestCase):
    def assertStopsWith(self, result: subprocess.CompletedProcess, message: str):
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(
            result.stderr.strip().splitlines()[-1],
            f"django.core.exceptions.ImproperlyConfigured: {message}",
        )

    def test_starts_with_a_secret_key_and_allowed_hosts(self):
        result = start_django(**PRODUCTION)
        self.assertEqual((result.returncode, result.stdout), (0, "started\n"), result.stderr)

    def test_stops_without_a_secret_key(self):
        result = start_django(**PRODUCTION | {"DJANGO_SECRET_KEY": ""})
        self.assertStopsWith(
            result,
            "DJANGO_SECRET_KEY must be set: "
            "use a long random string (run `make .env` for a development one)",
        )

    def test_stops_without_allowed_hosts(self):
        result = start_django(**PRODUCTION | {"DJANGO_ALLOWED_HOSTS": ""})
        self.assertStopsWith(
            result,
            "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off, e.g. www.example.org",
        )

    def test_stops_without_email_url(self):
        # Console email, the development default, would print every patient's name and
        # address into the server log.
        result = start_django(**PRODUCTION | {"EMAIL_URL": ""})
        self.assertStopsWith(
            result,
            "EMAIL_URL must be set when DJANGO_DEBUG is off, e.g. "
            "smtp+tls://user:password@mail.example.org:587 (console:// prints every "
            "email, with patients' names and addresses, into the server log)",
        )

    def test_development_still_needs_a_secret_key(self):
        result = start_django(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY must be set", result.stderr)
