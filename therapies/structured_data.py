"""schema.org descriptions of the therapy pages, for search engines (rendered as JSON-LD)."""

from django.conf import settings

from genesis_site.seo import SCHEMA_ORG, absolute_url
from therapies.models import Therapy


def medical_clinic() -> dict:
    clinic = settings.CLINIC
    return {
        "@type": "MedicalClinic",
        "name": clinic["service_name"],
        "telephone": clinic["phone"],
        "email": clinic["email"],
        "url": absolute_url("/"),
    }


def medical_therapy(therapy: Therapy) -> dict:
    url = absolute_url(therapy.get_absolute_url())
    return {
        "@type": "MedicalTherapy",
        "@id": f"{url}#therapy",
        "name": therapy.title,
        "description": therapy.summary,
        "url": url,
    }


def therapy_page(therapy: Therapy) -> dict:
    subject = medical_therapy(therapy) | {
        "adverseOutcome": [
            {"@type": "MedicalEntity", "name": side_effect.name}
            for side_effect in therapy.side_effects.all()
        ]
    }
    return {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "url": subject["url"],
        "name": therapy.title,
        "description": therapy.summary,
        "inLanguage": "en-GB",
        "lastReviewed": therapy.last_reviewed,
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": subject,
        "mainEntity": subject,
        "publisher": medical_clinic(),
    }


def therapy_list_page(therapies, *, path: str, title: str) -> dict:
    return {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "url": absolute_url(path),
        "name": title,
        "inLanguage": "en-GB",
        "about": medical_clinic(),
        "hasPart": [medical_therapy(therapy) for therapy in therapies],
    }
