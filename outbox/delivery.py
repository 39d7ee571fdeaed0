"""Sending one queued email: what the task worker runs, and nothing else calls.

Kept apart from services.py, which enqueues the task that calls this: each module then
imports the other's side only one way (services -> tasks -> delivery).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone

from genesis_site import privacy
from outbox import registry
from outbox.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    outcome: str  # "sent", "not due", "retry" or "failed"
    retry_at: datetime | None = None


def deliver(*, email_id: int) -> Delivery:
    """Send one queued email if it is due; record the outcome on its row.

    Claiming the row with a conditional UPDATE first means two workers (or a retry
    task and a recovery task) can never both send it. The one exception: a worker
    killed after the mail server accepted the message but before the row says "sent";
    recovery then sends it again, with the same Message-ID. No transaction is open
    while the mail server is talked to.
    """
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.due(now)
        .filter(pk=email_id)
        .update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return Delivery("not due")
    email = OutboundEmail.objects.get(pk=email_id)
    # Mail servers quote addresses (and sometimes the message) back in their errors.
    privacy.remember(email.to_address, *registry.personal_values(email.about))
    headers = dict(email.headers)
    # Django sets Reply-To only from its own argument, never from extra headers.
    reply_to = headers.pop("Reply-To", settings.CLINIC["email"])
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        to=[email.to_address],
        reply_to=[reply_to],
        headers={**headers, "Message-ID": email.message_id},
    )
    try:
        message.send(using="default")
    except Exception as error:  # any failure at all must be recorded on the row and retried
        return _record_failure(email, error)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), claimed_at=None, next_attempt_at=None
    )
    return Delivery("sent")


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... times the base delay after each failed attempt, up to the maximum."""
    seconds = settings.EMAIL_RETRY_SECONDS * 2 ** min(attempts - 1, 30)
    return timedelta(seconds=min(seconds, settings.EMAIL_RETRY_MAX_SECONDS))


def _record_failure(email: OutboundEmail, error: Exception) -> Delivery:
    # Staff read the error on the row to decide whether to resend; the logs get only its
    # type. Neither needs the recipient's address, which mail servers often quote.
    last_error = privacy.redact(f"{type(error).__name__}: {error}")[:2000]
    attempts = email.attempts
    give_up = _is_permanent(error) or attempts >= settings.EMAIL_MAX_ATTEMPTS
    next_attempt_at = None if give_up else timezone.now() + retry_delay(attempts)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED if give_up else EmailStatus.QUEUED,
        next_attempt_at=next_attempt_at,
        claimed_at=None,
        last_error=last_error,
    )
    if give_up:
        logger.error(
            "Email %s failed after %s attempts (%s); staff can resend it from admin",
            email.pk,
            attempts,
            type(error).__name__,
        )
        return Delivery("failed")
    logger.warning(
        "Email %s not sent on attempt %s (%s); retrying at %s",
        email.pk,
        attempts,
        type(error).__name__,
        next_attempt_at.isoformat(),
    )
    return Delivery("retry", retry_at=next_attempt_at)


def _is_permanent(error: Exception) -> bool:
    """True when the mail server refused every recipient for good (a 5xx reply)."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )
