"""Every write in the editorial workflow: drafts, review, publishing, history and feedback.

Therapy pages go Draft -> In review -> Published (-> Archived), and only a clinical
reviewer (permission ``therapies.publish_therapy``) may approve one; the approval sets the
page's review dates. Site pages, centres and specialists skip the review: an editor with
their ``publish_*`` permission publishes them. Each step checks the user's permission,
so the admin, commands and tests cannot skip it, and records a Revision: who, when, why
and the content at that moment.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from outbox import services as outbox
from outbox.models import OutboundEmail
from therapies import content
from therapies.models import PageFeedback, ReviewReminder, Revision, Therapy
from therapies.publishing import Publishable, Status

# A visitor's answer to "Was this page helpful?" counts once per page per day.
FEEDBACK_WINDOW_SECONDS = 24 * 60 * 60


class WorkflowError(Exception):
    """The page is not at the step this action needs, e.g. publishing a version already live."""


def publishable_models() -> list[type[Publishable]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.proxy
    ]


def may(user: AbstractBaseUser, action: str, model: type[Publishable]) -> bool:
    """Whether ``user`` may ``"change"`` or ``"publish"`` pages of ``model``."""
    return user.is_active and user.has_perm(model.permission(action))


def _require(user: AbstractBaseUser, action: str, page: Publishable) -> None:
    if not may(user, action, type(page)):
        raise PermissionDenied


def revision_record(
    *, page: Publishable, kind: str, by: AbstractBaseUser | None, note: str = ""
) -> Revision:
    """Add a step to ``page``'s history, with its content as it is now."""
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_id=page.page_pk,
        kind=kind,
        note=note,
        created_by=by,
        content=content.snapshot(page),
    )


def draft_start(*, page: Publishable, by: AbstractBaseUser) -> Publishable:
    """The version of ``page`` editors work on, made now if it has none.

    That is the page itself until it is first published, then its draft copy.
    """
    _require(by, "change", page)
    if page.is_editable:
        return page
    if draft := page.get_draft():
        return draft
    try:
        with transaction.atomic():
            return content.clone(page)
    except IntegrityError:
        # Another editor started the draft at the same moment; theirs is the draft.
        return type(page).with_drafts.get(draft_of=page)


def draft_saved(*, draft: Publishable, by: AbstractBaseUser, note: str = "") -> Revision | None:
    """Record that ``by`` saved ``draft`` (the admin has already saved its fields and parts).

    A save that changed nothing and says nothing (e.g. "Save and submit" straight after a
    save) is not a step in the history: None. A draft approved to go live later must be
    approved again once it changes.
    """
    _require(by, "change", draft)
    latest = Revision.objects.for_page(draft).first()
    if latest and not note and latest.content == _as_stored(content.snapshot(draft)):
        return None
    if draft.status == Status.SCHEDULED:
        draft.status = Status.DRAFT
        draft.save(update_fields=["status"])
    return revision_record(page=draft, kind=Revision.Kind.SAVED, by=by, note=note)


def _as_stored(snapshot: dict) -> dict:
    """``snapshot`` as it reads back from a Revision's JSON (dates as text, and so on)."""
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def submit_for_review(*, draft: Publishable, by: AbstractBaseUser, note: str = "") -> Revision:
    _require(by, "change", draft)
    if draft.status != Status.DRAFT:
        raise WorkflowError("Only a draft can be submitted for review.")
    draft.status = Status.IN_REVIEW
    draft.save(update_fields=["status"])
    return revision_record(page=draft, kind=Revision.Kind.SUBMITTED, by=by, note=note)


def return_to_editor(*, draft: Publishable, by: AbstractBaseUser, note: str) -> Revision:
    """A reviewer sends a draft back with a note saying what to change."""
    _require(by, "publish", draft)
    if draft.status != Status.IN_REVIEW:
        raise WorkflowError("Only a page in review can be returned to the editor.")
    draft.status = Status.DRAFT
    draft.save(update_fields=["status"])
    return revision_record(page=draft, kind=Revision.Kind.RETURNED, by=by, note=note)


def publish(
    *,
    draft: Publishable,
    by: AbstractBaseUser,
    note: str = "",
    next_review_due: date | None = None,
    now: datetime | None = None,
) -> Revision:
    """Publish ``draft``: now, or at its go-live time if that is later.

    For a therapy page this is the clinical approval: it is recorded as such, and the page's
    "last reviewed" becomes today and "next review due" ``next_review_due``.
    """
    _require(by, "publish", draft)
    if not draft.is_editable:
        raise WorkflowError("This version is already published.")
    now = now or timezone.now()
    kind = Revision.Kind.PUBLISHED
    if draft.needs_clinical_approval:
        kind = Revision.Kind.APPROVED
        draft.last_reviewed = timezone.localdate(now)
        draft.next_review_due = next_review_due
        if not next_review_due or next_review_due <= draft.last_reviewed:
            raise ValidationError({"next_review_due": "Choose a date after today."})
    with transaction.atomic():
        if draft.is_draft_copy and draft.go_live_at and draft.go_live_at > now:
            # The live page stays as it is until schedules_apply() runs after go-live.
            draft.status = Status.SCHEDULED
            draft.save()
            if not draft.needs_clinical_approval:
                kind = Revision.Kind.SCHEDULED
            return revision_record(page=draft, kind=kind, by=by, note=note)
        page = _go_live(draft, now)
        return revision_record(page=page, kind=kind, by=by, note=note)


def _go_live(draft: Publishable, now: datetime) -> Publishable:
    """Make ``draft``'s content the live page's; returns the live page."""
    went_live = draft.go_live_at is None or draft.go_live_at <= now
    if not draft.is_draft_copy:
        draft.status = Status.PUBLISHED
        if went_live:
            draft.go_live_at = None
        draft.save()
        return draft
    page = content.copy_onto(draft, draft.draft_of, status=Status.PUBLISHED, go_live_at=None)
    draft.delete()
    return page


def archive(*, page: Publishable, by: AbstractBaseUser | None, note: str = "") -> Revision:
    """Take the live page off the site now. ``by`` None: its take-down time came."""
    page = page.live_page
    if by is not None:
        _require(by, "publish", page)
    if page.status != Status.PUBLISHED:
        raise WorkflowError("Only a published page can be taken off the site.")
    page.status = Status.ARCHIVED
    page.save(update_fields=["status", "updated_at"])
    return revision_record(page=page, kind=Revision.Kind.ARCHIVED, by=by, note=note)


def discard_draft(*, draft: Publishable, by: AbstractBaseUser) -> Revision:
    """Throw away a draft copy; the live page stays as it is."""
    _require(by, "change", draft)
    if not draft.is_draft_copy:
        raise WorkflowError("Only a draft of a published page can be discarded.")
    with transaction.atomic():
        revision = revision_record(page=draft, kind=Revision.Kind.DISCARDED, by=by)
        draft.delete()
    return revision


def restore(*, revision: Revision, by: AbstractBaseUser) -> Publishable:
    """Put an earlier version's content into the page's draft, for review and publishing.

    The live page does not change: the restored version goes through the workflow like any
    other edit (for therapy pages, a clinical reviewer approves it).
    """
    page = revision.page
    with transaction.atomic():
        draft = draft_start(page=page, by=by)
        draft = content.restore(revision.content, into=draft)
        if draft.status != Status.DRAFT:
            draft.status = Status.DRAFT
            draft.save(update_fields=["status"])
        when = timezone.localtime(revision.created_at)
        revision_record(
            page=draft,
            kind=Revision.Kind.RESTORED,
            by=by,
            note=f"Restored the version of {when:%d %B %Y, %H:%M} ({revision.get_kind_display()}).",
        )
    return draft


@dataclass
class ScheduleRun:
    went_live: list[str] = field(default_factory=list)
    taken_down: list[str] = field(default_factory=list)


def schedules_apply(*, now: datetime | None = None, dry_run: bool = False) -> ScheduleRun:
    """Settle every go-live and take-down time that has passed. Safe to run at any time.

    Public pages already honour the times on their own (``published()`` compares them with
    the clock); this brings the rows into line, so the admin shows the right status, cached
    pages are refreshed, and approved drafts of live pages replace them.
    """
    now = now or timezone.now()
    run = ScheduleRun()
    for model in publishable_models():
        steps = [
            (
                model.with_drafts.filter(status=Status.SCHEDULED, go_live_at__lte=now),
                run.went_live,
                _go_live_by_schedule,
            ),
            (
                model.objects.filter(status=Status.PUBLISHED, take_down_at__lte=now),
                run.taken_down,
                _take_down_by_schedule,
            ),
            (
                model.objects.filter(status=Status.PUBLISHED, go_live_at__lte=now),
                run.went_live,
                _go_live_by_schedule,
            ),
        ]
        for due, names, action in steps:
            for pk in due.values_list("pk", flat=True):
                with transaction.atomic():
                    # Locked and checked again, so two runs at once act on each page once.
                    row = due.select_for_update(skip_locked=True).filter(pk=pk).first()
                    if row is None:
                        continue
                    names.append(f"{model._meta.verbose_name}: {row}")
                    if not dry_run:
                        action(row, now)
    return run


def _go_live_by_schedule(row: Publishable, now: datetime) -> None:
    page = _go_live(row, now)
    revision_record(
        page=page, kind=Revision.Kind.PUBLISHED, by=None, note="Went live as scheduled."
    )


def _take_down_by_schedule(row: Publishable, now: datetime) -> None:
    archive(page=row, by=None, note="Taken down as scheduled.")


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

    ``client_key`` is a keyed hash of the visitor's address. It is kept only in the cache,
    for a day, and never stored with the answer.
    """
    key = f"therapies:feedback:{therapy.pk}:{timezone.localdate()}:{client_key}"
    if not cache.add(key, True, timeout=FEEDBACK_WINDOW_SECONDS):
        return False
    PageFeedback.objects.create(therapy=therapy, helpful=helpful)
    return True
