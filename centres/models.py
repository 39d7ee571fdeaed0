"""Centres where patients are treated, their opening hours, and the specialists who treat them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from centres import opening_hours
from centres.fields import UKPostcodeField
from centres.validators import (
    CQC_LOCATION_ID_PATTERN,
    GMC_NUMBER_PATTERN,
    POSTCODE_PATTERN,
    is_placeholder_number,
    validate_cqc_location_id,
    validate_gmc_number,
)
from editorial.publishing import LivePagesManager, Publishable, PublishableQuerySet
from genesis_site.links import cached_reverse
from genesis_site.markdown import MarkdownHTMLField
from genesis_site.phone import validate_phone
from genesis_site.queries import per_fetched_version, prefetch_in_query
from therapies.models import Therapy

GMC_REGISTER_URL = "https://www.gmc-uk.org/registrants/{number}"
CQC_REGISTER_URL = "https://www.cqc.org.uk/location/{location_id}"
OPENSTREETMAP_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def photo_upload_to(instance: models.Model, filename: str) -> str:
    return f"{instance._meta.model_name}s/{filename}"


class PublicProfile(Publishable):
    """What centre and specialist pages share: publishing, a described photo, a demo-data note."""

    photo = models.ImageField(
        upload_to=photo_upload_to,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="Optional. A clear, recent photo; JPEG or PNG.",
    )
    photo_alt_text = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text=(
            "Required with a photo: what it shows, for people who cannot see it, "
            "e.g. “The entrance of the Windsor centre, with a ramp beside the steps”."
        ),
    )
    photo_is_decorative = models.BooleanField(
        "decorative photo",
        default=False,
        help_text=(
            "Tick instead of describing the photo only if it tells patients nothing, "
            "e.g. a pattern or a blurred background. Screen readers then skip it."
        ),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    demo_note = models.TextField(
        "demo data note",
        blank=True,
        help_text=(
            "Lists any values here that were invented for the demo. Check them, correct them, "
            "then clear this note. Never shown to patients."
        ),
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)

    class Meta:
        abstract = True
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt_text="") | Q(photo_is_decorative=True),
                name="%(app_label)s_%(class)s_photo_has_alt_text",
            ),
        ]

    def may_link_to_register(self, number: str) -> bool:
        """Whether a public register's page for ``number`` may be linked.

        Not for a stand-in number, nor while the demo data note says some values are
        invented: a made-up number may belong to someone real.
        """
        return bool(number) and not is_placeholder_number(number) and not self.demo_note.strip()

    @property
    def photo_alt(self) -> str:
        """The img alt attribute: empty for a decorative photo, so screen readers skip it."""
        return "" if self.photo_is_decorative else self.photo_alt_text

    def clean(self):
        super().clean()
        if self.photo_is_decorative and self.photo_alt_text.strip():
            raise ValidationError(
                {
                    "photo_is_decorative": (
                        "A photo with a description is not decorative: untick this, or clear "
                        "the description."
                    )
                }
            )
        if self.photo and not (self.photo_alt_text.strip() or self.photo_is_decorative):
            raise ValidationError(
                {
                    "photo_alt_text": (
                        "Describe the photo for people who cannot see it, or tick "
                        "“decorative photo” if it tells them nothing."
                    )
                }
            )


class HoursBase(models.Model):
    """Opening and closing times, or closed all day."""

    is_closed = models.BooleanField(
        "closed all day", default=False, help_text="Tick if closed; leave the times empty."
    )
    opens = models.TimeField(null=True, blank=True, help_text="24-hour clock, e.g. 08:00.")
    closes = models.TimeField(
        null=True,
        blank=True,
        help_text="Earlier than the opening time means open past midnight, e.g. 22:00 to 02:00.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(is_closed=True, opens__isnull=True, closes__isnull=True)
                    | (
                        Q(is_closed=False, opens__isnull=False, closes__isnull=False)
                        & ~Q(opens=F("closes"))
                    )
                ),
                name="%(app_label)s_%(class)s_times_or_closed",
            ),
        ]

    def clean(self):
        super().clean()
        if self.is_closed:
            if self.opens or self.closes:
                raise ValidationError(
                    "A closed day has no times: clear them, or untick “closed all day”."
                )
            return
        errors = {}
        if self.opens is None:
            errors["opens"] = "Enter the opening time, or tick “closed all day”."
        if self.closes is None:
            errors["closes"] = "Enter the closing time, or tick “closed all day”."
        elif self.closes == self.opens:
            errors["closes"] = "The closing time must differ from the opening time."
        if errors:
            raise ValidationError(errors)

    @property
    def session(self) -> opening_hours.Session | None:
        if self.is_closed:
            return None
        return opening_hours.Session(opens=self.opens, closes=self.closes)


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


@dataclass(frozen=True)
class WeekRow:
    weekday: Weekday
    hours: "OpeningHours | None"
    is_today: bool


def exceptions_from(now: datetime) -> date:
    """The first day whose opening exceptions can change "open now" and the hours ahead.

    Yesterday's: its session may run past midnight.
    """
    return opening_hours.london_now(now).date() - timedelta(days=1)


class CentreQuerySet(PublishableQuerySet):
    def offering(self, therapy: Therapy):
        return self.filter(therapies=therapy)

    def search(self, text: str):
        """Centres whose name or address has what a patient typed in it.

        A town or postcode we know sorts every centre by distance instead (centres.places):
        patients type their own, which few centres share.
        """
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(town__icontains=text)
            | Q(name__icontains=text)
            | Q(address_line_1__icontains=text)
            | Q(address_line_2__icontains=text)
            | Q(postcode__istartswith=text)
        )

    def without_specialist_cover(self):
        """Centres offering a therapy that no published specialist at the centre provides."""
        covered = Specialist.objects.published().filter(
            centres=OuterRef(OuterRef("pk")), therapies=OuterRef("pk")
        )
        uncovered = Therapy.objects.filter(centres=OuterRef("pk")).exclude(Exists(covered))
        return self.filter(Exists(uncovered))

    def for_listing(self, exceptions_from: date, now: datetime):
        """Everything a centre card shows, in one query however many centres.

        Only the exceptions from ``exceptions_from`` on (see ``exceptions_from()``), and
        the therapies published at ``now``.
        """
        return prefetch_in_query(
            self,
            "opening_hours",
            Prefetch(
                "hours_exceptions",
                queryset=OpeningException.objects.filter(date__gte=exceptions_from),
            ),
            Prefetch("therapies", queryset=Therapy.objects.published(now)),
        )

    def for_detail(self, exceptions_from: date, now: datetime):
        # Specialists link to the live centre: a draft's preview reads them from there, with
        # a query of its own.
        return prefetch_in_query(
            self.for_listing(exceptions_from, now),
            Prefetch("specialists", queryset=Specialist.objects.published(now)),
        )


class Centre(PublicProfile):
    class CQCRating(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    name = models.CharField(max_length=120, help_text="e.g. GenesisCare Windsor.")
    slug = models.SlugField(
        help_text="The end of the page address: windsor gives /centres/windsor/."
    )
    address_line_1 = models.CharField(
        "address line 1", max_length=120, help_text="e.g. 69 Alma Road."
    )
    address_line_2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField(max_length=80, help_text="Patients search by this, e.g. Windsor.")
    postcode = UKPostcodeField(
        help_text="A full UK postcode, typed any way; it is saved as e.g. SL4 3HD.",
    )
    phone = models.CharField(
        max_length=30,
        validators=[validate_phone],
        help_text="Shown as typed and as a tap-to-call link, e.g. 01753 465 493.",
    )
    enquiry_email = models.EmailField(
        "enquiry inbox",
        blank=True,
        help_text=(
            "Where new enquiries for this centre are notified. Blank: the clinic's default inbox."
        ),
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("49.8")), MaxValueValidator(Decimal("60.9"))],
        help_text="e.g. 51.479361. Used for the map link and “use my location”.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-8.7")), MaxValueValidator(Decimal("1.8"))],
        help_text="e.g. -0.615993 (negative west of Greenwich).",
    )
    therapies = models.ManyToManyField(
        Therapy,
        related_name="centres",
        blank=True,
        help_text="Therapies patients can have here.",
    )
    parking = models.TextField(blank=True, help_text="Where to park, cost, blue badge spaces.")
    public_transport = models.TextField(
        blank=True, help_text="Nearest stations and bus stops, and how long the walk is."
    )
    step_free_access = models.TextField(
        "step-free access",
        blank=True,
        help_text="Entrances, lifts, accessible toilets, wheelchairs to borrow.",
    )
    cqc_rating = models.CharField(
        "CQC rating",
        max_length=30,
        choices=CQCRating,
        blank=True,
        help_text="The centre's latest Care Quality Commission rating, if it has one.",
    )
    cqc_location_id = models.CharField(
        "CQC location ID",
        max_length=15,
        blank=True,
        validators=[validate_cqc_location_id],
        help_text=(
            "The centre's registration with the Care Quality Commission, as it ends the "
            "centre's address on cqc.org.uk, e.g. 1-123456789. The centre page links to it "
            "once the demo data note is cleared."
        ),
    )
    cqc_rating_date = models.DateField(
        "CQC rating published",
        null=True,
        blank=True,
        help_text="The date of the CQC report that gave the rating.",
    )
    objects = LivePagesManager.from_queryset(CentreQuerySet)()
    with_drafts = CentreQuerySet.as_manager()

    draft_parts = ("opening_hours", "hours_exceptions")
    patient_text_fields = ("parking", "public_transport", "step_free_access")

    class Meta:
        ordering = ["name"]
        permissions = [("publish_centre", "Can publish centres")]
        constraints = [
            *PublicProfile.Meta.constraints,
            # Blank is allowed in the database so rows can be made in code; forms require it.
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE_PATTERN),
                name="centres_centre_postcode_normalised",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="centres_centre_latitude_with_longitude",
            ),
            models.CheckConstraint(
                condition=Q(cqc_location_id="") | Q(cqc_location_id__regex=CQC_LOCATION_ID_PATTERN),
                name="centres_centre_cqc_location_id_format",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("centres:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Enter both the latitude and the longitude, or neither.")
        if self.cqc_rating_date and not self.cqc_rating:
            raise ValidationError(
                {"cqc_rating": "Choose the rating that the report of this date gave."}
            )
        if self.cqc_rating_date and self.cqc_rating_date > timezone.localdate():
            raise ValidationError(
                {"cqc_rating_date": "Enter the date of a report already published."}
            )

    @property
    def cqc_register_url(self) -> str:
        """The centre's registration and reports on cqc.org.uk, or "" (may_link_to_register)."""
        if not self.may_link_to_register(self.cqc_location_id):
            return ""
        return CQC_REGISTER_URL.format(location_id=self.cqc_location_id)

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]

    @property
    def contact_email(self) -> str:
        return self.enquiry_email or settings.CLINIC["email"]

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def openstreetmap_url(self) -> str:
        if not self.has_location:
            return ""
        return OPENSTREETMAP_URL.format(lat=self.latitude, lon=self.longitude)

    @per_fetched_version
    def _sessions(self):
        # .all() so a prefetch (see CentreQuerySet.for_listing) is used when present.
        weekly = {hours.weekday: hours.session for hours in self.opening_hours.all()}
        exceptions = {day.date: day.session for day in self.hours_exceptions.all()}
        return weekly, exceptions

    def opening_status(self, now: datetime | None = None) -> opening_hours.OpeningStatus:
        weekly, exceptions = self._sessions()
        return opening_hours.opening_status(weekly, exceptions, now)

    def week(self, now: datetime | None = None) -> list[WeekRow]:
        """The usual hours, Monday to Sunday, with today marked."""
        today = opening_hours.london_now(now).date()
        by_weekday = {hours.weekday: hours for hours in self.opening_hours.all()}
        return [
            WeekRow(weekday, by_weekday.get(weekday), weekday == today.weekday())
            for weekday in Weekday
        ]

    def upcoming_exceptions(self, now: datetime | None = None, days: int = 56):
        """Holidays and special hours from today to ``days`` ahead."""
        today = opening_hours.london_now(now).date()
        last = today + timedelta(days=days)
        return [
            exception
            for exception in self.hours_exceptions.all()
            if today <= exception.date <= last
        ]

    def therapies_without_specialist(self) -> list[Therapy]:
        """Therapies offered here that no published specialist at this centre provides."""
        covered = {
            therapy.pk
            for specialist in self.live_page.specialists.all()
            if specialist.is_live()
            for therapy in specialist.therapies.all()
        }
        return [therapy for therapy in self.therapies.all() if therapy.pk not in covered]


class OpeningHours(HoursBase):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)

    class Meta:
        ordering = ["centre", "weekday"]
        verbose_name = "usual opening hours"
        verbose_name_plural = "usual opening hours"
        constraints = [
            *HoursBase.Meta.constraints,
            models.UniqueConstraint(
                fields=["centre", "weekday"],
                name="centres_openinghours_one_per_weekday",
                violation_error_message="This day already has opening hours.",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()}: {describe_hours(self)}"


class OpeningException(HoursBase):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="hours_exceptions")
    date = models.DateField()
    reason = models.CharField(
        max_length=100, help_text="Shown to patients, e.g. “Bank holiday” or “Staff training”."
    )
    is_closed = models.BooleanField(
        "closed all day",
        default=True,
        help_text="Untick and enter times for special opening hours on this date.",
    )

    class Meta:
        ordering = ["centre", "date"]
        verbose_name = "holiday or special hours"
        verbose_name_plural = "holidays and special hours"
        constraints = [
            *HoursBase.Meta.constraints,
            models.UniqueConstraint(
                fields=["centre", "date"],
                name="centres_openingexception_one_per_date",
                violation_error_message="This date already has a holiday or special hours.",
            ),
        ]

    def __str__(self):
        return f"{self.date.day} {self.date:%B %Y} ({self.reason}): {describe_hours(self)}"


def describe_hours(hours: HoursBase) -> str:
    if hours.is_closed:
        return "closed"
    return f"{hours.opens:%H:%M} to {hours.closes:%H:%M}"


class SpecialistQuerySet(PublishableQuerySet):
    def for_listing(self, now: datetime):
        return prefetch_in_query(
            self,
            Prefetch("centres", queryset=Centre.objects.published(now)),
            Prefetch("therapies", queryset=Therapy.objects.published(now)),
        )


class Specialist(PublicProfile):
    title = models.CharField(max_length=20, blank=True, help_text="e.g. Dr or Professor.")
    name = models.CharField(max_length=120, help_text="First name and surname, e.g. Yong Du.")
    slug = models.SlugField(
        help_text="The end of the page address: dr-yong-du gives /specialists/dr-yong-du/.",
    )
    role = models.CharField(
        max_length=150, help_text="e.g. Consultant Physician in Nuclear Medicine and PET/CT."
    )
    gmc_number = models.CharField(
        "GMC number",
        max_length=7,
        blank=True,
        validators=[validate_gmc_number],
        help_text=(
            "7 digits from the General Medical Council register; the profile links to it. "
            "Leave blank for clinicians who are not doctors."
        ),
    )
    specialties = models.TextField(
        blank=True, help_text="One per line, e.g. Therapeutic nuclear medicine."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain-English sentences for cards and therapy pages.",
    )
    biography = models.TextField(
        blank=True,
        help_text="Markdown: a blank line between paragraphs, ## for a subheading.",
    )
    biography_html = MarkdownHTMLField(source="biography")
    languages = models.CharField(
        "languages spoken",
        max_length=200,
        blank=True,
        help_text="Languages the specialist can consult in, e.g. English, Mandarin.",
    )
    centres = models.ManyToManyField(
        Centre, related_name="specialists", blank=True, help_text="Where they see patients."
    )
    therapies = models.ManyToManyField(
        Therapy, related_name="specialists", blank=True, help_text="Therapies they provide."
    )
    objects = LivePagesManager.from_queryset(SpecialistQuerySet)()
    with_drafts = SpecialistQuerySet.as_manager()

    patient_text_fields = ("role", "summary", "biography")

    class Meta:
        ordering = ["name"]
        permissions = [("publish_specialist", "Can publish specialists")]
        constraints = [
            *PublicProfile.Meta.constraints,
            models.CheckConstraint(
                condition=Q(gmc_number="") | Q(gmc_number__regex=GMC_NUMBER_PATTERN),
                name="centres_specialist_gmc_number_7_digits",
            ),
            models.UniqueConstraint(
                fields=["gmc_number"],
                condition=~Q(gmc_number="") & Q(draft_of__isnull=True),
                name="centres_specialist_unique_gmc_number",
                violation_error_message="Another specialist already has this GMC number.",
                violation_error_code="unique",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return cached_reverse("centres:specialist_detail", kwargs={"slug": self.slug})

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.name}".strip()

    @property
    def gmc_register_url(self) -> str:
        """The specialist on the GMC's medical register, or "" (may_link_to_register)."""
        if not self.may_link_to_register(self.gmc_number):
            return ""
        return GMC_REGISTER_URL.format(number=self.gmc_number)

    @property
    def specialty_list(self) -> list[str]:
        return [line.strip() for line in self.specialties.splitlines() if line.strip()]
