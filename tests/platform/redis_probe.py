"""Run by test_redis.py in a fresh process, so settings are read from the environment
(REDIS_URL) exactly as a web process reads them. Prints what it saw as JSON."""

import json

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402


def main() -> dict:
    cache.set("probe", "shared across workers", 30)
    return {"cache_backend": settings.CACHES["default"]["BACKEND"], "cached": cache.get("probe")}


if __name__ == "__main__":
    print(json.dumps(main()))
