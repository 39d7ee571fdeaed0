from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.http import urlencode

from editorial.publishing import (
    LivePagesManager,
    Publishable,
    PublishableQuerySet,
    Status,
    a_year_from_today,
)
from genesis_site.links import cached_reverse
from genesis_site.markdown import MARKDOWN_HELP, MarkdownHTMLField
from genesis_site.queries import PreparedQuery, prefetch_in_query


class TherapyQuerySet(PublishableQuerySet):
    def with_page_content(self):
        """Fetch every part of the page in the page's own query, however long it is."""
        return prefetch_in_query(self, *Therapy.draft_parts)

    def with_feedback_counts(self):
        return self.annotate(
            helpful_yes=Count("feedback", filter=Q(feedback__helpful=True)),
            helpful_no=Count("feedback", filter=Q(feedback__helpful=False)),
        )

    def under_review_cycle(self):
        """Pages with a review cycle: published ones, including those waiting to go live."""
        return self.filter(status=Status.PUBLISHED)

    def overdue_for_review(self, today: date | None = None):
        return self.under_review_cycle().filter(next_review_due__lt=today or timezone.localdate())

    def due_for_review(self, today: date | None = None):
        """Overdue, or due within settings.EDITORIAL_REVIEW_DUE_SOON_DAYS."""
        soon = timedelta(days=settings.EDITORIAL_REVIEW_DUE_SOON_DAYS)
        return self.under_review_cycle().filter(
            next_review_due__lte=(today or timezone.localdate()) + soon
        )


class Therapy(Publishable):
    title = models.CharField(
        max_length=120, help_text="As patients would say it, e.g. 177Lu-octreotate therapy."
    )
    slug = models.SlugField(
        help_text="The end of the page address: 177lu-psma gives /therapies/177lu-psma/."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain-English sentences; also the search engine description.",
    )
    introduction = models.TextField(
        blank=True,
        help_text="The opening paragraphs under the title. " + MARKDOWN_HELP,
    )
    introduction_html = MarkdownHTMLField(source="introduction")
    call_to_action = models.CharField(
        "enquiry invitation",
        max_length=300,
        default=(
            "Whether you need treatment or would simply like to know more, send us an enquiry. "
            "We will get back to you within 24 hours."
        ),
        help_text="One or two sentences above the enquiry button at the end of the page.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text="Who keeps this page up to date. They are emailed when its review is due.",
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="Set when a clinical reviewer approves the page. Shown at the bottom of it.",
    )
    next_review_due = models.DateField(
        default=a_year_from_today,
        help_text="Chosen by the clinical reviewer when approving; after the last review.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = LivePagesManager.from_queryset(TherapyQuerySet)()
    with_drafts = TherapyQuerySet.as_manager()

    draft_parts = ("key_facts", "sections", "side_effects", "faqs", "sources", "aftercare_steps")
    patient_text_fields = ("summary", "introduction", "call_to_action")
    needs_clinical_approval = True

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "therapies"
        permissions = [("publish_therapy", "Can approve and publish therapy pages")]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("last_reviewed")),
                name="therapy_next_review_after_last_review",
                violation_error_message="The next review must be due after the last review.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("therapies:detail", kwargs={"slug": self.slug})

    def get_enquiry_url(self):
        """The enquiry form with this therapy already chosen."""
        return f"{cached_reverse('enquiries:create')}?{urlencode({'therapy': self.slug})}"

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError({"next_review_due": "Choose a date after the last review date."})

    def patient_text(self):
        return [
            *super().patient_text(),
            *(f"{part.heading}\n\n{part.body}" for part in self.sections.all()),
            *(f"{part.name}\n\n{part.management}" for part in self.side_effects.all()),
            *(f"{part.question}\n\n{part.answer}" for part in self.faqs.all()),
            *(f"{part.title}\n\n{part.advice}" for part in self.aftercare_steps.all()),
        ]


# The therapies the public sees, listed on the home page and at /therapies/.
published_therapies = PreparedQuery(lambda now: Therapy.objects.published(now))


class TherapyPart(models.Model):
    """One ordered item of a therapy page, edited as an inline in the therapy's admin."""

    order = models.PositiveSmallIntegerField(
        default=0,
        help_text="Lower numbers come first. Numbering 10, 20, 30 leaves room to insert.",
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class TherapySection(TherapyPart):
    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=120, help_text="A short question or phrase.")
    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = MarkdownHTMLField(source="body")

    class Meta(TherapyPart.Meta):
        verbose_name = "page section"

    def __str__(self):
        return self.heading


class KeyFact(TherapyPart):
    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="key_facts")
    label = models.CharField(max_length=60, help_text="e.g. Each treatment takes.")
    value = models.CharField(max_length=120, help_text="e.g. About 4 hours.")

    def __str__(self):
        return f"{self.label}: {self.value}"


class FrequentlyAskedQuestion(TherapyPart):
    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text=MARKDOWN_HELP)
    answer_html = MarkdownHTMLField(source="answer")

    class Meta(TherapyPart.Meta):
        verbose_name = "frequently asked question"

    def __str__(self):
        return self.question


class SideEffect(TherapyPart):
    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="side_effects")
    name = models.CharField(max_length=80, help_text="In everyday words, e.g. Tiredness.")
    management = models.TextField(
        "how we manage it",
        help_text="What the patient may notice and what we do to help. " + MARKDOWN_HELP,
    )
    management_html = MarkdownHTMLField(source="management")

    def __str__(self):
        return self.name


class EvidenceSource(TherapyPart):
    """Evidence the page is based on, listed under "Sources" at the end of the page."""

    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(
        max_length=200,
        help_text="As the source names itself, e.g. NICE guidance TA539: Lutetium-177 DOTATATE.",
    )
    url = models.URLField(
        "link", help_text="Where patients can read it, e.g. https://www.nice.org.uk/."
    )
    date_checked = models.DateField(
        default=timezone.localdate, help_text="When someone last checked that it says what we say."
    )

    class Meta(TherapyPart.Meta):
        verbose_name = "evidence source"

    def __str__(self):
        return self.title


class AftercareStep(TherapyPart):
    """One thing to do, or to expect, in the days after a treatment, counted from its day.

    The planner on the therapy page adds these days to the date a patient types. How long
    each precaution lasts is set for each patient by their team from the radiation measured
    after treatment, so the days here are the usual ones, and the page says so.
    """

    class Kind(models.TextChoices):
        PRECAUTION = "precaution", "Precaution at home"
        BLOOD_TEST = "blood_test", "Blood test"
        NEXT_TREATMENT = "next_treatment", "Next treatment"
        TRAVEL = "travel", "Travel (on the travel card)"

    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="aftercare_steps")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PRECAUTION)
    title = models.CharField(
        "what to do",
        max_length=120,
        help_text="Short, as an instruction or a calendar entry, e.g. Sleep in a separate bed.",
    )
    advice = models.TextField(
        "why and how",
        blank=True,
        help_text="One or two plain sentences; also the calendar entry's description.",
    )
    first_day = models.PositiveSmallIntegerField(
        "from day",
        default=0,
        help_text="Days after the treatment day when it starts: 0 is the treatment day.",
    )
    last_day = models.PositiveSmallIntegerField(
        "until day",
        null=True,
        blank=True,
        help_text=(
            "Days after the treatment day of the last day it applies: 7 means until the same "
            "weekday a week later. Empty for something on one day, such as a blood test."
        ),
    )
    source = models.CharField(
        "where the days come from",
        max_length=300,
        blank=True,
        help_text=(
            "Shown with the step, e.g. “Demo value from Guy's and St Thomas' leaflet After "
            "having lutetium therapy”. Empty when the days are the clinic's own."
        ),
    )
    source_url = models.URLField("source link", blank=True)

    class Meta(TherapyPart.Meta):
        verbose_name = "aftercare step"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="therapies_aftercarestep_ends_after_it_starts",
                violation_error_message="The last day cannot come before the first day.",
            ),
        ]

    def __str__(self):
        return self.title

    def dates_after(self, treated_on: date) -> tuple[date, date]:
        """The first and last date it applies after a treatment on ``treated_on``."""
        last_day = self.first_day if self.last_day is None else self.last_day
        return treated_on + timedelta(days=self.first_day), treated_on + timedelta(days=last_day)

    def clean(self):
        super().clean()
        if self.last_day is not None and self.last_day < self.first_day:
            raise ValidationError({"last_day": "Choose a day on or after the “from” day."})


class PageFeedback(models.Model):
    """One answer to "Was this page helpful?": the page, yes or no, and the day. Nothing more."""

    therapy = models.ForeignKey(Therapy, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self):
        return f"{self.therapy}: {'helpful' if self.helpful else 'not helpful'}"


class ReviewReminder(models.TextChoices):
    """The review reminder emails (templates/therapies/email/<kind>.txt), registered with the
    outbox in TherapiesConfig; the outbox keeps them to one per page, due date and state."""

    DUE_SOON = "review_due_soon", "Clinical review due soon"
    OVERDUE = "review_overdue", "Clinical review overdue"


class ReviewDue(Therapy):
    """The review dashboard's entry in the admin: therapy pages overdue or due for review."""

    class Meta:
        proxy = True
        verbose_name = "review due"
        verbose_name_plural = "reviews due"
