"""schema.org JSON-LD for the centre and specialist pages.

Built from the same prefetched objects the page shows, so it adds no queries.
Links are absolute, on settings.SITE_URL, because the data is read away from the page.
"""

from datetime import datetime

from django.conf import settings

from centres.models import Centre, OpeningException, Specialist
from genesis_site.phone import normalise_phone
from genesis_site.seo import SCHEMA_ORG as SCHEMA
from genesis_site.seo import absolute_url


def postal_address(centre: Centre) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(filter(None, [centre.address_line_1, centre.address_line_2])),
        "addressLocality": centre.town,
        "postalCode": centre.postcode,
        "addressCountry": "GB",
    }


def _exception_hours(exception: OpeningException) -> dict:
    # A closed day is 00:00 to 00:00, the convention search engines document.
    return {
        "@type": "OpeningHoursSpecification",
        "validFrom": exception.date.isoformat(),
        "validThrough": exception.date.isoformat(),
        "opens": f"{exception.opens or datetime.min.time():%H:%M}",
        "closes": f"{exception.closes or datetime.min.time():%H:%M}",
    }


def _therapy_services(therapies) -> list[dict]:
    return [
        {
            "@type": "MedicalTherapy",
            "name": therapy.title,
            "url": absolute_url(therapy.get_absolute_url()),
        }
        for therapy in therapies
    ]


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _image(profile) -> str | None:
    return absolute_url(profile.photo.url) if profile.photo else None


def medical_clinic(centre: Centre, now: datetime | None = None) -> dict:
    url = absolute_url(centre.get_absolute_url())
    weekly = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"{SCHEMA}/{hours.get_weekday_display()}",
            "opens": f"{hours.opens:%H:%M}",
            "closes": f"{hours.closes:%H:%M}",
        }
        for hours in centre.opening_hours.all()
        if not hours.is_closed
    ]
    data = {
        "@context": SCHEMA,
        "@type": "MedicalClinic",
        "@id": url,
        "url": url,
        "name": centre.name,
        "telephone": normalise_phone(centre.phone),
        "email": centre.contact_email,
        "address": postal_address(centre),
        "openingHoursSpecification": weekly
        + [_exception_hours(exception) for exception in centre.upcoming_exceptions(now)],
        "availableService": _therapy_services(centre.therapies.all()),
        "image": _image(centre),
    }
    if centre.has_location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(centre.latitude),
            "longitude": float(centre.longitude),
        }
    return _without_empty(data)


def physician(specialist: Specialist) -> dict:
    url = absolute_url(specialist.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "Physician",
        "@id": url,
        "url": url,
        "name": specialist.full_name,
        "description": specialist.summary,
        "medicalSpecialty": specialist.specialty_list,
        "worksFor": {
            "@type": "MedicalOrganization",
            "name": settings.CLINIC["service_name"],
            "url": settings.SITE_URL,
        },
        "location": [
            {
                "@type": "MedicalClinic",
                "@id": absolute_url(centre.get_absolute_url()),
                "name": centre.name,
                "address": postal_address(centre),
            }
            for centre in specialist.centres.all()
        ],
        "availableService": _therapy_services(specialist.therapies.all()),
        "knowsLanguage": [
            language.strip() for language in specialist.languages.split(",") if language.strip()
        ],
        "image": _image(specialist),
    }
    if specialist.gmc_number:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "GMC",
            "name": "General Medical Council reference number",
            "value": specialist.gmc_number,
            **({"url": specialist.gmc_register_url} if specialist.gmc_register_url else {}),
        }
    return _without_empty(data)
