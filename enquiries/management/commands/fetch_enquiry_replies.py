"""Fetch enquirers' answers (and bounces) from the triage mailbox over IMAP (IMAP_URL).

Run it from cron every few minutes. It is idempotent: it reads unseen messages, stores
each once by its Message-ID, and only then marks it seen; a run that stops half way
leaves the rest for the next. No database transaction is open while the mail server is
talked to.
"""

import imaplib
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from enquiries.inbound import inbound_store


@dataclass(frozen=True)
class Mailbox:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @classmethod
    def from_url(cls, url: str) -> "Mailbox":
        """imap://user:password@host:143/INBOX, or imaps:// for IMAP over TLS (port 993)."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
            raise CommandError(
                "IMAP_URL must look like imaps://user:password@mail.example.org/INBOX"
            )
        secure = parts.scheme == "imaps"
        return cls(
            secure=secure,
            host=parts.hostname,
            port=parts.port or (993 if secure else 143),
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
        )

    def connect(self) -> imaplib.IMAP4:
        timeout = settings.EMAIL_TIMEOUT_SECONDS
        imap_class = imaplib.IMAP4_SSL if self.secure else imaplib.IMAP4
        imap = imap_class(self.host, self.port, timeout=timeout)
        imap.login(self.user, self.password)
        imap.select(self.folder)
        return imap


class Command(BaseCommand):
    help = "Store enquirers' replies from the triage mailbox (IMAP_URL) on their enquiries."

    def handle(self, *, verbosity, **options):
        if not settings.IMAP_URL:
            raise CommandError("IMAP_URL is not set: there is no triage mailbox to read.")
        mailbox = Mailbox.from_url(settings.IMAP_URL)
        outcomes = Counter()
        try:
            imap = mailbox.connect()
        except (OSError, imaplib.IMAP4.error) as error:
            raise CommandError(f"Could not read the triage mailbox: {error}") from error
        with imap:
            _, found = imap.uid("SEARCH", None, "UNSEEN")
            for uid in found[0].split():
                _, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next(part[1] for part in data if isinstance(part, tuple))
                outcomes[inbound_store(raw=raw)] += 1
                imap.uid("STORE", uid, "+FLAGS", r"(\Seen)")
        for outcome in ("matched", "unmatched", "bounce", "duplicate"):
            self.stdout.write(f"{outcome.capitalize()}: {outcomes[outcome]}")
