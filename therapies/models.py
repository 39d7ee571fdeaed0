from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

MARKDOWN_HELP = (
    "Plain English in Markdown: a blank line starts a new paragraph, *italic*, **bold**, "
    "'- ' starts a bullet, [words](https://example.org) makes a link, ### a sub-heading."
)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Everything for logged-in staff (so editors can preview drafts), else only published."""
        return self if user.is_staff else self.published()


def a_year_from_today() -> date:
    return timezone.localdate() + timedelta(days=365)


class TherapyQuerySet(PublishableQuerySet):
    def with_page_content(self):
        """Fetch every part of the page in a fixed number of queries, however long it is."""
        return self.prefetch_related("sections", "key_facts", "faqs", "side_effects")

    def due_for_review(self, today: date | None = None):
        return self.filter(next_review_due__lte=today or timezone.localdate())


class Therapy(models.Model):
    title = models.CharField(
        max_length=120, help_text="As patients would say it, e.g. 177Lu-octreotate therapy."
    )
    slug = models.SlugField(unique=True, help_text="The page address: /therapies/<slug>/.")
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain-English sentences; also the search engine description.",
    )
    introduction = models.TextField(
        blank=True,
        help_text="The opening paragraphs under the title. " + MARKDOWN_HELP,
    )
    call_to_action = models.CharField(
        "enquiry invitation",
        max_length=300,
        default=(
            "Whether you need treatment or would simply like to know more, send us an enquiry. "
            "We will get back to you within 24 hours."
        ),
        help_text="One or two sentences above the enquiry button at the end of the page.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Untick to hide the page from the public."
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="When a clinician last checked this page. Shown at the bottom of the page.",
    )
    next_review_due = models.DateField(
        default=a_year_from_today,
        help_text="When the page must next be checked; must be after the last review.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = TherapyQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "therapies"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("last_reviewed")),
                name="therapy_next_review_after_last_review",
                violation_error_message="The next review must be due after the last review.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("therapies:detail", kwargs={"slug": self.slug})

    def get_enquiry_url(self):
        """The enquiry form with this therapy already chosen."""
        return f"{reverse('enquiries:create')}?{urlencode({'therapy': self.slug})}"

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError({"next_review_due": "Choose a date after the last review date."})


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

    def __str__(self):
        return self.name


class SitePage(models.Model):
    """A standalone page such as the privacy notice, served at /<slug>/."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        unique=True, help_text="The page address: /<slug>/, e.g. privacy for /privacy/."
    )
    summary = models.CharField(
        max_length=300, help_text="One sentence; also the search engine description."
    )
    body = models.TextField(help_text=MARKDOWN_HELP)
    is_published = models.BooleanField(
        "published", default=False, help_text="Untick to hide the page from the public."
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("therapies:page", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug and not self._slug_reaches_this_page():
            raise ValidationError({"slug": "Another part of the site already uses this address."})

    def _slug_reaches_this_page(self) -> bool:
        # Routes such as /therapies/ or /admin/ come before the page route and would hide the page.
        try:
            return resolve(f"/{self.slug}/").view_name == "therapies:page"
        except Resolver404:
            return False
