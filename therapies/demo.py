"""Demo content: the 177Lu-octreotate therapy page.

`load()` runs on every `make run`, so it creates only what is missing, matched by slug. A page that
already exists is left exactly as an editor left it: nothing is overwritten, and parts an editor
deleted are not added back. A new page is published, with the approval recorded in its history,
as if a clinical reviewer had signed it off on the day it was loaded.
"""

from inspect import cleandoc

from editorial.demo import record_demo_publication
from editorial.publishing import Status
from therapies.models import (
    EvidenceSource,
    FrequentlyAskedQuestion,
    KeyFact,
    SideEffect,
    Therapy,
    TherapySection,
)

# Each list in a therapy below fills one inline model, in this field order.
THERAPY_PARTS = {
    "key_facts": (KeyFact, ["label", "value"]),
    "sections": (TherapySection, ["heading", "body"]),
    "side_effects": (SideEffect, ["name", "management"]),
    "faqs": (FrequentlyAskedQuestion, ["question", "answer"]),
    "sources": (EvidenceSource, ["title", "url"]),
}

THERAPIES = [
    {
        "slug": "177lu-octreotate",
        "title": "177Lu-octreotate therapy",
        "summary": (
            "A targeted treatment for neuroendocrine tumours (NETs). It takes radiation straight "
            "to the tumour cells when surgery or chemotherapy have not worked."
        ),
        "introduction": cleandoc(
            """
            This page explains what 177Lu-octreotate therapy is, how it works and what to expect,
            from your first scan to the weeks after treatment. If you have a question that is not
            answered here, please ask us.
            """
        ),
        "call_to_action": (
            "Whether you need treatment or would like to know more, send us an enquiry. "
            "We will get back to you within 24 hours."
        ),
        "key_facts": [
            ("Used for", "Neuroendocrine tumours (NETs)"),
            ("Before you start", "A PET/CT scan"),
            ("Where", "Our Theranostics suite, as an outpatient"),
            ("Each treatment takes", "About 4 hours, through a drip"),
            ("How many treatments", "Usually 4"),
            ("Time between treatments", "4 to 8 weeks"),
        ],
        "sections": [
            (
                "What is 177Lu-octreotate therapy?",
                """
                177Lu-octreotate therapy treats neuroendocrine tumours (NETs). These tumours grow
                from cells in the hormone (endocrine) and nervous systems. They can start in many
                parts of the body, such as the gut, the pancreas, or the head and neck.

                It is one of a group of treatments called peptide receptor radionuclide therapy
                (PRRT). In short, a medicine that seeks out tumour cells carries a small amount of
                radiation to them.

                We may offer it to you when other treatments, such as surgery or chemotherapy, are
                not suitable for you or have not worked.
                """,
            ),
            (
                "How does it work?",
                """
                Your body makes a hormone called somatostatin. Many cells have *receptors* for
                it: places on their surface that the hormone fits into, like a key into a lock.
                NET cells usually have a lot of these somatostatin receptors.

                Octreotate is a man-made copy of somatostatin, so it fits the same receptors. We
                join it to a radioactive substance called lutetium-177. After it goes into your
                blood, the octreotate finds the tumour cells and holds on to them. The
                lutetium-177 then treats those cells with radiation from very close by.

                Because the medicine goes to the tumour cells, the rest of your body is largely
                spared from the radiation.
                """,
            ),
            (
                "What can it do?",
                """
                For many people, the treatment can:

                - stop the tumours from growing
                - make the tumours smaller
                - ease the symptoms the tumours cause

                Sometimes the tumours stay smaller for a long time. Doctors call this long-term
                remission. This treatment cannot cure the cancer, though. Your specialist will talk
                with you about what it could do for you.
                """,
            ),
            (
                "Before treatment: your PET/CT scan",
                """
                Before you start, you will have a PET/CT scan. It shows whether your tumour cells
                have the somatostatin receptors the treatment needs. It also shows where the tumours
                are. This helps your team plan a treatment that is right for you.
                """,
            ),
            (
                "Having the treatment",
                """
                You have the treatment as an outpatient in our Theranostics suite, so you do not
                stay overnight.

                The medicine goes into a vein in your arm through a drip. This takes about four
                hours.

                Most people have four treatments, with 4 to 8 weeks between each one. Your team will
                shape your treatment around you, and may change it depending on how you respond and
                how you feel.
                """,
            ),
            (
                "After treatment",
                """
                Your body gets rid of the lutetium-177 in your urine (wee). About 60% of it has left
                your body within 24 hours of treatment. Your care team will explain anything you
                need to do while this happens.
                """,
            ),
            (
                "Paying for treatment",
                """
                **With health insurance:** private medical insurance may cover your treatment. Most
                major insurers recognise us. Please check with your insurer before you start.

                **Paying for yourself:** we offer a range of self-pay packages. Ask us and we will
                explain the costs for your treatment.
                """,
            ),
        ],
        "side_effects": [
            (
                "Tiredness",
                """
                You may feel more tired than usual after treatment. Rest when you need to, and keep
                gently active if you can. Tell your care team if tiredness gets in the way of
                everyday life, so we can help.
                """,
            ),
            (
                "Feeling sick (nausea)",
                """
                Some people feel sick during or after treatment. We can give you anti-sickness
                medicine to prevent or ease it.
                """,
            ),
            (
                "Tummy (abdominal) pain",
                """
                Some people have tummy pain or cramps during the infusion, or in the day or two
                after it. It is usually mild and soon passes. Tell us if it happens: medicine
                can ease it.
                """,
            ),
            (
                "A short flare of your symptoms",
                """
                For a short time, the symptoms your tumours cause may get worse before they get
                better. This does not last. Tell us if it happens: medicine can often ease it.
                """,
            ),
        ],
        "faqs": [
            (
                "Will I need to stay in hospital?",
                "No. You have the treatment as an outpatient and go home the same day.",
            ),
            (
                "Can this treatment cure my cancer?",
                """
                No. It can stop tumours from growing, make them smaller and ease symptoms, sometimes
                for a long time. But it cannot cure the cancer.
                """,
            ),
            (
                "How will I know if it is right for me?",
                """
                Your PET/CT scan shows whether your tumours have the receptors the treatment needs.
                A specialist will look at your scan and your medical history, then talk through your
                options with you.
                """,
            ),
            (
                "Can someone ask on my behalf?",
                """
                Yes. A relative, carer or your own doctor can send us an enquiry for you, with your
                permission.
                """,
            ),
        ],
        "sources": [
            (
                "NICE technology appraisal guidance TA539: Lutetium (177Lu) oxodotreotide for "
                "treating unresectable or metastatic neuroendocrine tumours",
                "https://www.nice.org.uk/guidance/ta539",
            ),
            (
                "Strosberg J and others. Phase 3 trial of 177Lu-Dotatate for midgut "
                "neuroendocrine tumors. New England Journal of Medicine, 2017",
                "https://www.nejm.org/doi/full/10.1056/NEJMoa1607427",
            ),
        ],
    },
]


def load() -> int:
    """Create whichever demo pages are missing; return how many rows were created."""
    return sum(_load_therapy(**therapy) for therapy in THERAPIES)


def _load_therapy(*, slug: str, **content) -> int:
    parts = {name: content.pop(name) for name in THERAPY_PARTS}
    therapy, created = Therapy.objects.get_or_create(
        slug=slug, defaults=content | {"status": Status.PUBLISHED}
    )
    if not created:
        return 0
    rows = 1
    for name, items in parts.items():
        model, fields = THERAPY_PARTS[name]
        rows += len(
            model.objects.bulk_create(
                model(therapy=therapy, order=position * 10, **_fill(fields, item))
                for position, item in enumerate(items, start=1)
            )
        )
    record_demo_publication(therapy)
    return rows


def _fill(fields: list[str], values: tuple[str, ...]) -> dict[str, str]:
    return {field: cleandoc(value) for field, value in zip(fields, values, strict=True)}
