from django import forms
from django.db import models

from centres.validators import normalise_postcode, validate_uk_postcode


class PostcodeFormField(forms.CharField):
    default_validators = [validate_uk_postcode]

    def to_python(self, value):
        return normalise_postcode(super().to_python(value))


class UKPostcodeField(models.CharField):
    """A UK postcode, accepted however it is typed and stored as ``SL4 3HD``."""

    default_validators = [validate_uk_postcode]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_postcode(value) if value else value

    def formfield(self, **kwargs):
        # No length limit on what is typed ("sl4  3hd " is fine): the validator
        # checks the normalised value, which is never longer than 8 characters.
        return super().formfield(**{"form_class": PostcodeFormField, "max_length": None, **kwargs})
