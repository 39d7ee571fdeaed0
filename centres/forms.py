from django import forms

from centres.validators import postcode_area
from therapies.models import Therapy


class CentreSearchForm(forms.Form):
    """The GET form on /centres/: which therapy, and where."""

    therapy = forms.ModelChoiceField(
        queryset=Therapy.objects.published(),
        to_field_name="slug",
        required=False,
        empty_label="Any therapy",
        label="Therapy",
        error_messages={"invalid_choice": "Choose a therapy from the list."},
    )
    q = forms.CharField(
        label="Town or postcode",
        required=False,
        max_length=60,
        help_text="For example Windsor, or the first part of a postcode such as SL4.",
        error_messages={"max_length": "Enter a town or postcode of 60 characters or fewer."},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def filter(self, centres):
        """``centres`` narrowed to the valid choices made in this form."""
        if not self.is_valid():
            return centres
        if therapy := self.cleaned_data["therapy"]:
            centres = centres.offering(therapy)
        return centres.search(self.cleaned_data["q"])

    @property
    def postcode_area(self) -> str:
        return postcode_area(self.cleaned_data["q"]) if self.is_valid() else ""

    @property
    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
