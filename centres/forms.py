from django import forms

from genesis_site.forms import NamedChoiceField
from genesis_site.queries import PreparedQuery
from therapies.models import Therapy


class CentreSearchForm(forms.Form):
    """The GET form on /centres/: which therapy, and where."""

    therapy = NamedChoiceField(
        options=PreparedQuery(lambda now: Therapy.objects.published(now).only("slug", "title")),
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
        help_text="For example Slough, SL4 or SL4 3HD.",
        error_messages={"max_length": "Enter a town or postcode of 60 characters or fewer."},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    @property
    def chosen_therapy(self) -> Therapy | None:
        return self.cleaned_data["therapy"] if self.is_valid() else None

    @property
    def text(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""

    @property
    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
