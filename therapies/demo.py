"""Demo content: the 177Lu-octreotate therapy page and the privacy, accessibility and terms pages.

`load()` runs on every `make run`, so it creates only what is missing, matched by slug. A page that
already exists is left exactly as an editor left it: nothing is overwritten, and parts an editor
deleted are not added back. Site pages take the clinic's contact details from settings.CLINIC.
New pages are published, with the approval (therapy) or publication (site page) recorded in their
history, as if a reviewer had signed them off on the day they were loaded.
"""

from inspect import cleandoc

from django.conf import settings

from editorial.publishing import Status
from editorial.services import revision_record
from therapies.models import (
    EvidenceSource,
    FrequentlyAskedQuestion,
    KeyFact,
    Revision,
    SideEffect,
    SitePage,
    Therapy,
    TherapySection,
)

DEMO_NOTE = "Demo content, published when it was loaded."

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

SITE_PAGES = [
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "summary": "What we collect when you contact us, why we need it, how long we keep it "
        "and your rights.",
        "body": """
            This notice explains how {name} uses the information you give us through this
            website, mainly through our enquiry form.

            ## What we collect

            When you send an enquiry, we collect:

            - your name, email address and phone number
            - how and when you would like us to contact you
            - who the enquiry is for (you, or someone else with their permission)
            - the treatment and centre you are interested in, how you plan to pay and whether you
              have a referral
            - your message, which may include information about your health
            - a record of the consent you gave, and when you gave it

            We do not use analytics, advertising trackers or third-party cookies. The website
            sets one cookie that protects the enquiry form from misuse; it holds nothing about
            you.

            ## Why we use it

            We use your information only to reply to your enquiry and to help you arrange care.
            We send you news or offers only if you tick the separate box to ask for them.

            ## Our lawful basis

            Under UK data protection law (UK GDPR), we use your contact details to take the steps
            you ask for before you become a patient. Information about your health is special
            category data: we use it only with your explicit consent, which you give on the form.
            If you become our patient, we use it to provide your health care.

            ## How long we keep it

            We delete or anonymise an enquiry 12 months after we close it. If you become our
            patient, your enquiry becomes part of your medical record, which we keep for as long
            as the law requires.

            ## Who can see it

            Only the staff who answer enquiries and the clinical team who may care for you. Our
            suppliers, such as our email provider, handle it only on our instructions. We do not
            sell your information or share it for marketing.

            ## Your rights

            You can ask to see the information we hold about you, to correct it, to delete it, to
            limit how we use it or to object to our use of it. You can withdraw your consent at
            any time. If you are unhappy with how we have used your information, you can complain
            to the [Information Commissioner's Office](https://ico.org.uk/make-a-complaint/).

            ## Contact us

            Email [{email}](mailto:{email}) or call {phone}.
            """,
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "summary": "How accessible this website is, and how to tell us about a problem.",
        "body": """
            We want everyone to be able to use this website, whatever device or assistive
            technology they use.

            ## Our aim

            We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. You
            should be able to:

            - zoom in up to 200% without text spilling off the screen
            - use the whole website with a keyboard alone
            - use it with a screen reader or voice control
            - use every page, including the enquiry form, with JavaScript turned off
            - print a treatment page as a clean leaflet

            We test the website as we build it, including with automated checks and by hand.

            ## Tell us about a problem

            If something on this website is hard to use, or you need information in another
            format such as large print, please tell us. Email [{email}](mailto:{email}) or call
            {phone}. Tell us the page address and what went wrong. We aim to reply within 5
            working days.
            """,
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "summary": "The terms that apply when you use this website and the information on it.",
        "body": """
            By using this website, you agree to these terms.

            ## Information, not medical advice

            The information on this website is general. It does not replace advice from your
            own doctor or care team, who know your situation. Each treatment page shows when a
            clinician last reviewed it.

            ## Not for urgent help

            Our enquiry form is not for urgent medical help. If you are having treatment, call
            your treatment team. In an emergency, call 999. For other urgent health advice,
            call NHS 111.

            ## Links to other websites

            We link to other websites for your information. We are not responsible for their
            content.

            ## Our content

            The text on this website belongs to {name}. You may print or share it for personal,
            non-commercial use.

            ## Changes and law

            We may update these terms. The laws of England and Wales apply to them.

            ## Contact us

            Email [{email}](mailto:{email}) or call {phone}.
            """,
    },
]


def load() -> int:
    """Create whichever demo pages are missing; return how many rows were created."""
    created = sum(_load_therapy(**therapy) for therapy in THERAPIES)
    return created + sum(_load_site_page(**page) for page in SITE_PAGES)


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
    revision_record(page=therapy, kind=Revision.Kind.APPROVED, by=None, note=DEMO_NOTE)
    return rows


def _fill(fields: list[str], values: tuple[str, ...]) -> dict[str, str]:
    return {field: cleandoc(value) for field, value in zip(fields, values, strict=True)}


def _load_site_page(*, slug: str, body: str, **content) -> int:
    body = cleandoc(body).format_map(settings.CLINIC)
    page, created = SitePage.objects.get_or_create(
        slug=slug, defaults=content | {"body": body, "status": Status.PUBLISHED}
    )
    if created:
        revision_record(page=page, kind=Revision.Kind.PUBLISHED, by=None, note=DEMO_NOTE)
    return int(created)
