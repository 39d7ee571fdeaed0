from django import forms

QUERY_MAX_CHARS = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search this site",
        required=False,
        max_length=QUERY_MAX_CHARS,
        help_text="Use your own words, for example: tummy pain after the drip.",
        error_messages={
            "max_length": f"Enter a search of {QUERY_MAX_CHARS} characters or fewer",
            "null_characters_not_allowed": "Remove the hidden characters from your search",
        },
        # Not remembered by the browser: a family computer would offer the next person
        # what the last one searched for.
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "autocomplete": "off"}
        ),
    )
