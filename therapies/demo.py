"""Demo content: the 177Lu-octreotate therapy page.

`load()` runs on every `make run`, so it creates only what is missing, matched by slug. A page that
already exists is left exactly as an editor left it: nothing is overwritten, and parts an editor
deleted are not added back. A new page is published, with the approval recorded in its history,
as if a clinical reviewer had signed it off on the day it was loaded.
"""

from inspect import cleandoc

from editorial.demo import demo_owner, record_demo_publication
from editorial.publishing import Status
from therapies.models import (
    AftercareStep,
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
    "aftercare_steps": (
        AftercareStep,
        ["kind", "title", "advice", "first_day", "last_day", "source", "source_url"],
    ),
}

# The planner's demo days, each from a published source and marked as a demo value: a clinic
# replaces them with its own, and each patient's team gives them their exact days.
GSTT_AFTERCARE = (
    "Demo value, from Guy's and St Thomas' NHS Foundation Trust: After having lutetium therapy",
    "https://www.guysandstthomas.nhs.uk/health-information/lutetium-therapy-neuroendocrine-tumours/"
    "after-having-lutetium-therapy",
)
GSTT_CYCLES = (
    "Demo value, from Guy's and St Thomas' NHS Foundation Trust: Lutetium therapy for "
    "neuroendocrine tumours (4 treatments, 8 to 12 weeks apart)",
    "https://www.guysandstthomas.nhs.uk/health-information/lutetium-therapy-neuroendocrine-tumours",
)
LEVART_2019 = (
    "Demo value, the average from Levart and others, Radiation precautions for inpatient and "
    "outpatient 177Lu-DOTATATE peptide receptor radionuclide therapy, EJNMMI Physics 2019",
    "https://doi.org/10.1186/s40658-019-0243-1",
)
HOPE_2019 = (
    "Demo value, from Hope and others, NANETS/SNMMI procedure standard for 177Lu-DOTATATE, "
    "Journal of Nuclear Medicine 2019",
    "https://doi.org/10.2967/jnumed.118.230607",
)
TRAVEL_CARD = (
    "Demo value. Why a card: travel cards for lutetium-177 patients, Journal of Nuclear "
    "Medicine 2020, as reported by the Oncidium Foundation",
    "https://oncidiumfoundation.org/2021/05/07/travel-cards-could-help-radiopharma-patients-avoid-delays-3",
)
PRECAUTION, BLOOD_TEST = AftercareStep.Kind.PRECAUTION, AftercareStep.Kind.BLOOD_TEST
BLOOD_TEST_ADVICE = "To check how the treatment has affected your blood, kidneys and liver."

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
        "aftercare_steps": [
            (
                PRECAUTION,
                "Sleep in a separate bed",
                "Keep a little distance from the people you live with, too: about an arm's "
                "length for long spells.",
                0,
                9,
                *LEVART_2019,
            ),
            (
                PRECAUTION,
                "Keep close contact with children and anyone pregnant short",
                "Hugs are fine, but avoid holding a child on your lap or sitting close to "
                "anyone pregnant for long.",
                0,
                9,
                *LEVART_2019,
            ),
            (
                PRECAUTION,
                "Flush the toilet twice, with the lid down",
                "Sit down to pass urine (wee), and wash your hands well each time.",
                0,
                3,
                *HOPE_2019,
            ),
            (
                PRECAUTION,
                "Use reliable contraception",
                "If there is any chance that sex could lead to a pregnancy.",
                0,
                182,
                *GSTT_AFTERCARE,
            ),
            *(
                (BLOOD_TEST, "Blood test", BLOOD_TEST_ADVICE, day, None, *GSTT_AFTERCARE)
                for day in (14, 28, 42, 56)
            ),
            (
                AftercareStep.Kind.NEXT_TREATMENT,
                "Window for your next treatment",
                "Your team books the day with you.",
                56,
                84,
                *GSTT_CYCLES,
            ),
            (
                AftercareStep.Kind.TRAVEL,
                "Carry your travel card when you travel",
                "Radiation detectors, for example at airports, can pick up the treatment for "
                "some weeks. If an alarm goes off, show the card.",
                0,
                30,
                *TRAVEL_CARD,
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
        # demo_owner is called only when the page is created.
        slug=slug,
        defaults=content | {"status": Status.PUBLISHED, "owner": demo_owner},
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


def _fill(fields: list[str], values: tuple) -> dict:
    return {
        field: cleandoc(value) if isinstance(value, str) else value
        for field, value in zip(fields, values, strict=True)
    }
