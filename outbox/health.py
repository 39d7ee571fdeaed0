"""The outbox's answers for /healthz (named in OutboxConfig.health_checks).

Each returns "ok" or, in a word, what is wrong; genesis_site.health reports a database
error as "unreachable".
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from outbox.models import OutboundEmail, WorkerHeartbeat


def worker_state() -> str:
    """Stopped: no task worker has looked for work for HEALTHZ_WORKER_SILENT_MINUTES."""
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]
    silent_since = timezone.now() - timedelta(minutes=settings.HEALTHZ_WORKER_SILENT_MINUTES)
    return "ok" if last_seen and last_seen >= silent_since else "stopped"


def email_state() -> str:
    """Delayed: an email queued more than HEALTHZ_EMAIL_WAITING_MINUTES ago is still unsent,
    because the worker cannot keep up or the mail server keeps refusing it."""
    queued_before = timezone.now() - timedelta(minutes=settings.HEALTHZ_EMAIL_WAITING_MINUTES)
    waiting = OutboundEmail.objects.waiting(queued_before=queued_before).exists()
    return "delayed" if waiting else "ok"
