"""Therapy pages' own writes: review reminders to page owners and "Was this page helpful?".

The editorial workflow (drafts, review, publishing, history) is in ``editorial.services``.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from therapies.models import PageFeedback, ReviewReminder, Therapy

logger = logging.getLogger(__name__)

# A visitor's answer to "Was this page helpful?" counts once per page per day.
FEEDBACK_WINDOW_SECONDS = 24 * 60 * 60


@dataclass
class ReminderRun:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def review_reminders_send(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    """Email each therapy page's owner and settings.EDITORIAL_REVIEW_EMAIL when its review is
    due within 30 days, and again when it is overdue: once per page, due date and state.

    Safe to run from cron as often as you like, even twice at once: a unique row claims
    each reminder in the same transaction that sends it, and a failed send rolls the claim
    back so the next run tries again.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    for therapy in Therapy.objects.due_for_review(today).select_related("owner"):
        state = (
            ReviewReminder.State.OVERDUE
            if therapy.next_review_due < today
            else ReviewReminder.State.DUE_SOON
        )
        claim = {"therapy": therapy, "review_due": therapy.next_review_due, "state": state}
        if ReviewReminder.objects.filter(**claim).exists():
            continue
        recipients = _reminder_recipients(therapy)
        label = f"{therapy} ({state.label.lower()}) to {', '.join(recipients)}"
        if dry_run:
            run.sent.append(label)
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(**claim, sent_to="\n".join(recipients))
                _reminder_email(therapy, state, recipients, today).send()
        except IntegrityError:
            continue  # another run claimed it first
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Review reminder for %s not sent (%s)", therapy, type(error).__name__)
            run.failed.append(label)
            continue
        run.sent.append(label)
    return run


def _reminder_recipients(therapy: Therapy) -> list[str]:
    owner_email = therapy.owner.email if therapy.owner else ""
    return list(
        dict.fromkeys(
            address for address in [owner_email, settings.EDITORIAL_REVIEW_EMAIL] if address
        )
    )


def _reminder_email(
    therapy: Therapy, state: str, recipients: list[str], today: date
) -> EmailMessage:
    context = {
        "therapy": therapy,
        "state": state,
        "days": (therapy.next_review_due - today).days,
        "clinic": settings.CLINIC,
        "admin_url": settings.SITE_URL
        + reverse("admin:therapies_therapy_change", args=[therapy.pk]),
    }
    subject = render_to_string(f"therapies/email/review_{state}_subject.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string(f"therapies/email/review_{state}.txt", context),
        to=recipients,
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
