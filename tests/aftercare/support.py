from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from tests.factories import make_aftercare_step, make_therapy
from therapies.models import AftercareStep, Therapy


def make_therapy_with_aftercare(**overrides) -> Therapy:
    """A therapy with one step of each kind, the usual days of a lutetium leaflet."""
    therapy = make_therapy(**({"title": "177Lu-octreotate therapy"} | overrides))
    make_aftercare_step(therapy, title="Sleep in a separate bed", first_day=0, last_day=9)
    make_aftercare_step(therapy, title="Flush the toilet twice", first_day=0, last_day=3)
    for day in (14, 28):
        make_aftercare_step(
            therapy,
            kind=AftercareStep.Kind.BLOOD_TEST,
            title="Blood test",
            first_day=day,
            last_day=None,
        )
    make_aftercare_step(
        therapy,
        kind=AftercareStep.Kind.NEXT_TREATMENT,
        title="Window for your next treatment",
        first_day=56,
        last_day=84,
    )
    make_aftercare_step(
        therapy,
        kind=AftercareStep.Kind.TRAVEL,
        title="Carry your travel card",
        first_day=0,
        last_day=30,
    )
    return therapy


def planner_url(therapy: Therapy, name: str = "plan", **query) -> str:
    url = reverse(f"aftercare:{name}", kwargs={"slug": therapy.slug})
    return f"{url}?{urlencode(query)}" if query else url


def date_query(day: date) -> dict[str, int]:
    return {"day": day.day, "month": day.month, "year": day.year}
