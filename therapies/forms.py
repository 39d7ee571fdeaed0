from django import forms


class HelpfulForm(forms.Form):
    """ "Was this page helpful?" Yes or No, and nothing else."""

    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose yes or no.",
            "invalid_choice": "Choose yes or no.",
        },
    )
