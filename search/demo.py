"""Demo synonyms and a pinned result: patients' everyday words for the demo pages' words.

Created only where the term is missing, so editors' changes are never overwritten.
Runs after the therapy pages are loaded (the pin points at one).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from search.models import PinnedPage, Synonym

SYNONYMS = {
    "tummy": "abdomen, abdominal, stomach",
    "belly": "abdomen, abdominal, stomach",
    "drip": "infusion",
    "being sick": "vomiting, sick",
    "throw up": "vomiting, sick",
    "tired": "tiredness, fatigue",
    "exhausted": "tiredness, fatigue",
    "wee": "urine",
    "pee": "urine",
    "cost": "paying, self-pay, insurance",
    "price": "paying, self-pay, insurance",
    # A brand name patients may have read about: the therapy page names the medicine.
    "lutathera": "177lu octreotate, lutetium",
}

# The pinned page's model by its label: the content apps register with search, so search
# imports none of them (tests/test_architecture.py).
PINS = {"lutathera": ("therapies.Therapy", "177lu-octreotate")}


def load() -> int:
    created = 0
    for term, alternatives in SYNONYMS.items():
        _synonym, made = Synonym.objects.get_or_create(
            term=term, defaults={"alternatives": alternatives}
        )
        created += made
    for term, (label, slug) in PINS.items():
        model = apps.get_model(label)
        page = model.objects.filter(slug=slug).first()
        if page is None:
            continue
        _pin, made = PinnedPage.objects.get_or_create(
            term=term,
            defaults={
                "content_type": ContentType.objects.get_for_model(model),
                "object_id": page.pk,
            },
        )
        created += made
    return created
