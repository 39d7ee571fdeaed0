"""Writes for staff sign-in: enrolling an authenticator app and completing two-factor sign-in."""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_enrolment_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator app waiting for its first code, created on first call.

    The same secret is shown until the user confirms it, so reloading the page
    does not invalidate a QR code they have already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def second_factor_complete(*, request: HttpRequest, device: Device) -> None:
    """Record in the session that ``device`` verified the signed-in user.

    A device verified for the first time becomes confirmed. The session gets a new
    key because its privileges have just risen (OWASP ASVS 3.2.1).
    """
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    request.session.cycle_key()
    otp_login(request, device)
