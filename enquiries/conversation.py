"""The conversation with an enquirer: staff replies by email, threaded with the
acknowledgement, and the enquirer's answers fetched back from the triage mailbox.

Every message about one enquiry is one thread in the enquirer's mail program: the
acknowledgement's Message-ID is the root, each reply names it in ``References`` and the
last message in ``In-Reply-To``, keeps a subject with the reference, and asks for answers
to go to the triage mailbox, which ``manage.py fetch_enquiry_replies`` reads.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from editorial.plain_english import brand_mentions
from enquiries import services
from enquiries.models import (
    AuditEvent,
    EmailKind,
    Enquiry,
    InboundMessage,
    ResponsePolicy,
    SavedReply,
)
from outbox import services as outbox
from outbox.models import OutboundEmail

# A number with a unit of dose, radiation, concentration or proportion, or a Ki-67 index:
# what a clinical result or a dose looks like, which only a clinician should put in writing.
CLINICAL_FIGURE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:GBq|MBq|mSv|mg|mmol/L|%)(?!\w)|\bKi-?67\b", re.IGNORECASE
)


def reply_warnings(body: str) -> list[str]:
    """What a reviewer should look at before this goes to a patient; it may still go."""
    warnings = [
        f"“{figure}” looks like a clinical result or a dose."
        for figure in dict.fromkeys(m.group() for m in CLINICAL_FIGURE.finditer(body))
    ]
    warnings += [
        f"“{brand}” is a prescription-only medicine brand." for brand in brand_mentions([body])
    ]
    return warnings


PLACEHOLDER = re.compile(r"\{(" + "|".join(SavedReply.PLACEHOLDERS) + r")\}")


def saved_reply_fill(*, saved_reply: SavedReply, enquiry: Enquiry) -> str:
    """The saved reply's body for this enquiry; a placeholder the enquiry cannot fill (no
    centre chosen, say) stays as written, for staff to see and fill in by hand."""
    centre = enquiry.centre
    specialists = centre.specialists.published() if centre else None
    if specialists is not None and enquiry.therapy_id:
        specialists = specialists.filter(therapies=enquiry.therapy_id)
    specialist = specialists.first() if specialists is not None else None
    values = {
        "first_name": enquiry.full_name.split()[0] if enquiry.full_name.split() else "",
        "reference": enquiry.reference,
        "centre": centre.name if centre else "",
        "centre_phone": centre.phone if centre else "",
        "specialist": specialist.name if specialist else "",
    }
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] or m.group(), saved_reply.body)


def reply_subject(enquiry: Enquiry) -> str:
    """The same on every reply, so mail programs that thread by subject agree."""
    return f"Re: Your enquiry {enquiry.reference}"


def thread_headers(enquiry: Enquiry) -> dict[str, str]:
    """In-Reply-To the latest message of the conversation, References its root and that."""
    root = enquiry.emails.filter(kind=EmailKind.ACKNOWLEDGEMENT).values_list(
        "message_id", flat=True
    )
    headers = {"Reply-To": settings.ENQUIRY_TRIAGE_EMAIL}
    if not (root := root.first()):
        return headers
    latest = max(
        chain(
            enquiry.emails.filter(kind=EmailKind.REPLY).values_list("created_at", "message_id"),
            enquiry.inbound_messages.values_list("sent_at", "message_id"),
        ),
        default=(None, root),
    )[1]
    references = [root] if latest == root else [root, latest]
    return headers | {"In-Reply-To": latest, "References": " ".join(references)}


def enquiry_reply_send(
    *, enquiry: Enquiry, subject: str, body: str, by: AbstractBaseUser
) -> OutboundEmail:
    """Queue a reply to the enquirer, threaded with their acknowledgement.

    The first reply records the first response (by ``by``, now, by email); any reply
    answers the enquirer's latest message, taking the enquiry off the follow-up clock.
    """
    now = timezone.now()
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        email = outbox.email_queue(
            about=enquiry,
            kind=EmailKind.REPLY,
            template=f"enquiries/email/{EmailKind.REPLY}",
            context={"subject": subject, "body": body},
            to=enquiry.email,
            headers=thread_headers(enquiry),
        )
        services.enquiry_record_first_response(
            enquiry=enquiry, by=by, at=now, method=Enquiry.ResponseMethod.EMAIL
        )
        if enquiry.enquirer_replied_at is not None:
            enquiry.enquirer_replied_at = enquiry.follow_up_due_at = None
            enquiry.save(update_fields=["enquirer_replied_at", "follow_up_due_at"])
        services.audit_record(
            user=by, action=AuditEvent.Action.REPLY, references=[enquiry.reference]
        )
    return email


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "note", "email" or "inbound"
    item: object


def timeline(enquiry: Enquiry) -> list[TimelineEntry]:
    """Notes, emails sent and messages received, oldest first."""
    entries = [TimelineEntry(n.created_at, "note", n) for n in enquiry.notes.all()]
    entries += [TimelineEntry(e.created_at, "email", e) for e in enquiry.emails.all()]
    entries += [TimelineEntry(m.sent_at, "inbound", m) for m in enquiry.inbound_messages.all()]
    return sorted(entries, key=lambda entry: entry.at)


def inbound_attach(
    *, message: InboundMessage, enquiry: Enquiry, by: AbstractBaseUser | None
) -> None:
    """Put an enquirer's message on its enquiry and the enquiry back in the queue, with
    an answer due as the response policy counts from now (a Friday evening reply under
    working hours is due on Monday). ``by`` is who matched it by hand, if anyone."""
    now = timezone.now()
    follow_up_due_at, _due_soon_at = ResponsePolicy.current().deadlines(now)
    with transaction.atomic():
        message.enquiry = enquiry
        message.attached_by = by
        message.save(update_fields=["enquiry", "attached_by"])
        enquiry.enquirer_replied_at = now
        enquiry.follow_up_due_at = follow_up_due_at
        if enquiry.status not in Enquiry.OPEN_STATUSES:
            enquiry.status = Enquiry.Status.IN_PROGRESS
        enquiry.save(update_fields=["enquirer_replied_at", "follow_up_due_at", "status"])
        if by is not None:
            services.audit_record(
                user=by, action=AuditEvent.Action.CHANGE, references=[enquiry.reference]
            )


def inbound_purge_unmatched(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete replies that matched no enquiry and that staff left unattached for
    ENQUIRY_SPAM_RETENTION_DAYS; how many. Nothing counts them, so nothing is kept."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ENQUIRY_SPAM_RETENTION_DAYS)
    stale = InboundMessage.objects.unmatched().filter(fetched_at__lte=cutoff)
    if dry_run:
        return stale.count()
    deleted, _ = stale.delete()
    return deleted
