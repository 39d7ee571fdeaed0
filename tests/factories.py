"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from itertools import count

from centres.models import Centre
from therapies.models import Therapy

_sequence = count(1)


def make_therapy(**overrides) -> Therapy:
    n = next(_sequence)
    fields = {
        "title": f"Test therapy {n}",
        "slug": f"test-therapy-{n}",
        "summary": "A short summary of the therapy.",
        "is_published": True,
    } | overrides
    return Therapy.objects.create(**fields)


def make_centre(**overrides) -> Centre:
    n = next(_sequence)
    fields = {
        "name": f"Test centre {n}",
        "slug": f"test-centre-{n}",
        "enquiry_email": f"centre{n}@example.org",
    } | overrides
    return Centre.objects.create(**fields)
