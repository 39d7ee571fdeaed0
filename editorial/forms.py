from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from editorial.publishing import one_year_after


class PageAdminForm(forms.ModelForm):
    """The admin form of every publishable model: its fields plus an optional change note."""

    change_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="Optional. What you changed and why; it is kept in the page's history.",
    )


class PublishForm(forms.Form):
    """Publish a draft, or (for therapy pages) approve it clinically or send it back."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Publish"
        RETURN = "return", "Return to the editor"

    action = forms.ChoiceField(choices=Action, widget=forms.HiddenInput)
    next_review_due = forms.DateField(
        label="Next review due",
        widget=AdminDateWidget,
        help_text="When a clinician must check the page again. Usually a year from today.",
        error_messages={"invalid": "Enter a date, for example 31/12/2027."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Kept in the page's history. Required when you return the page.",
    )
    # The page's latest history entry when the form was shown: a save since then means the
    # reviewer has not seen what they would approve.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, page, latest_revision_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.latest_revision_id = latest_revision_id
        self.fields["seen"].initial = latest_revision_id
        if page.needs_clinical_approval:
            self.fields["next_review_due"].initial = one_year_after(timezone.localdate())
        else:
            del self.fields["next_review_due"]

    def clean_next_review_due(self):
        due = self.cleaned_data["next_review_due"]
        if due <= timezone.localdate():
            raise ValidationError("Choose a date after today.")
        return due

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen") != self.latest_revision_id:
            raise ValidationError(
                "The draft has changed since you opened this page. Check the changes below "
                "again before you decide."
            )
        if cleaned.get("action") == self.Action.RETURN:
            self.errors.pop("next_review_due", None)
            if not cleaned.get("note", "").strip():
                self.add_error("note", "Say what needs changing, so the editor knows.")
        return cleaned
