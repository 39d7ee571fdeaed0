"""Starting real servers (gunicorn, redis-server, task workers) on free local ports for
tests, and talking to them as a browser behind our reverse proxy would."""

import http.client
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from tests.enquiries.support import form_data

BASE_DIR = Path(settings.BASE_DIR)

# Run with a SQLite file's path: takes its write lock and keeps it until told to let go on
# stdin.
LOCK_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.rollback()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port} within {seconds}s")


def production_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """Environment for running the site as production does: real settings, DEBUG off.

    Everything the site writes (database, collected static files, uploads) goes under
    ``data_dir``; a server needs ``manage("collectstatic", ...)`` before it will start.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(
            ("DJANGO_", "DATABASE_", "REDIS_", "TASKS_", "EMAIL_", "STATIC_", "MEDIA_", "SERVE_")
        )
    }
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "genesis_site.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "www.example.org",
            "SITE_URL": "https://www.example.org",
            "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
            "EMAIL_URL": "smtp+tls://mailer:not-a-secret@mail.example.org",
            "STATIC_ROOT": str(data_dir / "static"),
            "MEDIA_ROOT": str(data_dir / "media"),
        }
        | overrides
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def gunicorn(port: int, env: dict[str, str], *, workers: int = 1, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "genesis_site/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "genesis_site.wsgi",
        ],
        cwd=BASE_DIR,
        env=env,
        **kwargs,
    )


def task_worker(env: dict[str, str], **kwargs) -> subprocess.Popen:
    """`manage.py run_worker`, the task worker that sends email, as production runs it."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.1"],
        cwd=BASE_DIR,
        env=env,
        **kwargs,
    )


def wait_until(condition, *, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {seconds}s: {what}")
        time.sleep(0.05)


# One process instead of two commands: each Django start-up costs a second.
PREPARE_SCRIPT = """
import django
from django.core.management import call_command

django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
"""


class ServedSiteTestCase(SimpleTestCase):
    """Tests against one gunicorn with DEBUG off, started for the class on a SQLite
    database of its own (``self.database``), with ``environment`` added to the
    production environment."""

    environment: dict[str, str] = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data_dir = TemporaryDirectory()
        cls.addClassCleanup(data_dir.cleanup)
        cls.database = Path(data_dir.name) / "db.sqlite3"
        env = production_env(Path(data_dir.name), **cls.environment)
        prepared = subprocess.run(
            [sys.executable, "-c", PREPARE_SCRIPT],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if prepared.returncode:
            raise RuntimeError(prepared.stderr)
        cls.port = free_port()
        server = gunicorn(cls.port, env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.addClassCleanup(server.wait, timeout=30)
        cls.addClassCleanup(server.terminate)
        wait_for_port(cls.port, process=server)


def this_database_url() -> str:
    """A DATABASE_URL for the database this test run uses, for a server in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}"
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class SiteClient:
    """A browser for a site served by gunicorn with DEBUG off, reached over HTTPS through
    our reverse proxy: it keeps cookies and sends what the proxy adds.

    ``address`` is the browser's own address, which the proxy appends to X-Forwarded-For
    (after anything the browser itself claimed there), as nginx's
    ``$proxy_add_x_forwarded_for`` does.
    """

    HOST = "www.example.org"
    ENQUIRY_FORM = "/enquiries/new/"

    def __init__(self, port: int, *, address: str | None = None):
        self.port = port
        self.address = address
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, *, body: str | bytes | None = None, headers=None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": self.HOST, "X-Forwarded-Proto": "https"} | (headers or {})
        if self.address:
            claimed = headers.get("X-Forwarded-For")
            headers["X-Forwarded-For"] = f"{claimed}, {self.address}" if claimed else self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            response.text = response.read().decode()
        finally:
            client.close()
        for header in response.headers.get_all("Set-Cookie", []):
            self.cookies.load(header)
        return response

    def post_form(self, path: str, data: dict, *, headers=None):
        """POST like the page's own form: with its CSRF token and from its own origin."""
        return self.request(
            "POST",
            path,
            body=urlencode(data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.HOST}",
                "Referer": f"https://{self.HOST}{path}",
            }
            | (headers or {}),
        )

    def enquiry_form_fields(self) -> dict[str, str]:
        """Open the enquiry form; a complete enquiry with the page's hidden fields filled in."""
        page = self.request("GET", self.ENQUIRY_FORM)
        hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.text))
        typed = {name: value for name, value in form_data().items() if name != "form_token"}
        return typed | {name: unescape(value) for name, value in hidden.items()}

    def send_enquiry(self, *, headers=None, **fields: str):
        """Open the enquiry form and send it; the POST's response."""
        data = self.enquiry_form_fields() | fields
        return self.post_form(self.ENQUIRY_FORM, data, headers=headers)


def sqlite_count(path: Path, table: str) -> int:
    """Rows in a table of another process's SQLite database (readers never wait in WAL)."""
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
