"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from centres.models import Centre, OpeningException, OpeningHours, Specialist
from editorial.publishing import Status
from enquiries.models import EmailKind, Enquiry, EnquiryNote
from outbox.models import OutboundEmail
from pages.models import SitePage
from therapies.models import (
    EvidenceSource,
    FrequentlyAskedQuestion,
    KeyFact,
    SideEffect,
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
        "status": Status.PUBLISHED,
    } | overrides
    return Therapy.objects.create(**fields)


def make_centre(**overrides) -> Centre:
    n = next(_sequence)
    fields = {
        "name": f"Test centre {n}",
        "slug": f"test-centre-{n}",
        "enquiry_email": f"centre{n}@example.org",
        "status": Status.PUBLISHED,
    } | overrides
    return Centre.objects.create(**fields)


def make_site_page(**overrides) -> SitePage:
    n = next(_sequence)
    fields = {
        "title": f"Test page {n}",
        "slug": f"test-page-{n}",
        "summary": "A short summary of the page.",
        "body": "Some text.",
        "status": Status.PUBLISHED,
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


def make_opening_hours(
    centre: Centre, weekday: int, opens=None, closes=None, **overrides
) -> OpeningHours:
    fields = {
        "centre": centre,
        "weekday": weekday,
        "opens": opens,
        "closes": closes,
        "is_closed": opens is None,
    } | overrides
    return OpeningHours.objects.create(**fields)


def make_opening_exception(
    centre: Centre, date, opens=None, closes=None, **overrides
) -> OpeningException:
    fields = {
        "centre": centre,
        "date": date,
        "reason": "Bank holiday",
        "opens": opens,
        "closes": closes,
        "is_closed": opens is None,
    } | overrides
    return OpeningException.objects.create(**fields)


def make_centre_with_address(therapies=(), **overrides) -> Centre:
    """A centre as an editor would finish it: address, phone and a location."""
    n = next(_sequence)
    centre = make_centre(
        **{
            "address_line_1": f"{n} High Street",
            "town": f"Town {n}",
            "postcode": "SL4 3HD",
            "phone": "01753 465 493",
            "latitude": "51.479361",
            "longitude": "-0.615993",
        }
        | overrides
    )
    centre.therapies.set(therapies)
    return centre


def make_specialist(centres=(), therapies=(), **overrides) -> Specialist:
    n = next(_sequence)
    fields = {
        "title": "Dr",
        "name": f"Test Specialist {n}",
        "slug": f"test-specialist-{n}",
        "role": "Consultant in Nuclear Medicine",
        "summary": "Treats neuroendocrine tumours.",
        "status": Status.PUBLISHED,
    } | overrides
    specialist = Specialist.objects.create(**fields)
    specialist.centres.set(centres)
    specialist.therapies.set(therapies)
    return specialist


def make_windsor_centre(therapies=(), **overrides) -> Centre:
    """The Windsor centre as patients see it: the facts page tests look for."""
    return make_centre_with_address(
        therapies,
        **{
            "name": "GenesisCare Windsor",
            "slug": "windsor",
            "address_line_1": "69 Alma Road",
            "town": "Windsor",
            "postcode": "SL4 3HD",
            "phone": "01753 465 493",
            "latitude": "51.479361",
            "longitude": "-0.615993",
        }
        | overrides,
    )


STAFF_PASSWORD = "correct horse battery staple"


def make_staff_user(**overrides):
    """A staff member who can sign in to the admin with ``STAFF_PASSWORD``."""
    n = next(_sequence)
    fields = {
        "username": f"staff{n}",
        "email": f"staff{n}@example.org",
        "is_staff": True,
        "is_superuser": True,
    } | overrides
    return get_user_model().objects.create_user(password=STAFF_PASSWORD, **fields)


def make_totp_device(**overrides):
    """A confirmed authenticator-app device; its current code is ``totp_code(device)``."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    fields = {"name": "Phone", "confirmed": True} | overrides
    fields["user"] = fields.get("user") or make_staff_user()
    return TOTPDevice.objects.create(**fields)


def totp_code(device) -> str:
    """The code the device's authenticator app shows now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def make_enquiry(*, received_hours_ago: float = 0, **overrides) -> Enquiry:
    """An enquiry as the form would store it, received ``received_hours_ago`` hours ago."""
    n = next(_sequence)
    received_at = timezone.now() - timedelta(hours=received_hours_ago)
    fields = {
        "received_at": received_at,
        "enquiry_for": Enquiry.EnquiryFor.MYSELF,
        "full_name": f"Test Enquirer {n}",
        "email": f"enquirer{n}@example.org",
        "phone": "+447700900982",
        "contact_method": Enquiry.ContactMethod.EMAIL,
        "contact_time": Enquiry.ContactTime.ANY,
        "funding": Enquiry.Funding.NOT_SURE,
        "has_referral": Enquiry.Referral.NOT_SURE,
        "message": "Could you tell me more about the treatment?",
        "consent_version": "test",
        "consent_given_at": received_at,
    } | overrides
    return Enquiry.objects.create(**fields)


def make_triage_user(**overrides):
    """A member of staff in the "Triage staff" group (made by a data migration)."""
    n = next(_sequence)
    fields = {"username": f"triage{n}", "is_staff": True} | overrides
    user = get_user_model().objects.create_user(**fields)
    user.groups.add(Group.objects.get(name="Triage staff"))
    return user


def make_outbound_email(**overrides) -> OutboundEmail:
    """A queued acknowledgement email, about a new enquiry unless ``about`` is given."""
    n = next(_sequence)
    fields = {
        "kind": EmailKind.ACKNOWLEDGEMENT,
        "to_address": f"enquirer{n}@example.org",
        "subject": "We have your enquiry",
        "body": "Dear Test Enquirer,",
        "message_id": f"<{n}@example.org>",
    } | overrides
    if "about" not in fields:
        fields["about"] = make_enquiry()
    return OutboundEmail.objects.create(**fields)


def make_user_in(group_name: str, **overrides):
    """A member of staff in one of the roles made by data migrations."""
    n = next(_sequence)
    fields = {"username": f"user{n}", "email": f"user{n}@example.org", "is_staff": True}
    user = get_user_model().objects.create_user(**(fields | overrides))
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_marketing_editor(**overrides):
    return make_user_in("Marketing editors", **overrides)


def make_clinical_reviewer(**overrides):
    return make_user_in("Clinical reviewers", **overrides)


def make_evidence_source(therapy: Therapy, **overrides) -> EvidenceSource:
    n = next(_sequence)
    fields = {"title": f"Source {n}", "url": f"https://example.org/source-{n}", "order": n}
    return EvidenceSource.objects.create(therapy=therapy, **(fields | overrides))


def make_closed_enquiry(*, closed_days_ago: float, **overrides) -> Enquiry:
    """An enquiry closed ``closed_days_ago`` days ago (received a day before that)."""
    closed_at = timezone.now() - timedelta(days=closed_days_ago)
    return make_enquiry(
        received_hours_ago=(timezone.now() - closed_at).total_seconds() / 3600 + 24,
        **{"status": Enquiry.Status.CLOSED, "closed_at": closed_at} | overrides,
    )


def make_enquiry_note(enquiry: Enquiry, **overrides) -> EnquiryNote:
    fields = {"text": "Called back; left a voicemail."} | overrides
    return EnquiryNote.objects.create(enquiry=enquiry, **fields)
