"""Demo centres, their hours and Dr Yong Du, written in our own words.

Addresses and phone numbers are the clinic's published ones. Coordinates, opening
hours, holidays, getting-there notes, languages and the GMC number are invented, and
each object's demo note (shown at the top of its admin page) says so. Each object is
created only when its slug is missing, so editors' changes are never overwritten.
"""

from datetime import date, time
from decimal import Decimal

from centres.models import Centre, OpeningException, OpeningHours, Specialist, Weekday
from centres.opening_hours import london_now
from editorial.demo import record_demo_publication
from editorial.publishing import Status
from therapies.models import Therapy

LUTETIUM_THERAPY_SLUG = "177lu-octreotate"

CENTRE_DEMO_NOTE = (
    "Invented for the demo: latitude and longitude, opening hours, holidays and special "
    "hours, and the parking, public transport and step-free access notes."
)

CENTRES = [
    {
        "slug": "windsor",
        "name": "GenesisCare Windsor",
        "address_line_1": "69 Alma Road",
        "town": "Windsor",
        "postcode": "SL4 3HD",
        "phone": "01753 465 493",
        "latitude": Decimal("51.479361"),
        "longitude": Decimal("-0.615993"),
        "parking": (
            "Free parking on site, including spaces for blue badge holders next to the "
            "entrance. Please tell us when you book if you need one kept for you."
        ),
        "public_transport": (
            "Windsor and Eton Central station is about 15 minutes' walk away. Local buses "
            "stop on Alma Road, a short walk from the entrance."
        ),
        "step_free_access": (
            "Step-free from the car park to reception, with a ramp at the main door. "
            "All treatment rooms are on the ground floor, and there is an accessible toilet."
        ),
        "offers_lutetium": True,
    },
    {
        "slug": "oxford",
        "name": "GenesisCare Oxford",
        "address_line_1": "Peters Way",
        "address_line_2": "Sandy Lane West",
        "town": "Oxford",
        "postcode": "OX4 6LB",
        "phone": "01865 224 884",
        "latitude": Decimal("51.723829"),
        "longitude": Decimal("-1.218116"),
        "parking": "Free parking on site, with blue badge spaces by the entrance.",
        "public_transport": (
            "Buses from Oxford city centre stop on Sandy Lane West, about 5 minutes' walk away."
        ),
        "step_free_access": "Level access throughout, with a lift to the first floor.",
        "offers_lutetium": False,
    },
]

WEEKDAY_OPENS, WEEKDAY_CLOSES = time(8), time(18)

# England and Wales bank holidays (gov.uk), plus one example of shorter hours.
HOLIDAYS = [
    (date(2026, 12, 24), "Christmas Eve (closing early)", (time(8), time(13))),
    (date(2026, 12, 25), "Christmas Day", None),
    (date(2026, 12, 28), "Boxing Day (substitute day)", None),
    (date(2027, 1, 1), "New Year's Day", None),
    (date(2027, 3, 26), "Good Friday", None),
    (date(2027, 3, 29), "Easter Monday", None),
    (date(2027, 5, 3), "Early May bank holiday", None),
    (date(2027, 5, 31), "Spring bank holiday", None),
    (date(2027, 8, 30), "Summer bank holiday", None),
    (date(2027, 12, 27), "Christmas Day (substitute day)", None),
    (date(2027, 12, 28), "Boxing Day (substitute day)", None),
]

YONG_DU = {
    "slug": "dr-yong-du",
    "title": "Dr",
    "name": "Yong Du",
    "role": "Consultant Physician in Nuclear Medicine and PET/CT",
    "gmc_number": "0000000",
    "specialties": "Diagnostic nuclear medicine\nTherapeutic nuclear medicine\nPET/CT imaging",
    "languages": "English",
    "summary": (
        "Dr Yong Du is a consultant in nuclear medicine and PET/CT. He uses radioactive "
        "medicines both to find cancer on scans and to treat it."
    ),
    "biography": (
        "Dr Yong Du is a consultant physician who specialises in nuclear medicine and "
        "PET/CT scanning.\n\n"
        "Nuclear medicine uses very small amounts of radioactive medicine. In a scan, it "
        "shows where cancer is in the body. In treatment, such as 177Lu-octreotate, it "
        "carries radiation straight to the cancer cells. Dr Du has many years of experience "
        "of both: finding out what is going on, and then treating it.\n\n"
        "He was the first doctor in nuclear medicine to be awarded a UK HEFCE Clinical "
        "Senior Lectureship, a national award for senior doctors who also teach and "
        "research.\n\n"
        "Dr Du sees patients at our Windsor centre."
    ),
    "demo_note": (
        "Invented for the demo: the GMC number 0000000 (replace it with the real one; the "
        "profile links it to the GMC register) and the languages spoken."
    ),
}


def _load_centre(fields: dict, lutetium: Therapy | None) -> int:
    fields = dict(fields)
    offers_lutetium = fields.pop("offers_lutetium")
    centre, created = Centre.objects.get_or_create(
        slug=fields.pop("slug"),
        defaults={**fields, "demo_note": CENTRE_DEMO_NOTE, "status": Status.PUBLISHED},
    )
    if not created:
        return 0
    if offers_lutetium and lutetium:
        centre.therapies.add(lutetium)
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(centre=centre, weekday=day, opens=WEEKDAY_OPENS, closes=WEEKDAY_CLOSES)
            for day in Weekday
            if day < Weekday.SATURDAY
        ]
        + [
            OpeningHours(centre=centre, weekday=day, is_closed=True)
            for day in (Weekday.SATURDAY, Weekday.SUNDAY)
        ]
    )
    today = london_now().date()
    exceptions = OpeningException.objects.bulk_create(
        [
            OpeningException(
                centre=centre,
                date=day,
                reason=reason,
                is_closed=hours is None,
                opens=hours and hours[0],
                closes=hours and hours[1],
            )
            for day, reason, hours in HOLIDAYS
            if day >= today
        ]
    )
    record_demo_publication(centre)
    return 1 + 7 + len(exceptions)


def _load_specialist(centre: Centre | None, lutetium: Therapy | None) -> int:
    fields = dict(YONG_DU)
    specialist, created = Specialist.objects.get_or_create(
        slug=fields.pop("slug"), defaults=fields | {"status": Status.PUBLISHED}
    )
    if not created:
        return 0
    if centre:
        specialist.centres.add(centre)
    if lutetium:
        specialist.therapies.add(lutetium)
    record_demo_publication(specialist)
    return 1


def load() -> int:
    """Create the demo centres and specialist that are missing; return how many objects."""
    lutetium = Therapy.objects.filter(slug=LUTETIUM_THERAPY_SLUG).first()
    created = sum(_load_centre(fields, lutetium) for fields in CENTRES)
    windsor = Centre.objects.filter(slug="windsor").first()
    return created + _load_specialist(windsor, lutetium)
