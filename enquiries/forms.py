import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Prefetch
from django.utils import timezone

from centres.models import Centre
from enquiries.models import Enquiry
from genesis_site.forms import NamedChoiceField
from genesis_site.phone import normalise_phone
from genesis_site.queries import PreparedQuery, prefetch_in_query
from therapies.models import Therapy

MESSAGE_MAX_CHARS = 2000
TOKEN_SALT = "enquiries.form-token"

# Wording the enquirer agrees to. Change settings.ENQUIRY_CONSENT_VERSION with it.
CONSENT_WORDING = (
    "I agree that {clinic} can use the health information in this enquiry to reply to me."
)

CONTACT_TIME_MISSING = "Select when is best to call you, or choose email as the way to reply"

# Characters that reorder or hide text (bidirectional overrides and isolates) have no
# place in a name and could make it display as something else in the triage queue.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def new_form_token(*, issued_at: float | None = None) -> str:
    """A signed, single-use token for one showing of the form, stamped with when it was shown."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"t": secrets.token_urlsafe(24), "at": issued_at}, salt=TOKEN_SALT)


@dataclass(frozen=True)
class FormToken:
    value: str
    issued_at: float

    @property
    def expired(self) -> bool:
        """Older than ENQUIRY_FORM_TOKEN_HOURS, so tokens cannot be collected in advance
        to skip the minimum fill time. The signed issue time is the one the timer uses."""
        return time.time() - self.issued_at > settings.ENQUIRY_FORM_TOKEN_HOURS * 3600

    @classmethod
    def read(cls, signed: str) -> "FormToken | None":
        try:
            payload = signing.loads(signed, salt=TOKEN_SALT)
            return cls(value=str(payload["t"]), issued_at=float(payload["at"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None


def single_line_text(value: str, *, label: str) -> str:
    if "\r" in value or "\n" in value:
        raise forms.ValidationError(f"{label} must be on one line")
    if any(unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in value):
        raise forms.ValidationError(f"Remove the hidden control characters from {label.lower()}")
    return value


class CentreSelect(forms.Select):
    """The centre list, each centre naming the treatments it offers (their ids in
    data-therapies) so static/js/enquiry-form.js can list only those offering the one chosen."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            therapies = value.instance.therapies.all()
            option["attrs"]["data-therapies"] = " ".join(str(therapy.pk) for therapy in therapies)
        return option


def choice_errors(message: str) -> dict[str, str]:
    """The same message for no answer and for a value that is not one of the options."""
    return {"required": message, "invalid_choice": message}


def null_character_message(label: str) -> dict[str, str]:
    return {"null_characters_not_allowed": f"Remove the hidden characters from {label}"}


class EnquiryForm(forms.Form):
    enquiry_for = forms.ChoiceField(
        label="Who is the enquiry for?",
        choices=Enquiry.EnquiryFor.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select who the enquiry is for"),
    )
    full_name = forms.CharField(
        label="Your full name",
        max_length=100,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your full name must be 100 characters or fewer",
            **null_character_message("your full name"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send a copy of your reference here. We only use it to reply to you.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Enter an email address of 254 characters or fewer",
            **null_character_message("your email address"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional if you would like an email)",
        required=False,
        max_length=30,
        help_text="UK or international. We only use it to call you back about this enquiry.",
        error_messages={
            "max_length": "Enter a phone number, like 020 7946 0123 or +33 1 23 45 67 89",
            **null_character_message("your phone number"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_method = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=Enquiry.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select how you would like us to contact you"),
    )
    contact_time = forms.ChoiceField(
        label="When is the best time to call you?",
        help_text="Not needed if you would like an email.",
        # Required unless they chose email: see clean().
        required=False,
        choices=Enquiry.ContactTime.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors(CONTACT_TIME_MISSING),
    )
    therapy = NamedChoiceField(
        options=PreparedQuery(lambda now: Therapy.objects.published(now).only("title")),
        label="Which treatment are you asking about? (optional)",
        queryset=Therapy.objects.published(),
        required=False,
        empty_label="Not sure",
        error_messages={"invalid_choice": "Select a treatment from the list"},
    )
    centre = NamedChoiceField(
        # The therapies each centre offers (their ids) come in the centres' own query.
        options=PreparedQuery(
            lambda now: prefetch_in_query(
                Centre.objects.published(now).only("name"),
                Prefetch("therapies", queryset=Therapy.objects.published(now).only("pk")),
            )
        ),
        label="Which centre would you prefer? (optional)",
        queryset=Centre.objects.published().prefetch_related(
            Prefetch("therapies", queryset=Therapy.objects.published())
        ),
        required=False,
        empty_label="No preference",
        widget=CentreSelect,
        error_messages={"invalid_choice": "Select a centre from the list"},
    )
    funding = forms.ChoiceField(
        label="How would your treatment be paid for?",
        help_text="Why we ask: so we can tell you about costs and what your insurer needs.",
        choices=Enquiry.Funding.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select how your treatment would be paid for"),
    )
    insurer = forms.CharField(
        label="Insurance company (optional)",
        required=False,
        max_length=100,
        help_text="Only if you have private medical insurance.",
        error_messages={
            "max_length": "The insurance company name must be 100 characters or fewer",
            **null_character_message("the insurance company name"),
        },
    )
    has_referral = forms.ChoiceField(
        label="Do you have a referral from your specialist?",
        help_text=(
            "Why we ask: treatment needs a referral from a specialist, such as your oncologist. "
            "We can still help if you do not have one yet."
        ),
        choices=Enquiry.Referral.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select whether you have a referral from your specialist"),
    )
    message = forms.CharField(
        label="How can we help?",
        help_text=(
            f"Up to {MESSAGE_MAX_CHARS:,} characters. Tell us only the health details you are "
            "happy to share; we will ask for more when we talk."
        ),
        # The character counter (static/js/enquiry-form.js) counts down from this.
        widget=forms.Textarea(attrs={"rows": 6, "data-max-chars": MESSAGE_MAX_CHARS}),
        error_messages={
            "required": "Enter your message",
            **null_character_message("your message"),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        help_text=(
            "Why we ask: your message may include health information, and we need your "
            "permission to use it. We only use it to answer this enquiry."
        ),
        error_messages={
            "required": "Tick the box to agree that we can use your health information to reply"
        },
    )
    marketing_opt_in = forms.BooleanField(
        label="Send me occasional news about the service by email (optional)",
        required=False,
    )
    # Communication needs (the NHS Accessible Information Standard), all optional.
    needs_large_print = forms.BooleanField(label="Large print", required=False)
    needs_easy_read = forms.BooleanField(label="Easy read", required=False)
    needs_bsl = forms.BooleanField(
        label="A British Sign Language (BSL) interpreter", required=False
    )
    needs_interpreter = forms.BooleanField(
        label="An interpreter for another language", required=False
    )
    interpreter_language = forms.CharField(
        label="Which language?",
        help_text="Only if you would like an interpreter.",
        required=False,
        max_length=50,
        error_messages={
            "max_length": "The language must be 50 characters or fewer",
            **null_character_message("the language"),
        },
    )
    needs_carer = forms.BooleanField(
        label="A carer or relative who speaks on their behalf", required=False
    )
    other_communication_needs = forms.CharField(
        label="Anything else about how we should communicate? (optional)",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "Other communication needs must be 200 characters or fewer",
            **null_character_message("other communication needs"),
        },
    )
    # A field people never see (hidden with CSS) that simple bots fill in.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = CONSENT_WORDING.format(clinic=settings.CLINIC["name"])
        self.fields["website"].widget.attrs |= {"autocomplete": "off", "tabindex": "-1"}
        # The token is not a field: the page always renders token_for_page by hand.
        self.token = FormToken.read(self.data.get("form_token", "")) if self.is_bound else None

    @staticmethod
    def personal_values(data) -> list[str]:
        """What the enquirer typed that identifies them, as sent and as we would store it."""
        values = [data.get(name, "") for name in Enquiry.PERSONAL_FIELDS]
        phone = normalise_phone(data.get("phone", ""))
        return [*values, *data.get("full_name", "").split(), *([phone] if phone else [])]

    @property
    def token_for_page(self) -> str:
        """The token to put in the page: the one posted, if genuine and current, otherwise
        a fresh one."""
        if self.token is None:
            return new_form_token()
        if self.token.expired:
            # The form was filled in long ago: someone who only has to press Send again
            # must not be taken for a bot by the minimum fill time.
            return new_form_token(issued_at=time.time() - settings.ENQUIRY_MIN_FILL_SECONDS)
        return self.data["form_token"]

    def spam_signal(self) -> str:
        """Why this valid submission looks automated (an Enquiry.SpamSignal), or "".

        Only called on a valid form: anyone can press Send quickly on an unfinished form,
        and a person whose browser filled in the hidden field needs to see their mistakes.
        """
        if self.data.get("website"):
            return Enquiry.SpamSignal.HONEYPOT
        if time.time() - self.token.issued_at < settings.ENQUIRY_MIN_FILL_SECONDS:
            return Enquiry.SpamSignal.TOO_FAST
        return ""

    def clean_consent(self):
        # Consent must be the box being ticked: what a browser sends for it is "on".
        # Django would read any other value but "false" ("0", "no") as ticked.
        if self.data.get("consent") != "on":
            raise forms.ValidationError(self.fields["consent"].error_messages["required"])
        return True

    def clean_full_name(self):
        return single_line_text(self.cleaned_data["full_name"], label="Your full name")

    def clean_insurer(self):
        return single_line_text(self.cleaned_data["insurer"], label="The insurance company name")

    def clean_interpreter_language(self):
        return single_line_text(self.cleaned_data["interpreter_language"], label="The language")

    def clean_other_communication_needs(self):
        return single_line_text(
            self.cleaned_data["other_communication_needs"], label="Other communication needs"
        )

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        if phone := normalise_phone(raw):
            return phone
        raise forms.ValidationError("Enter a phone number, like 020 7946 0123 or +33 1 23 45 67 89")

    def clean_message(self):
        # Browsers send line breaks as CR LF; count each as one character, as people do.
        message = self.cleaned_data["message"].replace("\r\n", "\n").replace("\r", "\n")
        if len(message) > MESSAGE_MAX_CHARS:
            raise forms.ValidationError(
                f"Your message must be {MESSAGE_MAX_CHARS:,} characters or fewer. "
                f"It is {len(message):,} characters now."
            )
        return message

    def clean(self):
        cleaned = super().clean()
        if self.token is None:
            raise forms.ValidationError(
                "Something went wrong with the form. Check your answers and send it again.",
                code="token",
            )
        if self.token.expired:
            raise forms.ValidationError(
                "This form was open for a long time; please check your answers and send it again.",
                code="token_expired",
            )
        if (
            cleaned.get("contact_method") == Enquiry.ContactMethod.PHONE
            and "phone" not in self.errors
            and not cleaned.get("phone")
        ):
            self.add_error("phone", "Enter a phone number, or choose email as the way to reply")
        if cleaned.get("funding") != Enquiry.Funding.INSURANCE:
            cleaned["insurer"] = ""
        self.clean_contact_time_for_method(cleaned)
        self.clean_interpreter(cleaned)
        self.clean_centre_for_therapy(cleaned)
        return cleaned

    def clean_contact_time_for_method(self, cleaned: dict) -> None:
        """A call time only from those who may be called: email-only enquirers skip it."""
        method = cleaned.get("contact_method")
        if method == Enquiry.ContactMethod.EMAIL:
            cleaned["contact_time"] = ""
        elif method and not cleaned.get("contact_time") and "contact_time" not in self.errors:
            self.add_error("contact_time", CONTACT_TIME_MISSING)

    def clean_interpreter(self, cleaned: dict) -> None:
        if not cleaned.get("needs_interpreter"):
            # A language typed, then the box unticked (or hidden by the page's script).
            cleaned["interpreter_language"] = ""
        elif not cleaned.get("interpreter_language") and "interpreter_language" not in self.errors:
            self.add_error(
                "interpreter_language",
                "Enter the language you would like an interpreter for, or untick "
                "“An interpreter for another language”",
            )

    def clean_centre_for_therapy(self, cleaned: dict) -> None:
        """The centre chosen must offer the treatment chosen (the page's script filters the
        list; without it, this says which centres do)."""
        therapy, centre = cleaned.get("therapy"), cleaned.get("centre")
        if therapy is None or centre is None or therapy in centre.therapies.all():
            return
        offering = [str(other) for other in self.fields["centre"].queryset.offering(therapy)]
        if offering:
            choices = ", ".join([*offering, "or “No preference”"])
            self.add_error(
                "centre", f"{centre} does not offer this treatment; choose one of: {choices}"
            )
        else:
            self.add_error(
                "centre",
                f"{centre} does not offer this treatment, and no centre does yet; choose "
                "“No preference” and we will tell you where you can have it",
            )

    def submission(self) -> dict:
        """Keyword arguments for services.enquiry_submit()."""
        fields = {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in {"consent", "website"}
        }
        return fields | {
            "form_token": self.token.value,
            "consent_version": settings.ENQUIRY_CONSENT_VERSION,
            "held_as_spam_reason": self.spam_signal(),
        }


class SatisfactionForm(forms.Form):
    """ "Did we answer your question?", asked once by email after an enquiry is closed."""

    COMMENT_MAX_CHARS = 1000

    answered = forms.TypedChoiceField(
        label="Did we answer your question?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select yes or no"),
    )
    comment = forms.CharField(
        label="Anything you would like to tell us? (optional)",
        help_text=f"Up to {COMMENT_MAX_CHARS:,} characters. Please do not include details of "
        "your health: if you need more help, call us.",
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"Your comment must be {COMMENT_MAX_CHARS:,} characters or fewer",
            **null_character_message("your comment"),
        },
    )


class FirstResponseForm(forms.Form):
    """The details staff give when they record the first reply to enquiries."""

    method = forms.ChoiceField(
        label="How did you reply?",
        choices=Enquiry.ResponseMethod.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("Select how you replied"),
    )
    responded_at = forms.DateTimeField(
        label="When did you reply?",
        help_text="UK time. Leave as it is if you replied just now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter when you replied",
            "invalid": "Enter a date and time, like 2026-12-02 15:15",
        },
    )

    def clean_responded_at(self):
        responded_at = self.cleaned_data["responded_at"]
        # A minute's grace: the field has no seconds, "now" is already in the past.
        if responded_at > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError("The reply time cannot be in the future")
        return responded_at


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="To (inclusive)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date")
        return cleaned

    @staticmethod
    def default_period(today: date) -> dict[str, date]:
        """The last 28 days, today included: four whole weeks."""
        return {"start": today - timedelta(days=27), "end": today}


class SubjectAccessForm(forms.Form):
    """The person whose data staff are exporting or erasing, found by their email address."""

    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="The address they sent their enquiries from. Capital letters do not matter.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )
