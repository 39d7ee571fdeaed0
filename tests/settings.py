"""Test settings: the real settings with fast, isolated stand-ins for slow or shared parts."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# With debug off the real settings ask where email goes; MAILERS below keeps it in memory.
os.environ.setdefault("EMAIL_URL", "console://")

from genesis_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The rules cache stays on its database table, which each test's transaction rolls back.
CACHES = {
    **CACHES,  # noqa: F405
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STRICT_TEMPLATE_VARIABLES = True
# Tests roll back instead of committing, so publishing would never empty the page
# cache; tests/genesis_site/test_page_cache.py switches it on.
PAGE_CACHE_SECONDS = 0
# Other tests sign staff in with force_login; tests/platform switches this on to test it.
ADMIN_REQUIRE_2FA = False

# A file, not memory, for the SQLite test database: the concurrent-submission test runs
# threads, and threads sharing an in-memory database fail instead of waiting for the lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"genesis-tests-{os.getpid()}.sqlite3")
    }
