"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from itertools import count

from django.contrib.auth import get_user_model

from centres.models import Centre
from therapies.models import (
    FrequentlyAskedQuestion,
    KeyFact,
    SideEffect,
    SitePage,
    Therapy,
    TherapySection,
)

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


def make_staff_user(**overrides):
    n = next(_sequence)
    fields = {"username": f"staff{n}", "email": f"staff{n}@example.org", "is_staff": True}
    return get_user_model().objects.create_user(**(fields | overrides))


def make_site_page(**overrides) -> SitePage:
    n = next(_sequence)
    fields = {
        "title": f"Test page {n}",
        "slug": f"test-page-{n}",
        "summary": "A short summary of the page.",
        "body": "Some text.",
        "is_published": True,
    } | overrides
    return SitePage.objects.create(**fields)


def make_therapy_section(therapy: Therapy, **overrides) -> TherapySection:
    n = next(_sequence)
    fields = {"heading": f"Section {n}", "body": f"Section text {n}.", "order": n} | overrides
    return TherapySection.objects.create(therapy=therapy, **fields)


def make_key_fact(therapy: Therapy, **overrides) -> KeyFact:
    n = next(_sequence)
    fields = {"label": f"Fact {n}", "value": f"Value {n}", "order": n} | overrides
    return KeyFact.objects.create(therapy=therapy, **fields)


def make_faq(therapy: Therapy, **overrides) -> FrequentlyAskedQuestion:
    n = next(_sequence)
    fields = {"question": f"Question {n}?", "answer": f"Answer {n}.", "order": n} | overrides
    return FrequentlyAskedQuestion.objects.create(therapy=therapy, **fields)


def make_side_effect(therapy: Therapy, **overrides) -> SideEffect:
    n = next(_sequence)
    fields = {"name": f"Side effect {n}", "management": f"How we help {n}.", "order": n} | overrides
    return SideEffect.objects.create(therapy=therapy, **fields)
