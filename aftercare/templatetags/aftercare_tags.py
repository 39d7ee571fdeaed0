from datetime import date

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString

from aftercare.forms import TreatmentDateForm
from therapies.models import AftercareStep

register = template.Library()


# The therapy page's planner comes from here, so the therapies app never imports this one
# (which imports it: the planner reads a therapy's aftercare steps).
@register.inclusion_tag("aftercare/includes/therapy_planner.html")
def therapy_aftercare_planner(therapy):
    """ "Your dates after treatment": the therapy's usual steps and the date form."""
    steps = sorted(therapy.aftercare_steps.all(), key=lambda step: (step.first_day, step.order))
    return {"therapy": therapy, "steps": steps, "form": TreatmentDateForm()}


@register.simple_tag
def plan_date(day: date) -> SafeString:
    """A date of the plan in full, as people say it: Wednesday 3 March 2027."""
    return format_html(
        '<time datetime="{}">{}</time>', day.isoformat(), format_date(day, "l j F Y")
    )


def _days(number: int) -> str:
    return f"{number} day{'' if number == 1 else 's'}"


@register.filter
def usual_days(step: AftercareStep) -> str:
    """When a step usually falls, counted from the treatment: "until 9 days after it"."""
    first = step.first_day
    last = first if step.last_day is None else step.last_day
    if last == first:
        return f"about {_days(first)} after treatment" if first else "on the day of treatment"
    if first == 0:
        return f"from the day of treatment until {_days(last)} after it"
    return f"from {first} to {last} days after treatment"
