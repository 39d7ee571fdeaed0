"""Every write in the editorial workflow: drafts, review, publishing and history.

Page types that need clinical approval (therapy pages) go Draft -> In review -> Published
(-> Archived), and only a clinical reviewer (the model's ``publish_*`` permission, e.g.
``therapies.publish_therapy``) may approve one, once it is submitted
and only if someone else made its last change; the approval sets the page's review dates.
Other page types (site pages, centres, specialists) skip the review: an editor with their
``publish_*`` permission publishes them. Each step checks the user's permission,
so the admin, commands and tests cannot skip it, and records a Revision: who, when, why
and the content at that moment.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from editorial import content
from editorial.models import Revision
from editorial.publishing import Publishable, Status


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


# The steps that change a page's content; whoever took the latest may not approve it.
CONTENT_CHANGES = [Revision.Kind.SAVED, Revision.Kind.RESTORED]


def approval_refusal(*, draft: Publishable, by: AbstractBaseUser) -> str:
    """Why ``by`` may not clinically approve ``draft`` now, or "" if they may.

    Every clinical sign-off takes two people: the draft has been submitted for review, and
    the reviewer approving it is not the person who changed it last, superusers included.
    """
    if draft.status == Status.SCHEDULED:
        return "This draft is already approved to go live at its go-live time."
    if draft.status != Status.IN_REVIEW:
        return (
            "This draft has not been submitted for clinical review: only a submitted draft "
            "can be approved."
        )
    last_change = Revision.objects.for_page(draft).filter(kind__in=CONTENT_CHANGES).first()
    if last_change is not None and last_change.created_by_id == by.pk:
        return (
            "You made the last change to this draft, so another clinical reviewer must "
            "approve it: every clinical sign-off takes two people."
        )
    return ""


def publish(
    *,
    draft: Publishable,
    by: AbstractBaseUser,
    note: str = "",
    next_review_due: date | None = None,
    now: datetime | None = None,
) -> Revision:
    """Publish ``draft``: now, or at its go-live time if that is later.

    For a therapy page this is the clinical approval (see ``approval_refusal()``): it is
    recorded as such, and the page's "last reviewed" becomes today and "next review due"
    ``next_review_due``.
    """
    _require(by, "publish", draft)
    if not draft.is_editable:
        raise WorkflowError("This version is already published.")
    now = now or timezone.now()
    kind = Revision.Kind.PUBLISHED
    if draft.needs_clinical_approval:
        if refusal := approval_refusal(draft=draft, by=by):
            raise WorkflowError(refusal)
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
