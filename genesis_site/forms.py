from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django_otp import verify_token

from genesis_site.queries import PreparedQuery


class OneTimeCodeForm(forms.Form):
    """A code from the staff member's authenticator app (or a backup code), checked
    against ``devices``; the device that accepted it is ``self.device``.

    Each wrong code slows further tries on that device (django-otp's throttling),
    so the six digits cannot be guessed by brute force.
    """

    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        for device in self.devices:
            if verified := verify_token(self.user, device.persistent_id, code):
                self.device = verified
                return code
        raise ValidationError(
            "That code did not work. Enter the newest code from your app: it changes "
            "every 30 seconds. After several wrong codes, wait a little before trying again.",
            code="invalid",
        )


class NamedChoiceField(forms.ModelChoiceField):
    """A choice of published rows, whose options come from ``options``: a PreparedQuery of
    the clock (``now``), compiled once per process, reading only what the options show.

    A choice sent is checked against the field's ``queryset`` as usual.
    """

    def __init__(self, *args, options: PreparedQuery, **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)

    def _get_choices(self):
        if hasattr(self, "_choices"):
            return self._choices
        return PreparedChoices(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class PreparedChoices(ModelChoiceIterator):
    def version(self) -> tuple:
        """Changes whenever the options do: {% form_field %} writes them once per version."""
        return self.field.options.fetched_versions(now=timezone.now())

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.options.all(now=timezone.now()):
            yield self.choice(row)
