"""Every write with a side effect: storing enquiries, queueing their emails, triage, privacy.

Emails go through the outbox (outbox/services.py): rows written in the same transaction
as the change that causes them, sent by the task worker after commit.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from centres.models import Centre
from enquiries import ratelimit, satisfaction, subject_access
from enquiries.models import (
    AuditEvent,
    EmailKind,
    Enquiry,
    EnquiryNote,
    ErasureRecord,
    InboundMessage,
    ResponsePolicy,
    SatisfactionAnswer,
    TriageStaff,
    search_term_hash,
    triage_staff,
)
from genesis_site.queries import PreparedQuery
from outbox import registry
from outbox import services as outbox
from outbox.models import OutboundEmail
from therapies.models import Therapy

logger = logging.getLogger(__name__)

# Before any time a member of staff was given an enquiry: first in the round robin.
NEVER = datetime.min.replace(tzinfo=UTC)


class RateLimited(Exception):
    """The client has sent as many enquiries as the rate limit allows for now."""


def enquiry_submit(
    *,
    form_token: str,
    client_key: str,
    enquiry_for: str,
    full_name: str,
    email: str,
    phone: str,
    contact_method: str,
    contact_time: str,
    therapy: Therapy | None,
    centre: Centre | None,
    funding: str,
    insurer: str,
    has_referral: str,
    message: str,
    marketing_opt_in: bool,
    consent_version: str,
    held_as_spam_reason: str = "",
    needs_large_print: bool = False,
    needs_easy_read: bool = False,
    needs_bsl: bool = False,
    needs_interpreter: bool = False,
    interpreter_language: str = "",
    needs_carer: bool = False,
    other_communication_needs: str = "",
) -> Enquiry:
    """Store an enquiry, give it to one of the triage staff if the response policy shares
    them out, and queue its two emails, in one transaction.

    With a ``held_as_spam_reason`` (an Enquiry.SpamSignal) the enquiry is held instead:
    stored, but out of the triage queue and with no emails until staff release it
    (enquiry_release_from_spam). The same form token always gives back the same
    enquiry, even when two copies of the form arrive at once (double click). Raises
    RateLimited, storing nothing, when the client is over the limit: held or not, so
    a bot cannot fill the database either.
    """
    try:
        with transaction.atomic():
            if existing := _sent_before(form_token):
                return existing
            if not ratelimit.allow(client_key):
                raise RateLimited
            now = timezone.now()
            enquiry = Enquiry.objects.create(
                form_token=form_token,
                received_at=now,
                enquiry_for=enquiry_for,
                full_name=full_name,
                email=email,
                phone=phone,
                contact_method=contact_method,
                contact_time=contact_time,
                therapy=therapy,
                centre=centre,
                funding=funding,
                insurer=insurer,
                has_referral=has_referral,
                message=message,
                marketing_opt_in=marketing_opt_in,
                consent_version=consent_version,
                consent_given_at=now,
                status=Enquiry.Status.HELD if held_as_spam_reason else Enquiry.Status.NEW,
                held_as_spam_reason=held_as_spam_reason,
                needs_large_print=needs_large_print,
                needs_easy_read=needs_easy_read,
                needs_bsl=needs_bsl,
                needs_interpreter=needs_interpreter,
                interpreter_language=interpreter_language,
                needs_carer=needs_carer,
                other_communication_needs=other_communication_needs,
            )
            if held_as_spam_reason:
                logger.info("Enquiry %s held as suspected spam (%s)", enquiry, held_as_spam_reason)
            else:
                _welcome(enquiry)
    except IntegrityError:
        # Another request stored this form between our check and our insert.
        if existing := _sent_before(form_token):
            return existing
        raise
    return enquiry


# Every enquiry sent is looked for first: compiled once per process.
_sent_with_token = PreparedQuery(lambda form_token: Enquiry.objects.filter(form_token=form_token))


def _sent_before(form_token: str) -> Enquiry | None:
    """The enquiry already stored from this copy of the form (a double click), if any."""
    found = _sent_with_token.all(form_token=form_token)
    return found[0] if found else None


def enquiry_release_from_spam(*, enquiry: Enquiry, by: AbstractBaseUser) -> bool:
    """Put an enquiry held as suspected spam into the triage queue, as if it arrived now.

    Its reply clock starts now, and the emails that a new enquiry gets go out. Returns
    False, changing nothing, if it is no longer held (someone released it first) or its
    details were erased on request (there is nobody left to reply to).
    """
    held = Enquiry.objects.held_as_spam().with_personal_data()
    with transaction.atomic():
        if not held.select_for_update().filter(pk=enquiry.pk):
            return False
        enquiry.status = Enquiry.Status.NEW
        enquiry.released_at = timezone.now()
        enquiry.released_by = by
        enquiry.due_at = None  # worked out again from the release time when saved
        enquiry.save(update_fields=["status", "released_at", "released_by", "due_at"])
        _welcome(enquiry)
        audit_record(user=by, action=AuditEvent.Action.RELEASE, references=[enquiry.reference])
    return True


def _welcome(enquiry: Enquiry) -> None:
    """What a new enquiry gets as it joins the queue: an assignee if the response policy
    shares enquiries out (first, so the centre's notice names them), then its emails.
    Call inside the transaction that stores it."""
    if ResponsePolicy.current().round_robin:
        _assign_round_robin(enquiry)
    enquiry_emails_queue(enquiry=enquiry)


def enquiry_emails_queue(*, enquiry: Enquiry) -> None:
    """Queue the acknowledgement to the enquirer and the notice to their centre (or the
    triage inbox), once each however often this is called."""
    for kind, to in [
        (EmailKind.ACKNOWLEDGEMENT, enquiry.email),
        (
            EmailKind.CENTRE_NOTIFICATION,
            (enquiry.centre and enquiry.centre.enquiry_email) or settings.ENQUIRY_TRIAGE_EMAIL,
        ),
    ]:
        _queue_email(enquiry, kind, to=to, once_key=kind)


def _assign_round_robin(enquiry: Enquiry) -> None:
    """Give the enquiry to the available triage staff member given one least recently.

    Their rows are locked first (on PostgreSQL), so two enquiries arriving at once go to
    two people, each choice made on the other's outcome. Nobody available: it waits in
    the queue unassigned, as without the round robin.
    """
    available = list(
        TriageStaff.objects.select_for_update(of=("self",))
        .filter(available=True, user__in=triage_staff())
        .select_related("user")
    )
    if not available:
        return
    # Sorted after locking: rows another enquiry just changed come back changed.
    chosen = min(available, key=lambda staff: (staff.last_assigned_at or NEVER, staff.pk))
    enquiry.assignee = chosen.user
    enquiry.save(update_fields=["assignee"])
    _record_assignment(chosen.user)


def _record_assignment(user: AbstractBaseUser) -> None:
    """The round robin's turn order: whoever was given an enquiry last waits longest."""
    TriageStaff.objects.filter(user=user).update(last_assigned_at=timezone.now())


def enquiry_assign(*, enquiry: Enquiry, assignee: AbstractBaseUser, by: AbstractBaseUser) -> None:
    enquiry.assignee = assignee
    if enquiry.status == Enquiry.Status.NEW:
        enquiry.status = Enquiry.Status.IN_PROGRESS
    with transaction.atomic():
        enquiry.save(update_fields=["assignee", "status"])
        _audit_change(enquiry, by=by)
        _record_assignment(assignee)


def enquiry_update_triage(
    *,
    enquiry: Enquiry,
    status: str,
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
) -> None:
    """Save the status and assignee a member of staff set on the enquiry's admin page.

    The admin offers no way into or out of the spam hold: only the website holds an
    enquiry back, and only enquiry_release_from_spam lets it go.
    """
    enquiry.status = status
    enquiry.assignee = assignee
    with transaction.atomic():
        enquiry.save(update_fields=["status", "assignee"])
        _audit_change(enquiry, by=by)


def enquiry_record_first_response(
    *, enquiry: Enquiry, by: AbstractBaseUser, at: datetime, method: str
) -> bool:
    """Stop the enquiry's clock. False if a first response was already recorded.

    Raises ValidationError if ``at`` is before the enquiry arrived.
    """
    if enquiry.first_response_at is not None:
        return False
    if enquiry.status == Enquiry.Status.HELD:
        raise ValidationError(f"{enquiry} is held as suspected spam: release it first.")
    if at < enquiry.received_at:
        raise ValidationError(f"{enquiry} arrived after the reply time you gave.")
    enquiry.first_response_at = at
    enquiry.first_response_by = by
    enquiry.first_response_method = method
    if enquiry.status in (Enquiry.Status.NEW, Enquiry.Status.IN_PROGRESS):
        enquiry.status = Enquiry.Status.RESPONDED
    with transaction.atomic():
        enquiry.save(
            update_fields=[
                "first_response_at",
                "first_response_by",
                "first_response_method",
                "status",
            ]
        )
        _audit_change(enquiry, by=by)
    return True


def enquiry_mark_spam(*, enquiry: Enquiry, by: AbstractBaseUser) -> None:
    enquiry.status = Enquiry.Status.SPAM
    with transaction.atomic():
        enquiry.save(update_fields=["status"])
        _audit_change(enquiry, by=by)


def enquiry_add_note(*, enquiry: Enquiry, text: str, by: AbstractBaseUser) -> EnquiryNote:
    with transaction.atomic():
        note = EnquiryNote.objects.create(enquiry=enquiry, author=by, text=text)
        _audit_change(enquiry, by=by)
    return note


@dataclass
class SlaAlerts:
    due_soon: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def sla_alerts_queue(
    *, within_hours: float | None = None, now: datetime | None = None, dry_run: bool = False
) -> SlaAlerts:
    """Tell the triage inbox, once per enquiry and state, about replies due soon or overdue.

    "Due soon" is the queue's amber badge, counted as the response policy counts, unless
    ``within_hours`` (clock hours) says otherwise. Safe to run from cron as often as you
    like, even twice at once: the outbox queues an email with the same once-key about the
    same enquiry only once. Enquiries whose details were erased are left out: nobody can
    reply to them.
    """
    now = now or timezone.now()
    alerts = SlaAlerts()
    due_soon = (
        Enquiry.objects.due_soon(now)
        if within_hours is None
        else Enquiry.objects.due_within(within_hours, now=now)
    )
    batches = [
        (
            due_soon,
            EmailKind.DUE_SOON_ALERT,
            alerts.due_soon,
        ),
        (Enquiry.objects.overdue(now=now), EmailKind.OVERDUE_ALERT, alerts.overdue),
    ]
    for enquiries, kind, references in batches:
        for enquiry in enquiries.with_personal_data().exclude(emails__once_key=kind):
            if dry_run or _queue_email(
                enquiry, kind, to=settings.ENQUIRY_TRIAGE_EMAIL, once_key=kind
            ):
                references.append(enquiry.reference)
    return alerts


def satisfaction_questions_queue(
    *, now: datetime | None = None, dry_run: bool = False
) -> list[str]:
    """Ask each enquiry closed a little while ago, once, "Did we answer your question?".

    Safe to run from cron as often as you like, even twice at once: the outbox queues the
    question about an enquiry only once. Returns the references asked (or that would be).
    """
    now = now or timezone.now()
    asked = []
    for enquiry in Enquiry.objects.to_ask_if_answered(now):
        if dry_run:
            asked.append(enquiry.reference)
            continue
        with transaction.atomic():
            if _queue_email(
                enquiry,
                EmailKind.SATISFACTION_QUESTION,
                to=enquiry.email,
                once_key=EmailKind.SATISFACTION_QUESTION,
                context={
                    "yes_url": satisfaction.answer_url(enquiry, answer="yes"),
                    "no_url": satisfaction.answer_url(enquiry, answer="no"),
                },
            ):
                # Kept on the enquiry, as the response report counts it after erasure
                # deletes the email.
                Enquiry.objects.filter(pk=enquiry.pk).update(satisfaction_asked_at=now)
                asked.append(enquiry.reference)
    return asked


def satisfaction_answer_record(
    *, enquiry: Enquiry, answered: bool, comment: str
) -> SatisfactionAnswer:
    """Keep the enquirer's answer; the first one stands if the same link is sent twice."""
    try:
        with transaction.atomic():
            return SatisfactionAnswer.objects.create(
                enquiry=enquiry, answered=answered, comment=comment
            )
    except IntegrityError:
        return SatisfactionAnswer.objects.get(enquiry=enquiry)


def _queue_email(
    enquiry: Enquiry, kind: str, *, to: str, once_key: str, context: dict | None = None
) -> OutboundEmail | None:
    """Queue an email from templates/enquiries/email/<kind>.txt; see outbox.email_queue()."""
    return outbox.email_queue(
        about=enquiry,
        kind=kind,
        template=f"enquiries/email/{kind}",
        context={
            "enquiry": enquiry,
            "clinic": settings.CLINIC,
            "admin_url": settings.SITE_URL + enquiry.get_admin_url(),
            **(context or {}),
        },
        to=to,
        once_key=once_key,
    )


def audit_email_access(
    *,
    user: AbstractBaseUser,
    emails: list[OutboundEmail],
    access: registry.Access,
    search_term: str = "",
) -> None:
    """Log staff opening, resending or listing an enquiry's emails, or searching the emails,
    against the enquiries (the outbox calls this, as registered in EnquiriesConfig)."""
    references = list(dict.fromkeys(email.about.reference for email in emails))
    if access == registry.Access.LIST:
        audit_listing_record(user=user, search_term=search_term, references=references)
        return
    action = AuditEvent.Action.VIEW if access == registry.Access.VIEW else AuditEvent.Action.CHANGE
    audit_record(user=user, action=action, references=references)


def enquiries_export_personal_data(*, email: str, by: AbstractBaseUser) -> dict:
    """Everything held about ``email`` (UK GDPR article 15), as subject_access.held_about();
    the export is logged against each enquiry in it."""
    data = subject_access.held_about(email)
    audit_record(
        user=by, action=AuditEvent.Action.EXPORT, references=subject_access.references(data)
    )
    return data


def _audit_change(enquiry: Enquiry, *, by: AbstractBaseUser) -> None:
    audit_record(user=by, action=AuditEvent.Action.CHANGE, references=[enquiry.reference])


def audit_record(*, user: AbstractBaseUser, action: str, references: Iterable[str]) -> None:
    """Log that ``user`` viewed, changed, exported or erased each of these enquiries."""
    AuditEvent.objects.bulk_create(
        AuditEvent(user=user, username=user.get_username(), action=action, reference=reference)
        for reference in references
    )


def audit_listing_record(
    *, user: AbstractBaseUser, search_term: str, references: Iterable[str]
) -> AuditEvent:
    """Log that ``user`` was shown a list of enquiries, or searched and was shown these.

    One entry for the whole page, however many rows it showed. The search term is often a
    patient's name, so only its keyed hash is kept.
    """
    searched = bool(search_term.strip())
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username(),
        action=AuditEvent.Action.SEARCH if searched else AuditEvent.Action.LIST,
        search_hash=search_term_hash(search_term) if searched else "",
        listed="\n".join(references),
    )


def enquiries_erase_on_request(*, email: str, by: AbstractBaseUser) -> ErasureRecord | None:
    """Erase the personal details of every enquiry sent from ``email`` (UK GDPR article 17).

    Returns the record of the erasure, or None if nothing held that address.
    """
    with transaction.atomic():
        # Replies from that address that matched no enquiry go too; nothing counts them.
        InboundMessage.objects.unmatched().filter(from_address__iexact=email.strip()).delete()
        references = _erase(Enquiry.objects.from_email(email))
        if not references:
            return None
        audit_record(user=by, action=AuditEvent.Action.ERASE, references=references)
        return ErasureRecord.objects.create(
            user=by,
            username=by.get_username(),
            reason=ErasureRecord.Reason.REQUEST,
            enquiries=len(references),
        )


RETENTION_BATCH = 200


def enquiries_apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Erase enquiries closed more than ENQUIRY_RETENTION_DAYS ago; how many were (or would be).

    Safe from cron however often it runs, even twice at once: erased enquiries no longer
    match, and each batch is its own short transaction so the site keeps working.
    """
    now = now or timezone.now()
    due = Enquiry.objects.past_retention(now)
    if dry_run:
        return due.count()
    erased = 0
    while True:
        with transaction.atomic():
            batch = list(due.values_list("pk", flat=True)[:RETENTION_BATCH])
            if not batch:
                break
            erased += len(_erase(Enquiry.objects.filter(pk__in=batch), now=now))
    if erased:
        ErasureRecord.objects.create(reason=ErasureRecord.Reason.RETENTION, enquiries=erased)
    return erased


def enquiries_purge_held_spam(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete enquiries held as suspected spam for ENQUIRY_SPAM_RETENTION_DAYS; how many.

    Nobody released them, so nothing counts them: they go whole, with any staff notes.
    They never had emails or tasks. Batched like enquiries_apply_retention.
    """
    due = Enquiry.objects.held_past_retention(now or timezone.now())
    if dry_run:
        return due.count()
    purged = 0
    while True:
        with transaction.atomic():
            # Locked, so one being released at this moment is either released or gone.
            batch = list(due.select_for_update().values_list("pk", flat=True)[:RETENTION_BATCH])
            if not batch:
                break
            Enquiry.objects.filter(pk__in=batch).delete()
            purged += len(batch)
    if purged:
        ErasureRecord.objects.create(reason=ErasureRecord.Reason.SPAM_HOLD, enquiries=purged)
    return purged


def _erase(enquiries, *, now: datetime | None = None) -> list[str]:
    """Blank what the enquirer sent (and wrote in answer to the satisfaction question) and
    delete its emails (sent and received), notes and task records.

    The enquiry keeps its reference, dates, status, centre and therapy, so the response
    report still counts it. Call inside a transaction. Returns the erased references.
    """
    # Locked (on PostgreSQL) so that a second run at the same time waits, then skips them.
    enquiries = enquiries.with_personal_data().select_for_update()
    pks, references = [], []
    for pk, reference in enquiries.values_list("pk", "reference"):
        pks.append(pk)
        references.append(reference)
    if not pks:
        return []
    outbox.emails_delete(emails=OutboundEmail.objects.filter(enquiry__in=pks))
    EnquiryNote.objects.filter(enquiry__in=pks).delete()
    InboundMessage.objects.filter(enquiry__in=pks).delete()
    # Whether we answered their question still counts; what they wrote about it goes.
    SatisfactionAnswer.objects.filter(enquiry__in=pks).update(comment="")
    Enquiry.objects.filter(pk__in=pks, anonymised_at__isnull=True).update(
        **dict.fromkeys(Enquiry.PERSONAL_FIELDS, ""),
        **dict.fromkeys(Enquiry.COMMUNICATION_NEEDS, False),
        marketing_opt_in=False,
        anonymised_at=now or timezone.now(),
    )
    return references
