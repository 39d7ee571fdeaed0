"""Run by test_redis.py in a fresh process, so settings are read from the environment
(REDIS_URL, TASKS_BACKEND) exactly as a web or worker process reads them.
Prints what it saw as JSON; with the argument ``healthz``, only the health answer."""

import json
import sys

import django

django.setup()

import django_rq  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django_tasks_rq import Job  # noqa: E402
from rq import SimpleWorker  # noqa: E402

from tests.platform.tasks import add  # noqa: E402


def healthz() -> dict:
    return Client().get("/healthz", headers={"host": "127.0.0.1"}).json()


def main() -> dict:
    seen = {"cache_backend": settings.CACHES["default"]["BACKEND"]}
    cache.set("probe", "shared across workers", 30)
    seen["cached"] = cache.get("probe")

    result = add.enqueue(2, 3)
    seen["healthz_while_waiting"] = healthz()
    queue = django_rq.get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    result.refresh()
    seen |= {
        "status": result.status,
        "return_value": result.return_value,
        "healthz_after_work": healthz(),
    }
    return seen


if __name__ == "__main__":
    print(json.dumps(healthz() if sys.argv[1:] == ["healthz"] else main()))
