"""Small builders for test data: `make_<model>(**overrides)` with sensible defaults."""

from itertools import count

from centres.models import Centre
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


STAFF_PASSWORD = "correct horse battery staple"


def make_staff_user(**overrides):
    """A staff member who can sign in to the admin with ``STAFF_PASSWORD``."""
    from django.contrib.auth import get_user_model

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
