"""Demo content: the privacy notice, accessibility statement and terms of use.

`load()` runs on every `make run`, so it creates only the pages whose slug is missing and leaves
existing pages exactly as an editor left them. The pages take the clinic's contact details from
settings.CLINIC; the privacy notice names the data controller from there each time it is shown
(SitePage.shows_data_controller). The accessibility statement follows the format the UK's
public sector accessibility regulations (2018) set out, dated the day it was loaded. A new page
is published, recorded in its history as if an editor had published it on the day it was loaded.
"""

from inspect import cleandoc

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from editorial.demo import record_demo_publication
from editorial.publishing import Status
from pages.models import SitePage

SITE_PAGES = [
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "shows_data_controller": True,
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

            ## Tools on our treatment pages

            The aftercare planner turns the date of your treatment into a list of dates. We do
            not store the date you type or send it anywhere, and our server logs do not record
            it. When you answer "Was this page helpful?", we keep only the page, your answer and
            the day, nothing about who you are.

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
        "summary": "How accessible this website is, how to ask for information in another "
        "format and how to tell us about a problem.",
        # The format of the accessibility statement that the Public Sector Bodies (Websites
        # and Mobile Applications) (No. 2) Accessibility Regulations 2018 set out.
        "body": """
            This accessibility statement applies to the {service_name} website at
            {site_url}.

            ## Using this website

            {name} runs this website. We want as many people as possible to be able to use
            it. For example, you should be able to:

            - change colours, contrast levels and fonts using your browser or device settings
            - zoom in up to 400% without the text spilling off the screen
            - use the whole website with a keyboard alone, or with speech recognition software
            - listen to the whole website with a screen reader
            - use every page, including the enquiry form and the aftercare planner, with
              JavaScript turned off
            - print a treatment page as a clean leaflet

            We have also made the text as simple as we can. Medical words are explained where
            they first appear, and in our [glossary](/glossary/).

            [AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device
            easier to use if you have a disability.

            ## How accessible this website is

            We know of no part of this website that is hard to use with assistive technology.
            Some of the research papers and other websites we link to may not be fully
            accessible: we do not run them.

            ## Feedback and contact information

            If you need information on this website in a different format, such as large
            print, easy read, audio or braille:

            - email [{email}](mailto:{email})
            - call {phone}

            We will consider your request and get back to you within 5 working days.

            ## Reporting accessibility problems with this website

            We are always looking to improve the accessibility of this website. If you find
            any problems not listed on this page, or think we are not meeting accessibility
            requirements, tell us: email [{email}](mailto:{email}) or call {phone}. Tell us
            the page address and what went wrong.

            ## Enforcement procedure

            The Equality and Human Rights Commission (EHRC) enforces the Public Sector Bodies
            (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
            "accessibility regulations"). We are not a public sector body, but we follow them
            because our patients deserve the same. If you are not happy with how we respond to
            your complaint, contact the
            [Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

            ## Technical information about this website's accessibility

            {name} is committed to making its website accessible, in line with the accessibility
            regulations.

            ### Compliance status

            This website is fully compliant with the
            [Web Content Accessibility Guidelines (WCAG) 2.2](https://www.w3.org/TR/WCAG22/)
            at level AA.

            ### Content that is not within the scope of the accessibility regulations

            Links to other websites, such as research papers: we do not fund or control them.

            ## What we are doing to improve accessibility

            Every change to this website is checked before it goes live: automated checks of
            each page at desktop and phone sizes (axe-core for WCAG 2.2 AA, the Nu Html
            Checker and Lighthouse), and a check that every page works with a keyboard alone.

            ## Preparation of this accessibility statement

            This statement was prepared on {today}. It was last reviewed on {today}.

            This website was last tested on {today}, by our own web team, with the checks
            above and by hand with a keyboard and a screen reader.
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
    facts = settings.CLINIC | {
        "site_url": settings.SITE_URL,
        "today": date_format(timezone.localdate(), "j F Y"),
    }
    body = cleandoc(body).format_map(facts)
    page, created = SitePage.objects.get_or_create(
        slug=slug, defaults=content | {"body": body, "status": Status.PUBLISHED}
    )
    if created:
        record_demo_publication(page)
    return int(created)
