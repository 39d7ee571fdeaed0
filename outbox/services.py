"""Every write to the outbox: queueing an email, resending it, rescuing it, deleting it.

An email is a row written in the same transaction as the change that causes it, and so is
its task when the task queue is a table of the same database (any other backend is
called after commit: tasks.deliver_once_committed). The worker sends it (never a web
request, never inside a transaction) and retries with backoff. The worker also runs
``emails_recover()`` on start and every half minute, for emails whose worker died
mid-send or whose task was lost.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from outbox import registry
from outbox.models import EmailStatus, OutboundEmail
from outbox.smtp import send_deadline_seconds
from outbox.tasks import deliver_once_committed, send_email

# A task left this long without a worker picking it up has been lost, e.g. its record was
# deleted, the database failed the task's own bookkeeping, or (with a task backend outside
# the database) the process died between commit and enqueue.
LOST_TASK_GRACE = timedelta(minutes=2)
# Between the end of the send deadline and reclaiming: the database writes around a send
# (each may wait out SQLite's busy timeout) and clocks of worker machines slightly apart.
RECLAIM_MARGIN = timedelta(minutes=1)


def email_queue(
    *,
    about: models.Model,
    kind: str,
    template: str,
    context: dict,
    to: str,
    once_key: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundEmail | None:
    """Queue an email about ``about``, from ``<template>_subject.txt`` and ``<template>.txt``.

    ``headers`` are sent as given; a ``Reply-To`` among them replaces the clinic's address.

    With a ``once_key``, an email about ``about`` with that key to that address is queued
    once ever: None the second time, even when two runs queue it at the same moment. The
    database's unique constraint decides, without a look first: callers that run often
    (cron) leave out of their own query what already has its email.
    """
    content_type = ContentType.objects.get_for_model(about)
    subject = render_to_string(f"{template}_subject.txt", context)
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                content_type=content_type,
                object_id=about.pk,
                kind=kind,
                once_key=once_key,
                to_address=to,
                # Headers are one line; the template's own line breaks are not content.
                subject=" ".join(subject.split()),
                body=render_to_string(f"{template}.txt", context),
                message_id=_new_message_id(),
                headers=headers or {},
            )
            deliver_once_committed([email.pk])
    except IntegrityError:
        if once_key and _already_queued(about, once_key, to):
            return None  # another run queued it first
        raise
    return email


def _already_queued(about: models.Model, once_key: str, to: str) -> bool:
    return OutboundEmail.objects.about(about).filter(once_key=once_key, to_address=to).exists()


def email_resend(*, email: OutboundEmail, by: AbstractBaseUser) -> OutboundEmail | None:
    """Send an email again now, at a member of staff's request; their app records it.

    A queued or failed email is retried in place; a sent one is copied so the history
    stays true. Returns None while the email is being sent.
    """
    if email.status == EmailStatus.SENDING:
        return None
    now = timezone.now()
    with transaction.atomic():
        if email.status == EmailStatus.SENT:
            resent = OutboundEmail.objects.create(
                content_type=email.content_type,
                object_id=email.object_id,
                kind=email.kind,
                to_address=email.to_address,
                subject=email.subject,
                body=email.body,
                message_id=_new_message_id(),
                headers=email.headers,
            )
        else:
            OutboundEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.QUEUED, next_attempt_at=now, queued_at=now, attempts=0
            )
            resent = email
        registry.record_staff_access(user=by, emails=[email], access=registry.Access.RESEND)
        deliver_once_committed([resent.pk])
    return resent


def email_record_view(*, email: OutboundEmail, by: AbstractBaseUser) -> None:
    """A member of staff opened ``email``; its app records it (e.g. in the audit log)."""
    registry.record_staff_access(user=by, emails=[email], access=registry.Access.VIEW)


def emails_record_listing(
    *, emails: Iterable[OutboundEmail], search_term: str, by: AbstractBaseUser
) -> None:
    """A member of staff was shown a page of the email list, perhaps searched with
    ``search_term``; the apps the emails are about record it (e.g. in the audit log)."""
    registry.record_staff_listing(user=by, emails=emails, search_term=search_term)


def reclaim_after() -> timedelta:
    """How long after its claim an email still "sending" must belong to a dead worker."""
    return timedelta(seconds=send_deadline_seconds()) + RECLAIM_MARGIN


@dataclass
class Recovery:
    stuck: int
    lost: int


def emails_recover(*, now: datetime | None = None, dry_run: bool = False) -> Recovery:
    """Queue again emails whose worker died mid-send, and enqueue lost tasks again.

    An email reclaimed here may have reached the mail server before its worker died: it
    then arrives twice, with the same Message-ID. A live worker's send never lasts as long
    as ``reclaim_after()`` (outbox/smtp.py enforces the deadline), so it is never sent
    twice at once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stuck = OutboundEmail.objects.stuck_sending(claimed_before=now - reclaim_after())
        lost = OutboundEmail.objects.due(now - LOST_TASK_GRACE)
        stuck_ids = list(stuck.values_list("pk", flat=True))
        lost_ids = list(lost.values_list("pk", flat=True))
        if not dry_run:
            stuck.update(
                status=EmailStatus.QUEUED,
                next_attempt_at=now,
                claimed_at=None,
                last_error="The worker stopped while sending; sending again.",
            )
            # Restart the grace period, so the next run does not enqueue these again
            # while this run's tasks wait for a worker.
            lost.update(next_attempt_at=now)
            deliver_once_committed(stuck_ids + lost_ids)
    return Recovery(stuck=len(stuck_ids), lost=len(lost_ids))


def emails_delete(*, emails: models.QuerySet) -> int:
    """Delete these emails and the task records that name them (erasure, retention).

    A task being run right now is left to finish; it holds only the email's number and
    finds no email. Call inside a transaction. Returns how many emails were deleted.
    """
    email_ids = list(emails.values_list("pk", flat=True))
    DBTaskResult.objects.filter(
        task_path=send_email.module_path, args_kwargs__args__0__in=email_ids
    ).exclude(status=TaskResultStatus.RUNNING).delete()
    deleted, _ = OutboundEmail.objects.filter(pk__in=email_ids).delete()
    return deleted


def _new_message_id() -> str:
    # An explicit domain: Python's default looks up the host's name in DNS.
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")
