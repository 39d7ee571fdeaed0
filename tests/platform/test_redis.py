"""REDIS_URL moves the cache to a real Redis. (The task queue stays in the database: README,
"Workers".)"""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import SimpleTestCase

from tests.platform.support import BASE_DIR, free_port, manage, production_env, wait_for_port


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

    def env(self, data_dir: str) -> dict[str, str]:
        return production_env(
            Path(data_dir), REDIS_URL=self.redis_url, STATIC_ROOT=self.static_root
        )

    def probe(self, *, env: dict[str, str]) -> dict:
        result = subprocess.run(
            [sys.executable, "-m", "tests.platform.redis_probe"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_the_cache_runs_on_redis(self):
        with TemporaryDirectory() as data_dir:
            seen = self.probe(env=self.env(data_dir))

        self.assertEqual(seen["cache_backend"], "django.core.cache.backends.redis.RedisCache")
        self.assertEqual(seen["cached"], "shared across workers")

    def test_production_checks_pass_with_the_redis_cache(self):
        with TemporaryDirectory() as data_dir:
            result = manage("check", "--deploy", "--fail-level", "WARNING", env=self.env(data_dir))

        self.assertEqual(result.returncode, 0, result.stderr)
