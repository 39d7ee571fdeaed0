import logging
import secrets
from datetime import datetime, timedelta

import holidays
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from centres.models import Weekday
from editorial.publishing import LivePagesManager, Publishable, PublishableQuerySet, one_year_after
from enquiries.formatting import short_duration
from enquiries.policy import ClockHours, NoWorkingTime, WorkingHours, describe_week
from genesis_site.queries import PreparedQuery
from genesis_site.shared_cache import kept_until_changed
from genesis_site.uk_time import clock, friendly_time

logger = logging.getLogger(__name__)

# The group made by migration 0002: the people who answer enquiries.
TRIAGE_GROUP = "Triage staff"

# No 0/O, 1/I/L: a reference read out over the phone cannot be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A short, unguessable reference such as ENQ-7K3D9Q (31**6, about 900 million)."""
    return "ENQ-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def triage_staff():
    """The people who can be given enquiries: active staff in the "Triage staff" group."""
    return get_user_model().objects.filter(groups__name=TRIAGE_GROUP, is_active=True, is_staff=True)


# The satisfaction question waits a little after closing, so an enquiry closed by mistake
# can be reopened before anyone is asked; after a week it is too late to ask, and a first
# run never writes to everyone ever closed.
SATISFACTION_ASK_AFTER = timedelta(hours=1)
SATISFACTION_ASK_WITHIN = timedelta(days=7)


class EmailKind(models.TextChoices):
    """The emails about an enquiry (templates/enquiries/email/<kind>.txt), registered with
    the outbox in EnquiriesConfig."""

    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to the enquirer"
    CENTRE_NOTIFICATION = "centre_notification", "New enquiry notice to the centre"
    DUE_SOON_ALERT = "due_soon_alert", "Reply due soon alert to triage"
    OVERDUE_ALERT = "overdue_alert", "Reply overdue alert to triage"
    REPLY = "reply", "Reply to the enquirer"
    SATISFACTION_QUESTION = "satisfaction_question", "“Did we answer?” to the enquirer"


class SlaState(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    NOT_NEEDED = "not_needed", "No response needed"
    HELD = "held", "Held as suspected spam"


class EnquiryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Enquiry.OPEN_STATUSES)

    def awaiting_response(self):
        """Enquiries whose 24-hour clock is still running (or has run out).

        An enquiry held as suspected spam has no clock until staff release it.
        """
        # Open, not "neither closed, spam nor held": the (status, due_at) index can seek
        # each open status's due times; a NOT IN would read every unanswered enquiry ever
        # kept. The same enquiries, as an answered one always has its first response.
        return self.open().filter(first_response_at__isnull=True)

    def held_as_spam(self):
        return self.filter(status=Enquiry.Status.HELD)

    def on_track(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.awaiting_response().filter(due_soon_at__gt=now)

    def due_within(self, hours: float, now: datetime | None = None):
        """Due in the next ``hours`` clock hours, or due now."""
        now = now or timezone.now()
        return self.awaiting_response().filter(
            due_at__gte=now, due_at__lte=now + timedelta(hours=hours)
        )

    def due_soon(self, now: datetime | None = None):
        """Inside the last ENQUIRY_DUE_SOON_HOURS of the promise, counted as it is counted."""
        now = now or timezone.now()
        return self.awaiting_response().filter(due_soon_at__lte=now, due_at__gte=now)

    def overdue(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.awaiting_response().filter(due_at__lt=now)

    def met(self):
        return self.filter(first_response_at__lte=F("due_at"))

    def with_personal_data(self):
        return self.filter(anonymised_at__isnull=True)

    def past_retention(self, now: datetime | None = None):
        """Closed (or spam) long enough ago that their personal data must go."""
        now = now or timezone.now()
        return self.with_personal_data().filter(
            status__in=Enquiry.CLOSED_STATUSES,
            closed_at__lte=now - timedelta(days=settings.ENQUIRY_RETENTION_DAYS),
        )

    def held_past_retention(self, now: datetime | None = None):
        """Held as suspected spam for longer than staff have to release them."""
        now = now or timezone.now()
        return self.held_as_spam().filter(
            received_at__lte=now - timedelta(days=settings.ENQUIRY_SPAM_RETENTION_DAYS)
        )

    def from_email(self, email: str):
        return self.with_personal_data().filter(email__iexact=email.strip())

    def missed(self):
        return self.filter(first_response_at__gt=F("due_at"))

    def to_ask_if_answered(self, now: datetime | None = None):
        """Closed enquiries due the one question "Did we answer your question?".

        Those we replied to, closed between SATISFACTION_ASK_AFTER and SATISFACTION_ASK_WITHIN
        ago, never asked, not marked sensitive and not erased. Spam, and enquiries held as
        suspected spam, are never closed, so never asked.
        """
        now = now or timezone.now()
        return self.with_personal_data().filter(
            status=Enquiry.Status.CLOSED,
            first_response_at__isnull=False,
            sensitive=False,
            satisfaction_asked_at__isnull=True,
            closed_at__lte=now - SATISFACTION_ASK_AFTER,
            closed_at__gt=now - SATISFACTION_ASK_WITHIN,
        )

    def in_sla_state(self, state: str, now: datetime | None = None):
        return {
            SlaState.ON_TRACK: lambda: self.on_track(now),
            SlaState.DUE_SOON: lambda: self.due_soon(now),
            SlaState.OVERDUE: lambda: self.overdue(now),
            SlaState.MET: self.met,
            SlaState.MISSED: self.missed,
            SlaState.NOT_NEEDED: lambda: self.filter(
                first_response_at__isnull=True,
                status__in=[Enquiry.Status.CLOSED, Enquiry.Status.SPAM],
            ),
            SlaState.HELD: self.held_as_spam,
        }[state]()


# Outside Enquiry so that its Meta.constraints can name the members (a class body cannot
# see the names of the class it is nested in). Use it as Enquiry.Status.
class EnquiryStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING = "waiting", "Waiting on enquirer"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"
    # Set only by the website, left only by release (services.enquiry_release_from_spam).
    HELD = "held", "Held as suspected spam"


class Enquiry(models.Model):
    Status = EnquiryStatus

    class SpamSignal(models.TextChoices):
        """Why the website held an enquiry back: what a bot does, and sometimes a person."""

        HONEYPOT = "honeypot", "Hidden field filled in (a bot, or the browser's autofill)"
        TOO_FAST = "too_fast", "Sent faster than a person could type it"

    class EnquiryFor(models.TextChoices):
        MYSELF = "myself", "Myself"
        SOMEONE_ELSE = "someone_else", "Someone else, with their permission"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        EITHER = "either", "Either is fine"

    class ContactTime(models.TextChoices):
        ANY = "any", "Any time"
        MORNING = "morning", "Morning (9am to midday)"
        AFTERNOON = "afternoon", "Afternoon (midday to 5pm)"

    class Funding(models.TextChoices):
        INSURANCE = "insurance", "Private medical insurance"
        SELF_PAY = "self_pay", "Paying for myself (self-pay)"
        NOT_SURE = "not_sure", "Not sure yet"

    class Referral(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "Not sure"

    class ResponseMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)
    CLOSED_STATUSES = (Status.CLOSED, Status.SPAM)
    # What the enquirer told us; erasure blanks these and keeps the rest for the SLA report.
    PERSONAL_FIELDS = (
        "full_name",
        "email",
        "phone",
        "insurer",
        "message",
        "interpreter_language",
        "other_communication_needs",
    )
    # Ticked communication needs, with the short names the queue shows; erasure unticks them.
    COMMUNICATION_NEEDS = {
        "needs_large_print": "Large print",
        "needs_easy_read": "Easy read",
        "needs_bsl": "BSL",
        "needs_interpreter": "Interpreter",
        "needs_carer": "Carer speaks for them",
    }

    # Tracking, set by the website.
    reference = models.CharField(
        max_length=10,
        unique=True,
        editable=False,
        help_text="Quote this to the enquirer; it is all that appears in emails to staff.",
    )
    form_token = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="One per form shown, so a form sent twice stores one enquiry.",
    )
    received_at = models.DateTimeField("received", default=timezone.now, editable=False)
    due_at = models.DateTimeField(
        "reply due by",
        editable=False,
        help_text="Received time (or release from the spam hold) plus the promised response "
        "time, counted as the response policy counted it then.",
    )
    due_soon_at = models.DateTimeField(
        "reply due soon from",
        editable=False,
        help_text="When the queue's badge turns amber: the promise's last hours, counted the "
        "same way.",
    )

    # Triage, set by staff.
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
        limit_choices_to={"is_staff": True},
        help_text="The member of staff who will reply: one of the triage staff.",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Tick for an enquiry that must get no follow-up, such as a bereavement: it "
        "is never sent the question about whether we answered it.",
    )
    first_response_at = models.DateTimeField(
        "first response", null=True, blank=True, editable=False
    )
    first_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="first response by",
    )
    first_response_method = models.CharField(
        "first response by phone or email",
        max_length=10,
        choices=ResponseMethod,
        blank=True,
        editable=False,
    )
    closed_at = models.DateTimeField(
        "closed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the status became Closed or Spam. The enquirer's details are erased "
        "a set time after this.",
    )
    anonymised_at = models.DateTimeField(
        "personal details erased",
        null=True,
        blank=True,
        editable=False,
        help_text="After this the enquiry keeps only what the response report needs.",
    )
    held_as_spam_reason = models.CharField(
        "held as suspected spam because",
        max_length=20,
        choices=SpamSignal,
        blank=True,
        editable=False,
        help_text="Kept after release, as a record of why it waited.",
    )
    released_at = models.DateTimeField(
        "released from the spam hold",
        null=True,
        blank=True,
        editable=False,
        help_text="The reply promise counts from here, not from when it was received.",
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="released by",
    )
    satisfaction_asked_at = models.DateTimeField(
        "asked whether we answered",
        null=True,
        blank=True,
        editable=False,
        help_text="When the one question after closing was queued; it is never asked twice.",
    )

    # What the enquirer sent: read-only in admin.
    enquiry_for = models.CharField("enquiry is for", max_length=20, choices=EnquiryFor)
    full_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=20, blank=True, help_text="International format.")
    contact_method = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod
    )
    contact_time = models.CharField(
        "best time to call",
        max_length=10,
        choices=ContactTime,
        blank=True,
        help_text="Not asked of people who chose email.",
    )
    # PROTECT: content changes must never take an enquiry (or what it asked about) with them;
    # editors unpublish a therapy or deactivate a centre instead of deleting it.
    therapy = models.ForeignKey(
        "therapies.Therapy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name="therapy of interest",
    )
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name="preferred centre",
    )
    funding = models.CharField(max_length=20, choices=Funding)
    insurer = models.CharField(max_length=100, blank=True)
    has_referral = models.CharField(
        "referral from their specialist", max_length=10, choices=Referral
    )
    message = models.TextField()
    consent_version = models.CharField(
        max_length=20, help_text="Which wording of the health-information consent they agreed to."
    )
    consent_given_at = models.DateTimeField()
    marketing_opt_in = models.BooleanField("wants news and updates", default=False)

    # The conversation (enquiries/conversation.py): set when the enquirer writes back,
    # cleared when staff reply. The first-response SLA keeps its own due time.
    enquirer_replied_at = models.DateTimeField(
        "enquirer replied", null=True, blank=True, editable=False
    )
    follow_up_due_at = models.DateTimeField(
        "follow-up due by",
        null=True,
        blank=True,
        editable=False,
        help_text="The enquirer wrote back: their answer is due by this time.",
    )

    # Communication needs (the NHS Accessible Information Standard), so the reply fits.
    needs_large_print = models.BooleanField("large print", default=False)
    needs_easy_read = models.BooleanField("easy read", default=False)
    needs_bsl = models.BooleanField("British Sign Language interpreter", default=False)
    needs_interpreter = models.BooleanField("interpreter for another language", default=False)
    interpreter_language = models.CharField("interpreter's language", max_length=50, blank=True)
    needs_carer = models.BooleanField("a carer or relative speaks for them", default=False)
    other_communication_needs = models.CharField(
        "other communication needs", max_length=200, blank=True
    )

    # The emails about it, in the outbox: erasure and subject access find them here.
    emails = GenericRelation("outbox.OutboundEmail", related_query_name="enquiry")

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        verbose_name_plural = "enquiries"
        permissions = [
            ("export_personal_data", "Can export everything held about a person"),
            ("erase_personal_data", "Can erase a person's enquiries at their request"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),  # the open queue, by time left
            models.Index(fields=["received_at"]),  # date filters and the report
            # apply_enquiry_retention: past_retention(). Only enquiries not yet erased, so
            # it stays the size of a retention period however many years are kept. Its
            # condition is a bare IS NULL because SQLite uses a partial index only when
            # the query repeats the condition, and it cannot match bound parameters.
            models.Index(
                fields=["status", "closed_at"],
                condition=Q(anonymised_at__isnull=True),
                name="enquiry_retention_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gt=F("received_at")), name="enquiry_due_after_received"
            ),
            models.CheckConstraint(
                condition=Q(due_soon_at__lte=F("due_at")), name="enquiry_due_soon_before_due"
            ),
            models.CheckConstraint(
                condition=(
                    Q(first_response_at__isnull=True, first_response_method="")
                    | (Q(first_response_at__gte=F("received_at")) & ~Q(first_response_method=""))
                ),
                name="enquiry_first_response_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.RESPONDED) | Q(first_response_at__isnull=False),
                name="enquiry_responded_has_first_response",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.HELD) | ~Q(held_as_spam_reason=""),
                name="enquiry_held_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True)
                | (~Q(held_as_spam_reason="") & ~Q(status=EnquiryStatus.HELD)),
                name="enquiry_released_was_held",
            ),
        ]

    def __str__(self):
        # Admin history and logs copy __str__: it must never carry personal data.
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = unused_reference()
        if not self.form_token:
            self.form_token = secrets.token_urlsafe(32)
        if self.due_at is None:
            self.due_at, self.due_soon_at = ResponsePolicy.current().deadlines(
                self.clock_started_at
            )
        # The retention clock starts when an enquiry is closed and stops if it reopens.
        if self.status not in self.CLOSED_STATUSES:
            self.closed_at = None
        elif self.closed_at is None:
            self.closed_at = timezone.now()
        if update_fields := kwargs.get("update_fields"):
            # Fields worked out here are saved with the fields they are worked out from.
            if "status" in update_fields:
                update_fields = {*update_fields, "closed_at"}
            if "due_at" in update_fields:
                update_fields = {*update_fields, "due_soon_at"}
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def clean(self):
        if self.status == self.Status.RESPONDED and self.first_response_at is None:
            raise ValidationError(
                {
                    "status": "Record the first response first, with the “Record first "
                    "response” action in the triage queue."
                }
            )

    @property
    def clock_started_at(self) -> datetime:
        """When the reply promise began: on arrival, or on release from the spam hold."""
        return self.released_at or self.received_at

    def personal_values(self) -> list[str]:
        """What the enquirer typed, and each part of their name, to keep out of logs."""
        return [getattr(self, name) for name in self.PERSONAL_FIELDS] + self.full_name.split()

    def communication_needs(self) -> list[str]:
        """Each communication need in a few words, for the queue's flag and the enquiry."""
        needs = [label for name, label in self.COMMUNICATION_NEEDS.items() if getattr(self, name)]
        if self.needs_interpreter and self.interpreter_language:
            needs[needs.index("Interpreter")] = f"Interpreter ({self.interpreter_language})"
        if self.other_communication_needs:
            needs.append(f"Other: {self.other_communication_needs}")
        return needs

    def get_admin_url(self) -> str:
        # Deliberately no get_absolute_url: an enquiry has no public page.
        return reverse("admin:enquiries_enquiry_change", args=[self.pk])

    def sla_state(self, now: datetime | None = None) -> SlaState:
        return sla_state(
            status=self.status,
            due_at=self.due_at,
            due_soon_at=self.due_soon_at,
            first_response_at=self.first_response_at,
            now=now or timezone.now(),
        )

    def sla_summary(self, now: datetime | None = None) -> str:
        """The SLA state in words, so the triage badge never relies on colour alone."""
        now = now or timezone.now()
        state = self.sla_state(now)
        if state in (SlaState.ON_TRACK, SlaState.DUE_SOON):
            return (
                f"{state.label}: {short_duration(self.due_at - now)} left, "
                f"due by {friendly_time(self.due_at)}"
            )
        if state == SlaState.OVERDUE:
            return f"Overdue by {short_duration(now - self.due_at)}"
        if state == SlaState.MET:
            return (
                f"Met: replied in {short_duration(self.first_response_at - self.clock_started_at)}"
            )
        if state == SlaState.MISSED:
            return f"Missed: replied {short_duration(self.first_response_at - self.due_at)} late"
        if state == SlaState.HELD:
            return f"{state.label}: {self.get_held_as_spam_reason_display()}"
        return state.label


def sla_state(
    *,
    status: str,
    due_at: datetime,
    due_soon_at: datetime,
    first_response_at: datetime | None,
    now: datetime,
) -> SlaState:
    """Where an enquiry stands against the reply promise; the report applies it to
    plain rows, many thousands at a time, without making an Enquiry of each."""
    if first_response_at is not None:
        return SlaState.MET if first_response_at <= due_at else SlaState.MISSED
    if status in Enquiry.CLOSED_STATUSES:
        return SlaState.NOT_NEEDED
    if status == Enquiry.Status.HELD:
        return SlaState.HELD
    if now > due_at:
        return SlaState.OVERDUE
    if now >= due_soon_at:
        return SlaState.DUE_SOON
    return SlaState.ON_TRACK


# Run for every enquiry stored: compiled once per process.
_with_reference = PreparedQuery(
    lambda reference: Enquiry.objects.filter(reference=reference).only("pk")
)


def unused_reference() -> str:
    while _with_reference.all(reference=(reference := new_reference())):
        pass
    return reference


class EnquiryNote(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField("written", default=timezone.now, editable=False)
    text = models.TextField(
        "note", help_text="For staff only: the enquirer never sees notes. Notes cannot be edited."
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = "internal note"

    def __str__(self):
        return f"Note {self.pk}"


class SubmissionCounter(models.Model):
    """Enquiries sent from one client in one fixed time window, for the rate limit.

    The client is a keyed hash of its address, never the address itself. Rows live in
    the database so every web worker sees the same counts.
    """

    client_key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client_key", "window_start"], name="submissioncounter_unique_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.count} since {self.window_start:%H:%M}"


class StaffRecord(models.Model):
    """When, and by whom: the start of every record kept about staff handling personal data."""

    at = models.DateTimeField("when", default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="staff member",
    )
    # Kept as written, so the record still says who after their account is deleted.
    username = models.CharField("staff username", max_length=150, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


def search_term_hash(term: str, *, secret: str | None = None) -> str:
    """A keyed hash of what staff typed in a search box, never kept as typed (it is often a
    patient's name). The same words give the same hash, whatever their case or spacing, so
    the audit log can still be asked who searched for them; without the site's secret key
    the hash cannot be turned back into the words, nor matched against a list of names."""
    words = " ".join(term.split()).casefold()
    digest = salted_hmac("enquiries.audit.search", words, secret=secret, algorithm="sha256")
    return digest.hexdigest()


class AuditEventQuerySet(models.QuerySet):
    def searches_for(self, term: str):
        """Searches for ``term``: hashed with the secret key or any key it replaced."""
        keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        return self.filter(search_hash__in=[search_term_hash(term, secret=key) for key in keys])


class AuditEvent(StaffRecord):
    """A member of staff looked at, changed, exported or erased one enquiry, or listed or
    searched enquiries (one entry for each page of results, with the references it showed).

    Holds references and a keyed hash of search terms, never what the enquirer sent, so it
    can be kept after their details are erased.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        RELEASE = "release", "Released from the spam hold"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased personal details"
        LIST = "list", "Listed"
        SEARCH = "search", "Searched"
        REPLY = "reply", "Replied by email"

    action = models.CharField(max_length=10, choices=Action, editable=False)
    reference = models.CharField("enquiry", max_length=10, blank=True, editable=False)
    listed = models.TextField(
        "enquiries listed",
        blank=True,
        editable=False,
        help_text="The references a list or search showed, one per line.",
    )
    search_hash = models.CharField(
        "search term (keyed hash)",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Type the words into the audit log's search box to find this search.",
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta(StaffRecord.Meta):
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [
            models.Index(fields=["reference"]),
            models.Index(fields=["at"]),
            models.Index(fields=["search_hash"]),
        ]

    def __str__(self):
        count = len(self.listed_references())
        what = self.reference or f"{count} enquir{pluralize(count, 'y,ies')}"
        return f"{self.username} {self.get_action_display().lower()} {what}"

    def listed_references(self) -> list[str]:
        return self.listed.split()


class ErasureRecord(StaffRecord):
    """Proof that personal details were erased: who, when, how many and why, and nothing else.

    No staff member for the scheduled retention job.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", "The person asked us to erase their details"
        RETENTION = "retention", "Kept for as long as our retention period allows"
        SPAM_HOLD = "spam_hold", "Held as suspected spam and never released"

    reason = models.CharField(max_length=10, choices=Reason, editable=False)
    enquiries = models.PositiveIntegerField("enquiries erased", editable=False)

    def __str__(self):
        return f"{self.enquiries} erased on {self.at:%Y-%m-%d}"


class InboundMessageQuerySet(models.QuerySet):
    def unmatched(self):
        return self.filter(enquiry__isnull=True)


class InboundMessage(models.Model):
    """An email that came into the triage mailbox: an enquirer's answer, stored on its
    enquiry, or one that matched no enquiry, waiting for staff to attach it by hand.

    Only the plain text is kept, without the quoted history and signature; attachments
    are listed by name and size, never stored (manage.py fetch_enquiry_replies).
    """

    enquiry = models.ForeignKey(
        Enquiry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inbound_messages",
        help_text="Empty until matched: staff attach unmatched messages by hand.",
    )
    message_id = models.CharField(
        max_length=255, unique=True, editable=False, help_text="Stored once, however often fetched."
    )
    from_address = models.CharField("from", max_length=255, editable=False)
    subject = models.CharField(max_length=255, blank=True, editable=False)
    sent_at = models.DateTimeField("sent", editable=False)
    fetched_at = models.DateTimeField("fetched", default=timezone.now, editable=False)
    text = models.TextField(blank=True, editable=False)
    attachments = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Name and size in bytes of each attachment; the files are not kept.",
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="attached by hand by",
    )

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = "reply from an enquirer"
        verbose_name_plural = "replies from enquirers"

    def __str__(self):
        # Never the sender or subject: admin history and logs copy __str__.
        return f"Inbound message {self.pk}"


def a_year_from_today():
    return one_year_after(timezone.localdate())


class SavedReply(Publishable):
    """A reusable reply to enquirers, with placeholders filled in from the enquiry.

    Patient-facing text: marketing editors write it, clinical reviewers approve it, through
    the editorial workflow (draft, review, history); triage staff pick only published ones.
    """

    PLACEHOLDERS = ("first_name", "reference", "centre", "centre_phone", "specialist")

    title = models.CharField(max_length=120, help_text="What triage staff pick from the list.")
    slug = models.SlugField(help_text="A short name of its own, e.g. referral-needed.")
    body = models.TextField(
        help_text="Plain text. These are filled in from the enquiry: {first_name}, "
        "{reference}, {centre}, {centre_phone}, {specialist}. Staff edit it before sending."
    )
    last_reviewed = models.DateField(
        default=timezone.localdate, help_text="Set when a clinical reviewer approves it."
    )
    next_review_due = models.DateField(
        default=a_year_from_today, help_text="Chosen by the clinical reviewer when approving."
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = LivePagesManager.from_queryset(PublishableQuerySet)()
    with_drafts = PublishableQuerySet.as_manager()

    patient_text_fields = ("body",)
    needs_clinical_approval = True

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "saved replies"
        permissions = [("publish_savedreply", "Can publish saved replies")]
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # No public page: "View on site" and the preview link open it in the admin.
        return reverse("admin:enquiries_savedreply_change", args=[self.page_pk])


class ResponsePolicy(models.Model):
    """How the reply promise is counted, set by the clinic in the admin. There is one.

    Each enquiry's due time is worked out from it once, when its clock starts, and kept:
    changing the policy changes the promise made to new enquiries, never an old one.
    Until the clinic saves one, the promise is ENQUIRY_RESPONSE_HOURS clock hours.
    """

    class Counting(models.TextChoices):
        CLOCK = "clock", "Clock hours: day and night, every day"
        WORKING = "working", "Working hours: only while the triage team is working"

    class Nation(models.TextChoices):
        """The UK nations' bank holiday calendars (the holidays package's subdivisions)."""

        ENGLAND = "ENG", "England"
        WALES = "WLS", "Wales"
        SCOTLAND = "SCT", "Scotland"
        NORTHERN_IRELAND = "NIR", "Northern Ireland"

    counting = models.CharField(
        "count the hours in",
        max_length=10,
        choices=Counting,
        default=Counting.CLOCK,
        help_text="Working hours never promise a reply at a time nobody is working.",
    )
    hours = models.PositiveSmallIntegerField(
        "reply within (hours)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
        help_text="Counted as chosen above: 8 working hours is one working day.",
    )
    nation = models.CharField(
        "bank holidays of",
        max_length=3,
        choices=Nation,
        default=Nation.ENGLAND,
        help_text="With working hours, the team does not work on this nation's bank holidays.",
    )
    round_robin = models.BooleanField(
        "share out new enquiries",
        default=False,
        help_text="Assign each new enquiry to one of the triage staff marked as taking new "
        "enquiries, whoever was given one least recently.",
    )

    class Meta:
        verbose_name = "response policy"
        verbose_name_plural = "response policy"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="responsepolicy_only_one")]

    def __str__(self):
        return f"Reply within {self.promise}"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ResponsePolicy":
        """The clinic's policy with its hours and closures; the default until one is saved.

        Every page's footer states its promise: it is read from the shared cache.
        """
        return current_response_policy()

    @property
    def promise(self) -> str:
        """The promise in words: "24 hours", "8 working hours"."""
        unit = "working hour" if self.counting == self.Counting.WORKING else "hour"
        return f"{self.hours} {unit}{pluralize(self.hours)}"

    @property
    def hours_worked(self) -> str:
        """When working hours count, in words, or "" for clock hours."""
        if self.counting == self.Counting.CLOCK:
            return ""
        return f"{describe_week(self.working_week())}, except bank holidays"

    def working_week(self) -> dict[int, tuple]:
        return {hours.weekday: (hours.opens, hours.closes) for hours in self.team_hours.all()}

    def reply_clock(self) -> ClockHours | WorkingHours:
        if self.counting == self.Counting.CLOCK:
            return ClockHours()
        closed = holidays.country_holidays("GB", subdiv=self.nation)
        closed.update({closure.date: closure.reason for closure in self.closures.all()})
        return WorkingHours(weekly=self.working_week(), closed=closed)

    def deadlines(self, start: datetime) -> tuple[datetime, datetime]:
        """When a reply whose clock starts at ``start`` is due, and from when it is due soon."""
        try:
            return self._deadlines(self.reply_clock(), start)
        except NoWorkingTime:
            # Never lose an enquiry over a calendar with no working hours: promise clock
            # hours, and tell whoever runs the site to fix the policy.
            logger.error("The response policy has no working hours ahead; counting clock hours")
            return self._deadlines(ClockHours(), start)

    def _deadlines(self, reply_clock, start: datetime) -> tuple[datetime, datetime]:
        soon = settings.ENQUIRY_DUE_SOON_HOURS
        return (
            reply_clock.add(start, timedelta(hours=self.hours)),
            reply_clock.add(start, timedelta(hours=max(self.hours - soon, 0))),
        )


@kept_until_changed(
    "enquiries:response-policy",
    models=("enquiries.ResponsePolicy", "enquiries.TeamHours", "enquiries.ClosureDay"),
)
def current_response_policy() -> ResponsePolicy:
    saved = ResponsePolicy.objects.prefetch_related("team_hours", "closures").first()
    return saved or ResponsePolicy(hours=settings.ENQUIRY_RESPONSE_HOURS)


class TeamHours(models.Model):
    """When the triage team works on one day of the week, for working-hours policies."""

    policy = models.ForeignKey(ResponsePolicy, on_delete=models.CASCADE, related_name="team_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)
    opens = models.TimeField("starts", help_text="UK time, e.g. 09:00.")
    closes = models.TimeField("finishes", help_text="UK time, e.g. 17:00, on the same day.")

    class Meta:
        ordering = ["weekday"]
        verbose_name = "working hours"
        verbose_name_plural = "working hours (days without a row are not worked)"
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "weekday"],
                name="teamhours_one_per_weekday",
                violation_error_message="This day already has working hours.",
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="teamhours_finish_after_start",
                violation_error_message="The finishing time must be after the starting time, "
                "on the same day.",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {clock(self.opens)} to {clock(self.closes)}"


class ClosureDay(models.Model):
    """A day the triage team does not work beyond the bank holidays, e.g. between Christmas
    and New Year."""

    policy = models.ForeignKey(ResponsePolicy, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=100, help_text="For staff, e.g. “Christmas closure”.")

    class Meta:
        ordering = ["date"]
        verbose_name = "closure day"
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "date"],
                name="closureday_one_per_date",
                violation_error_message="This date is already a closure day.",
            )
        ]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.reason}"


class TriageStaff(models.Model):
    """Whether a member of the triage staff takes new enquiries from the round robin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="triage",
        limit_choices_to=Q(groups__name=TRIAGE_GROUP, is_active=True),
        verbose_name="member of the triage staff",
    )
    available = models.BooleanField(
        "taking new enquiries",
        default=True,
        help_text="Untick while they are away: the round robin passes them by.",
    )
    last_assigned_at = models.DateTimeField(
        "last given an enquiry",
        null=True,
        blank=True,
        editable=False,
        help_text="The round robin gives the next enquiry to whoever waited longest.",
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = "triage staff availability"
        verbose_name_plural = "triage staff availability"

    def __str__(self):
        return self.user.get_username()


class SatisfactionAnswer(models.Model):
    """The enquirer's answer to "Did we answer your question?", asked once after closing."""

    enquiry = models.OneToOneField(
        Enquiry, on_delete=models.CASCADE, related_name="satisfaction", editable=False
    )
    answered = models.BooleanField("we answered their question", editable=False)
    comment = models.TextField(
        blank=True,
        editable=False,
        help_text="What they chose to add. Erased with their other details.",
    )
    answered_at = models.DateTimeField("received", default=timezone.now, editable=False)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = "answer to “Did we answer your question?”"
        verbose_name_plural = "answers to “Did we answer your question?”"

    def __str__(self):
        return f"{self.enquiry}: {'yes' if self.answered else 'no'}"
