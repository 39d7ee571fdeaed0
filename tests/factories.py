"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from centres.models import Centre
from enquiries.models import Enquiry, OutboundEmail
from therapies.models import Therapy

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
    """A queued acknowledgement email, for a new enquiry unless ``enquiry`` is given."""
    n = next(_sequence)
    fields = {
        "kind": OutboundEmail.Kind.ACKNOWLEDGEMENT,
        "to_address": f"enquirer{n}@example.org",
        "subject": "We have your enquiry",
        "body": "Dear Test Enquirer,",
        "message_id": f"<{n}@example.org>",
    } | overrides
    if "enquiry" not in fields:
        fields["enquiry"] = make_enquiry()
    return OutboundEmail.objects.create(**fields)
