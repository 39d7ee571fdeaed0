"""Demo glossary: words the demo therapy page uses, explained in our own plain words.

`load()` runs on every `make run`, so it creates only the terms whose slug is missing and
leaves existing terms exactly as an editor left them. A new term is published, with the
approval recorded in its history, as if a clinical reviewer had signed it off on the day it
was loaded.
"""

from editorial.demo import record_demo_publication
from editorial.publishing import Status
from glossary.models import GlossaryTerm

TERMS = [
    {
        "slug": "prrt",
        "term": "PRRT",
        "other_forms": "peptide receptor radionuclide therapy",
        "definition": (
            "Peptide receptor radionuclide therapy, or PRRT for short: a medicine that finds "
            "tumour cells carries a radioactive substance to them, so the radiation treats "
            "them from very close by. 177Lu-octreotate therapy is one kind of PRRT."
        ),
    },
    {
        "slug": "neuroendocrine-tumour",
        "term": "Neuroendocrine tumour",
        "other_forms": "neuroendocrine tumours\nNET\nNETs",
        "definition": (
            "A tumour that grows from neuroendocrine cells. These cells make hormones and "
            "pass on messages from nerves. They are found all over the body, so these "
            "tumours can start in many places, most often the gut, the pancreas or the lungs. "
            "Often called a NET."
        ),
    },
    {
        "slug": "somatostatin-analogue",
        "term": "Somatostatin analogue",
        "other_forms": "somatostatin analogues",
        "definition": (
            "A man-made medicine that works like somatostatin, a hormone your body makes. "
            "Octreotide and lanreotide are examples that can ease the symptoms of a "
            "neuroendocrine tumour. In 177Lu-octreotate therapy, one of them carries the "
            "radiation to the tumour cells."
        ),
    },
    {
        "slug": "infusion",
        "term": "Infusion",
        "other_forms": "infusions\ndrip",
        "definition": (
            "An infusion, often called a drip, gives a liquid medicine slowly into a vein "
            "through a thin tube."
        ),
    },
    {
        "slug": "radionuclide",
        "term": "Radionuclide",
        "other_forms": "radionuclides\nradioactive substance",
        "definition": (
            "A substance that gives off radiation. In treatment, a small amount is joined to "
            "a medicine that takes it to the cells it should treat. Lutetium-177 is one."
        ),
    },
    {
        "slug": "amino-acids-for-kidney-protection",
        "term": "Amino acids for kidney protection",
        "other_forms": "amino acid infusion\namino acids",
        "definition": (
            "Amino acids are the building blocks of protein. With some treatments you have "
            "them through a drip, before and during the treatment. They help your kidneys "
            "pass the radioactive medicine out in your urine (wee) rather than hold on to it, "
            "which protects them."
        ),
    },
    {
        "slug": "pet-ct-scan",
        "term": "PET/CT scan",
        "other_forms": "PET/CT scans\nPET/CT",
        "definition": (
            "A scan that joins two kinds of picture: a PET scan shows where a small dose of "
            "a radioactive tracer collects in the body, and a CT scan shows the body's shape "
            "in detail. Together they show where tumours are and what they are like."
        ),
    },
    {
        "slug": "remission",
        "term": "Remission",
        "other_forms": "long-term remission",
        "definition": (
            "When tests and scans show that a cancer has shrunk, stopped growing or cannot "
            "be seen. Remission can last a long time, but it does not always mean the cancer "
            "is cured."
        ),
    },
    {
        "slug": "outpatient",
        "term": "Outpatient",
        "other_forms": "outpatients",
        "definition": (
            "Someone who comes to hospital or a clinic for a test or treatment and goes "
            "home the same day, without staying overnight."
        ),
    },
]


def load() -> int:
    """Create whichever demo terms are missing; return how many were created."""
    return sum(_load_term(**term) for term in TERMS)


def _load_term(*, slug: str, **content) -> int:
    term, created = GlossaryTerm.objects.get_or_create(
        slug=slug, defaults=content | {"status": Status.PUBLISHED}
    )
    if created:
        record_demo_publication(term)
    return int(created)
