"""Draft, review, live and archived versions of the site's content.

A page's own row is what the public sees once it is published. Editing a published page
never touches that row: editors work on a *draft copy*, a second row of the same model whose
``draft_of`` points at the live page, with its own inline parts. Publishing copies the draft
onto the live row (``editorial.services``), so everything that links to the page (enquiries,
the centres offering a therapy) keeps pointing at the same row.

Draft copies are invisible to ordinary queries: each model's default manager (``objects``)
leaves them out, and so do the related managers built from it (``therapy.centres``), the
admin's choices and the sitemaps. Only the ``with_drafts`` manager sees them.

A page that has never been published needs no copy: its own row is the draft, hidden from
the public by its status.
"""

import copy
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from genesis_site.queries import compiling_once

# Staff who may edit a page see its latest version at the page's own address with ?preview.
PREVIEW_PARAMETER = "preview"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    # A draft copy approved to replace its live page at its go-live time.
    SCHEDULED = "scheduled", "Approved, waiting to go live"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


EDITABLE_STATUSES = {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}


def one_year_after(day: date) -> date:
    """The same date next year (28 February after a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def a_year_from_today() -> date:
    """The default "next review due" of a page type that needs clinical approval."""
    return one_year_after(timezone.localdate())


class ClockNow(models.Expression):
    """The time by the application's clock, read each time the query runs.

    Not Django's Now(), which is the database server's clock (and which time-machine cannot
    freeze in tests). Nor timezone.now() written into the filter when it is built: querysets
    built once, such as a form field's choices or a view's ``queryset`` attribute, would then
    keep that moment for as long as the server runs, and scheduled pages would never appear.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        if compiling_once.get():
            raise ImproperlyConfigured("A prepared query takes the time as a value: now=...")
        return "%s", [self.output_field.get_db_prep_value(timezone.now(), connection)]


class PublishableQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None):
        """What the public sees now: published, past its go-live time, before its take-down."""
        now = now or ClockNow()
        return self.filter(
            Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
            Q(take_down_at__isnull=True) | Q(take_down_at__gt=now),
            status=Status.PUBLISHED,
            draft_of__isnull=True,
        )

    def latest_versions(self):
        """Each page as its editors last left it: its draft copy if it has one, else itself."""
        return self.filter(Q(draft_of__isnull=False) | Q(draft__isnull=True))


class LivePagesManager(models.Manager):
    """The pages themselves, never their draft copies (see the module docstring)."""

    def get_queryset(self):
        return super().get_queryset().filter(draft_of__isnull=True)


class Publishable(models.Model):
    """A page, centre or specialist that goes through draft, (review), published, archived."""

    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text="Changed by the buttons at the bottom of the page, not typed.",
    )
    go_live_at = models.DateTimeField(
        "go live at",
        null=True,
        blank=True,
        help_text=(
            "Optional. When publishing, leave empty to go live at once, or choose a date "
            "and time: the site shows the change then, without anyone pressing a button."
        ),
    )
    take_down_at = models.DateTimeField(
        "take down at",
        null=True,
        blank=True,
        help_text="Optional. The page leaves the site at this date and time by itself.",
    )
    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="draft",
        help_text="Set on a draft copy: the live page it will replace when published.",
    )

    # The reverse relations (inline parts) that belong to the page's content, in page order.
    draft_parts: tuple[str, ...] = ()
    # The fields written for patients, checked for plain English and medicine brand names.
    patient_text_fields: tuple[str, ...] = ()
    # Therapy pages are health information: only clinical reviewers may publish them. Such a
    # page type has the dates an approval sets: last_reviewed and next_review_due.
    needs_clinical_approval = False

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(draft_of__isnull=True),
                name="%(app_label)s_%(class)s_unique_live_slug",
                violation_error_message="Another page of this kind already uses this address.",
                # "unique" puts the message on the slug field rather than above the form.
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=Q(take_down_at__isnull=True)
                | Q(go_live_at__isnull=True)
                | Q(take_down_at__gt=F("go_live_at")),
                name="%(app_label)s_%(class)s_take_down_after_go_live",
                violation_error_message="The take-down time must be after the go-live time.",
            ),
        ]

    @classmethod
    def permission(cls, action: str) -> str:
        """``"therapies.publish_therapy"`` for ``Therapy.permission("publish")``."""
        return f"{cls._meta.app_label}.{action}_{cls._meta.model_name}"

    @property
    def page_pk(self) -> int | None:
        """The live page's id: the same for the page and its draft copy."""
        return self.draft_of_id or self.pk

    @property
    def is_draft_copy(self) -> bool:
        return self.draft_of_id is not None

    @property
    def live_page(self):
        """The page itself, or the page this draft copy will replace.

        Links other pages own (the centres offering a therapy) point at the live page, so a
        draft's preview shows them from there.
        """
        return self.draft_of if self.is_draft_copy else self

    @property
    def is_editable(self) -> bool:
        """Live rows are locked once published; their edits go to a draft copy."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_published(self) -> bool:
        """Whether the page's status is Published, whatever its schedule.

        Settable as a yes/no, so builders and demo data can say ``is_published=False``.
        """
        return self.status == Status.PUBLISHED

    @is_published.setter
    def is_published(self, value: bool) -> None:
        self.status = Status.PUBLISHED if value else Status.DRAFT

    def is_live(self, now: datetime | None = None) -> bool:
        """Whether the public sees this row now."""
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and not self.is_draft_copy
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.take_down_at is None or self.take_down_at > now)
        )

    def get_draft(self):
        """The page's draft copy, or None."""
        try:
            draft = self.draft
        except ObjectDoesNotExist:
            return None
        # A draft published or discarded since this page was loaded has no id any more.
        return draft if draft.pk is not None else None

    def get_preview_url(self) -> str:
        return f"{self.get_absolute_url()}?{PREVIEW_PARAMETER}"

    def patient_text(self) -> list[str]:
        """Everything on the page written for patients, for the plain-English checks."""
        return [getattr(self, name) for name in self.patient_text_fields]

    def validate_constraints(self, exclude=None):
        # draft_of is never on a form, yet it decides which constraints apply. A draft copy
        # is checked as the live page it will become, so it cannot take another page's
        # address (nor a specialist's GMC number) and then fail to publish.
        exclude = set(exclude or ()) - {"draft_of"}
        checked = self
        if self.is_draft_copy:
            checked = copy.copy(self)
            checked._state = copy.copy(self._state)
            checked._state.adding = False
            checked.pk, checked.draft_of_id = self.draft_of_id, None
        super(Publishable, checked).validate_constraints(exclude=exclude)
