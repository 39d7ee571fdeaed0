"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from itertools import count

from centres.models import Centre, OpeningException, OpeningHours, Specialist
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


def make_opening_hours(
    centre: Centre, weekday: int, opens=None, closes=None, **overrides
) -> OpeningHours:
    fields = {
        "centre": centre,
        "weekday": weekday,
        "opens": opens,
        "closes": closes,
        "is_closed": opens is None,
    } | overrides
    return OpeningHours.objects.create(**fields)


def make_opening_exception(
    centre: Centre, date, opens=None, closes=None, **overrides
) -> OpeningException:
    fields = {
        "centre": centre,
        "date": date,
        "reason": "Bank holiday",
        "opens": opens,
        "closes": closes,
        "is_closed": opens is None,
    } | overrides
    return OpeningException.objects.create(**fields)


def make_centre_with_address(therapies=(), **overrides) -> Centre:
    """A centre as an editor would finish it: address, phone and a location."""
    n = next(_sequence)
    centre = make_centre(
        **{
            "address_line_1": f"{n} High Street",
            "town": f"Town {n}",
            "postcode": "SL4 3HD",
            "phone": "01753 465 493",
            "latitude": "51.479361",
            "longitude": "-0.615993",
        }
        | overrides
    )
    centre.therapies.set(therapies)
    return centre


def make_specialist(centres=(), therapies=(), **overrides) -> Specialist:
    n = next(_sequence)
    fields = {
        "title": "Dr",
        "name": f"Test Specialist {n}",
        "slug": f"test-specialist-{n}",
        "role": "Consultant in Nuclear Medicine",
        "summary": "Treats neuroendocrine tumours.",
    } | overrides
    specialist = Specialist.objects.create(**fields)
    specialist.centres.set(centres)
    specialist.therapies.set(therapies)
    return specialist


def make_windsor_centre(therapies=(), **overrides) -> Centre:
    """The Windsor centre as patients see it: the facts page tests look for."""
    return make_centre_with_address(
        therapies,
        **{
            "name": "GenesisCare Windsor",
            "slug": "windsor",
            "address_line_1": "69 Alma Road",
            "town": "Windsor",
            "postcode": "SL4 3HD",
            "phone": "01753 465 493",
            "latitude": "51.479361",
            "longitude": "-0.615993",
        }
        | overrides,
    )
