"""The site started as in production: real settings with DEBUG off, served by gunicorn."""

import http.client
import json
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlencode

from django.test import SimpleTestCase

from tests.platform.support import (
    BASE_DIR,
    free_port,
    gunicorn,
    manage,
    production_env,
    sqlite_count,
    task_worker,
    wait_for_port,
    wait_until,
)

STAFF = {"username": "staff", "password": "a long staff password"}
SETUP_SCRIPT = """
import sys
import django
from django.core.management import call_command

django.setup()
from django.contrib.auth.models import User
from tests.centres.media import png_upload
from tests.factories import make_centre

call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
User.objects.create_superuser(sys.argv[1], password=sys.argv[2])
# Saved through the storage an upload in the admin goes through.
make_centre(slug="windsor", photo=png_upload("front.png"), photo_alt_text="The front entrance")
"""


class ProductionSettingsTests(SimpleTestCase):
    def test_django_deploy_checks_pass_with_production_settings(self):
        with TemporaryDirectory() as data_dir:
            env = production_env(Path(data_dir))
            manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
            result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_admin_moves_to_the_path_in_admin_path(self):
        script = "from django.urls import reverse; print(reverse('admin:index'))"
        with TemporaryDirectory() as data_dir:
            env = production_env(Path(data_dir), ADMIN_PATH="/staff-only/")
            result = manage("shell", "--no-imports", "--command", script, env=env)

        self.assertEqual(result.stdout.strip(), "/staff-only/")

    def refused_start(self, env: dict[str, str]) -> str:
        """Start gunicorn, expecting it to stop at its start-up checks; what it printed."""
        server = gunicorn(free_port(), env, stderr=subprocess.PIPE, text=True)
        try:
            _, stderr = server.communicate(timeout=60)
        finally:
            server.kill()
            server.wait()
        self.assertNotEqual(server.returncode, 0, stderr)
        return stderr

    def test_gunicorn_refuses_to_start_with_an_in_process_task_backend(self):
        with TemporaryDirectory() as data_dir:
            env = production_env(
                Path(data_dir), TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend"
            )
            stderr = self.refused_start(env)

        self.assertIn("genesis_site.E001", stderr)

    def test_gunicorn_refuses_to_start_a_release_without_collected_static_files(self):
        # Every page links its stylesheet through the manifest collectstatic writes:
        # without it each page is a 500, though the server looks healthy.
        with TemporaryDirectory() as data_dir:
            stderr = self.refused_start(production_env(Path(data_dir)))

        self.assertIn("genesis_site.E004", stderr)
        self.assertIn("manage.py collectstatic", stderr)

    def test_gunicorn_refuses_to_start_with_email_that_is_never_sent(self):
        # One of Django's deployment checks: console email would reach nobody and print
        # patients' names and addresses into the server log.
        with TemporaryDirectory() as data_dir:
            env = production_env(Path(data_dir), EMAIL_URL="console://")
            manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
            stderr = self.refused_start(env)

        self.assertIn("mail.E001", stderr)


class ProductionServerTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data_dir = TemporaryDirectory()
        cls.addClassCleanup(data_dir.cleanup)
        env = production_env(Path(data_dir.name))
        # One process instead of three commands: each Django start-up costs a second.
        setup = subprocess.run(
            [sys.executable, "-c", SETUP_SCRIPT, STAFF["username"], STAFF["password"]],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if setup.returncode:
            raise RuntimeError(setup.stderr)
        cls.port = free_port()
        server = gunicorn(cls.port, env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.addClassCleanup(server.wait, timeout=30)
        cls.addClassCleanup(server.terminate)
        # Beside gunicorn, as in production: /healthz reports a node without one unhealthy.
        worker = task_worker(env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.addClassCleanup(worker.wait, timeout=30)
        cls.addClassCleanup(worker.terminate)
        wait_for_port(cls.port, process=server)
        database = Path(data_dir.name) / "db.sqlite3"
        wait_until(
            lambda: sqlite_count(database, "outbox_workerheartbeat"), what="the worker started"
        )

    def request(self, method, path, *, https=True, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "www.example.org"} | (headers or {})
        if https:
            # What the TLS-terminating reverse proxy adds.
            headers["X-Forwarded-Proto"] = "https"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        response.text = response.body.decode(errors="replace")
        connection.close()
        return response

    def cookies(self, response) -> SimpleCookie:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie", []):
            jar.load(header)
        return jar

    def test_uploaded_photos_are_served(self):
        page = self.request("GET", "/centres/windsor/")
        photo_url = re.search(r'<img src="([^"]+)" alt="The front entrance"', page.text)[1]

        photo = self.request("GET", photo_url)

        self.assertEqual(photo_url, "/media/centres/front.png")
        self.assertEqual(photo.status, 200)
        self.assertEqual(photo.headers["Content-Type"], "image/png")
        self.assertTrue(photo.body.startswith(b"\x89PNG"))

    def test_nothing_outside_the_uploads_folder_is_served_as_media(self):
        # The database sits beside MEDIA_ROOT in this server's data folder.
        for path in ["/media/../db.sqlite3", "/media/%2e%2e/db.sqlite3", "/media/centres/"]:
            with self.subTest(path):
                self.assertIn(self.request("GET", path).status, {400, 404})

    def test_load_balancer_probe_over_plain_http_by_address_gets_ok(self):
        response = self.request("GET", "/healthz", https=False, headers={"Host": "10.0.0.7"})

        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(response.text)["status"], "ok")
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_plain_http_pages_redirect_to_https(self):
        response = self.request("GET", "/", https=False)

        self.assertEqual(response.status, 301)
        self.assertEqual(response.headers["Location"], "https://www.example.org/")

    def test_pages_carry_hsts_and_the_other_security_headers(self):
        response = self.request("GET", "/")

        self.assertEqual(response.status, 200)
        self.assertEqual(
            response.headers["Strict-Transport-Security"],
            "max-age=31536000; includeSubDomains; preload",
        )
        for header in [
            "Content-Security-Policy",
            "Permissions-Policy",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Content-Type-Options",
            "X-Frame-Options",
        ]:
            self.assertIn(header, response.headers)

    def test_cookies_are_host_only_secure_and_session_ones_http_only(self):
        login = self.request("GET", "/admin/login/")
        csrf_cookie = self.cookies(login)["__Host-csrftoken"]
        self.assertEqual(
            (csrf_cookie["secure"], csrf_cookie["path"], csrf_cookie["domain"]), (True, "/", "")
        )
        form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]

        signed_in = self.request(
            "POST",
            "/admin/login/",
            headers={
                "Cookie": f"__Host-csrftoken={csrf_cookie.value}",
                "Origin": "https://www.example.org",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=urlencode(STAFF | {"csrfmiddlewaretoken": form_token, "next": "/admin/"}),
        )

        # Two-factor is on in production: the password alone leads to the code page.
        self.assertEqual(signed_in.status, 302)
        self.assertEqual(signed_in.headers["Location"], "/admin/two-factor/?next=/admin/")
        session_cookie = self.cookies(signed_in)["__Host-sessionid"]
        self.assertEqual(
            (
                session_cookie["secure"],
                session_cookie["httponly"],
                session_cookie["samesite"],
                session_cookie["path"],
                session_cookie["domain"],
                session_cookie["max-age"],
            ),
            (True, True, "Lax", "/", "", "1800"),
        )
        self.assertIn("no-store", signed_in.headers["Cache-Control"])
