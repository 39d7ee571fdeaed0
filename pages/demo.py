"""Demo content: the privacy notice, accessibility statement and terms of use.

`load()` runs on every `make run`, so it creates only the pages whose slug is missing and leaves
existing pages exactly as an editor left them. The pages take the clinic's contact details from
settings.CLINIC. A new page is published, recorded in its history as if an editor had published
it on the day it was loaded.
"""

from inspect import cleandoc

from django.conf import settings

from editorial.demo import record_demo_publication
from editorial.publishing import Status
from pages.models import SitePage

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
    """Create whichever demo pages are missing; return how many were created."""
    return sum(_load_site_page(**page) for page in SITE_PAGES)


def _load_site_page(*, slug: str, body: str, **content) -> int:
    body = cleandoc(body).format_map(settings.CLINIC)
    page, created = SitePage.objects.get_or_create(
        slug=slug, defaults=content | {"body": body, "status": Status.PUBLISHED}
    )
    if created:
        record_demo_publication(page)
    return int(created)
