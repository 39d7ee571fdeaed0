"""REDIS_URL and TASKS_BACKEND move the cache and the task queue to a real Redis."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import SimpleTestCase

from tests.platform.support import BASE_DIR, free_port, manage, production_env, wait_for_port

RQ_BACKEND = "django_tasks_rq.RQBackend"


class RedisSettingsTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        redis_server = shutil.which("redis-server")
        if not redis_server:
            raise RuntimeError("These tests need Debian's redis-server (.ci/run installs it).")
        port = free_port()
        server = subprocess.Popen(
            [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        cls.addClassCleanup(server.wait, timeout=30)
        cls.addClassCleanup(server.terminate)
        wait_for_port(port, process=server)
        cls.redis_url = f"redis://127.0.0.1:{port}/0"
        # Collected once for every test here: /healthz and the deploy checks need them.
        cls.static_root = cls.enterClassContext(TemporaryDirectory())
        env = production_env(Path(cls.static_root), STATIC_ROOT=cls.static_root)
        collected = manage("collectstatic", "--no-input", env=env)
        if collected.returncode:
            raise RuntimeError(collected.stderr)

    def env(self, data_dir: str, **overrides: str) -> dict[str, str]:
        redis = {"REDIS_URL": self.redis_url, "TASKS_BACKEND": RQ_BACKEND}
        static = {"STATIC_ROOT": self.static_root}
        return production_env(Path(data_dir), **redis | static | overrides)

    def probe(self, *args: str, env: dict[str, str]) -> dict:
        result = subprocess.run(
            [sys.executable, "-m", "tests.platform.redis_probe", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_cache_and_task_queue_run_on_redis(self):
        with TemporaryDirectory() as data_dir:
            seen = self.probe(env=self.env(data_dir, HEALTHZ_STUCK_TASK_MINUTES="0"))

        self.assertEqual(seen["cache_backend"], "django.core.cache.backends.redis.RedisCache")
        self.assertEqual(seen["cached"], "shared across workers")
        self.assertEqual(seen["healthz_while_waiting"]["checks"]["tasks"], "stuck")
        self.assertEqual((seen["status"], seen["return_value"]), ("SUCCESSFUL", 5))
        self.assertEqual(seen["healthz_after_work"]["status"], "ok")

    def test_production_checks_pass_with_the_redis_task_queue(self):
        with TemporaryDirectory() as data_dir:
            result = manage("check", "--deploy", "--fail-level", "WARNING", env=self.env(data_dir))

        self.assertEqual(result.returncode, 0, result.stderr)

    def test_redis_task_queue_without_redis_url_stops_start_up(self):
        with TemporaryDirectory() as data_dir:
            result = manage("check", env=self.env(data_dir, REDIS_URL=""))

        self.assertNotEqual(result.returncode, 0)
        self.assertIn("REDIS_URL must be set", result.stderr)

    def test_unreachable_redis_makes_the_node_unavailable(self):
        closed = f"redis://127.0.0.1:{free_port()}/0"
        with TemporaryDirectory() as data_dir:
            answer = self.probe("healthz", env=self.env(data_dir, REDIS_URL=closed))

        self.assertEqual(
            answer,
            {
                "status": "unavailable",
                "checks": {"database": "ok", "tasks": "unreachable", "static_files": "ok"},
            },
        )
