"""Therapy pages' own writes: review reminders to page owners and "Was this page helpful?".

The editorial workflow (drafts, review, publishing, history) is in ``editorial.services``.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.models import OutboundEmail
from therapies.models import PageFeedback, ReviewReminder, Therapy

# A visitor's answer to "Was this page helpful?" counts once per page per day.
FEEDBACK_WINDOW_SECONDS = 24 * 60 * 60


@dataclass
class ReminderRun:
    queued: list[str] = field(default_factory=list)


def review_reminders_queue(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    """Email each therapy page's owner and settings.EDITORIAL_REVIEW_EMAIL when its review is
    due within 30 days, and again when it is overdue: once per page, due date, state and
    address.

    The outbox sends them (the task worker, with retries), never this function: a slow mail
    server holds up nothing here. Safe to run from cron as often as you like, even twice
    at once: the outbox queues an email with the same once-key only once.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    for therapy in Therapy.objects.due_for_review(today).select_related("owner"):
        kind = (
            ReviewReminder.OVERDUE if therapy.next_review_due < today else ReviewReminder.DUE_SOON
        )
        once_key = f"{kind}:{therapy.next_review_due.isoformat()}"
        sent_before = set(
            OutboundEmail.objects.about(therapy)
            .filter(once_key=once_key)
            .values_list("to_address", flat=True)
        )
        recipients = [to for to in _reminder_recipients(therapy) if to not in sent_before]
        if not dry_run:
            recipients = [
                to for to in recipients if _queue_reminder(therapy, kind, today, to, once_key)
            ]
        if recipients:
            run.queued.append(f"{therapy} ({kind.label.lower()}) to {', '.join(recipients)}")
    return run


def _reminder_recipients(therapy: Therapy) -> list[str]:
    owner_email = therapy.owner.email if therapy.owner else ""
    return list(
        dict.fromkeys(
            address for address in [owner_email, settings.EDITORIAL_REVIEW_EMAIL] if address
        )
    )


def _queue_reminder(
    therapy: Therapy, kind: ReviewReminder, today: date, to: str, once_key: str
) -> OutboundEmail | None:
    return outbox.email_queue(
        about=therapy,
        kind=kind,
        template=f"therapies/email/{kind}",
        context={
            "therapy": therapy,
            "days": (therapy.next_review_due - today).days,
            "clinic": settings.CLINIC,
            "admin_url": settings.SITE_URL
            + reverse("admin:therapies_therapy_change", args=[therapy.pk]),
        },
        to=to,
        once_key=once_key,
    )


def feedback_record(*, therapy: Therapy, helpful: bool, client_key: str) -> bool:
    """Count one answer to "Was this page helpful?"; False if this client already answered
    for this page today.

    ``client_key`` is a keyed hash of the visitor's address. It is kept only in the rules
    cache, for a day, and never stored with the answer.
    """
    key = f"therapies:feedback:{therapy.pk}:{timezone.localdate()}:{client_key}"
    if not caches["rules"].add(key, True, timeout=FEEDBACK_WINDOW_SECONDS):
        return False
    PageFeedback.objects.create(therapy=therapy, helpful=helpful)
    return True
