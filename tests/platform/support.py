"""Starting real servers (gunicorn, redis-server) on free local ports for tests."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


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
    """Environment for running the site as production does: real settings, DEBUG off."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "TASKS_", "EMAIL_"))
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
