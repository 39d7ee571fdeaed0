"""Turn an ``EMAIL_URL`` into a Django 6.1 ``MAILERS`` entry.

One URL configures sending, in the spirit of ``DATABASE_URL``:

- ``console://`` prints messages (the development default)
- ``file:///path/to/dir`` writes each message to a file in that folder
- ``locmem://`` keeps messages in memory (tests)
- ``smtp://user:pass@host:port`` plain SMTP, ``smtp+tls://`` STARTTLS, ``smtp+ssl://`` implicit TLS

https://docs.djangoproject.com/en/6.1/topics/email/#mailers
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    # Django's SMTP backend, with a deadline for a whole send (outbox/smtp.py).
    "smtp": "outbox.smtp.EmailBackend",
    "smtp+tls": "outbox.smtp.EmailBackend",
    "smtp+ssl": "outbox.smtp.EmailBackend",
}


def mailer_from_url(url: str, *, timeout: float) -> dict:
    """Return one ``MAILERS`` alias configuration for ``url``.

    ``timeout`` bounds every SMTP network operation so a hanging mail server can
    never hold a worker for long.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        backend = BACKENDS[scheme]
    except KeyError:
        known = ", ".join(f"{name}://" for name in BACKENDS)
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported; use one of {known}"
        ) from None

    options: dict = {}
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a folder path")
        options["file_path"] = unquote(parts.path)
    elif scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL smtp:// needs a host name")
        default_port = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[scheme]
        options |= {
            "host": parts.hostname,
            "port": parts.port or default_port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": scheme == "smtp+tls",
            "use_ssl": scheme == "smtp+ssl",
            "timeout": timeout,
        }
    return {"BACKEND": backend, "OPTIONS": options}
