import re
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date

# A plan is for a treatment in the year before or after today: further out is a typing
# mistake, or a question for the patient's team.
PLAN_RANGE_DAYS = 365
EXAMPLE = "for example, 27 3 2026"
DATE_FORMAT = "j F Y"
DIGITS = re.compile(r"[0-9]+")


class TreatmentDateForm(forms.Form):
    """The date of a treatment as day, month and year boxes (the GOV.UK date pattern).

    Three boxes rather than a date picker: they work the same in every browser, with a
    keyboard and a screen reader, and an impossible date gets a message that says so.
    """

    # Checked together in clean(), which says what is wrong with the date as a whole.
    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)

    parts = ("day", "month", "year")

    def __init__(self, *args, today: date | None = None, **kwargs):
        kwargs.setdefault("auto_id", "treated-%s")
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    @property
    def earliest(self) -> date:
        return self.today - timedelta(days=PLAN_RANGE_DAYS)

    @property
    def latest(self) -> date:
        return self.today + timedelta(days=PLAN_RANGE_DAYS)

    @property
    def date_error(self) -> str:
        """The one message about the date, shown above its boxes."""
        for name in self.parts:
            if self.errors.get(name):
                return self.errors[name][0]
        return ""

    def clean(self):
        # A ValidationError keyed by a box puts the message on that box (and its link in
        # the error summary), for the first problem only.
        values = {name: (self.cleaned_data.get(name) or "").strip() for name in self.parts}
        missing = [name for name in self.parts if not values[name]]
        if len(missing) == len(self.parts):
            raise ValidationError({"day": "Enter the date of your treatment"})
        if missing:
            raise ValidationError(
                {missing[0]: f"The date of your treatment must include a {missing[0]}"}
            )
        for name in self.parts:
            if not DIGITS.fullmatch(values[name]):
                raise ValidationError({name: f"Enter the date in numbers, {EXAMPLE}"})
        if len(values["year"]) != 4:
            raise ValidationError({"year": f"Enter the year in 4 numbers, {EXAMPLE}"})
        try:
            treated_on = date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            wrong = "day" if 1 <= int(values["month"]) <= 12 else "month"
            raise ValidationError(
                {wrong: f"The date of your treatment must be a real date, {EXAMPLE}"}
            ) from None
        if treated_on < self.earliest:
            raise ValidationError(
                {
                    "year": f"The date must be after {format_date(self.earliest, DATE_FORMAT)}. "
                    "For an earlier treatment, ask your team about your dates"
                }
            )
        if treated_on > self.latest:
            raise ValidationError(
                {"year": f"The date must be before {format_date(self.latest, DATE_FORMAT)}"}
            )
        self.cleaned_data["treated_on"] = treated_on
        return self.cleaned_data
