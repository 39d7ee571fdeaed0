"""The links in the satisfaction question: signed, so they need no login and cannot be
guessed or altered, and good for SATISFACTION_LINK_DAYS. They name only the enquiry's
number; a link is used once, because an enquiry holds at most one answer."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from enquiries.models import Enquiry

SALT = "enquiries.satisfaction"
SATISFACTION_LINK_DAYS = 60


def answer_url(enquiry: Enquiry, *, answer: str) -> str:
    """The full address of the page answering "Did we answer your question?" with ``answer``
    ("yes" or "no") chosen, for the email."""
    token = signing.dumps(enquiry.pk, salt=SALT, compress=True)
    path = reverse("enquiries:satisfaction", args=[token])
    return f"{settings.SITE_URL}{path}?answer={answer}"


def enquiry_for(token: str) -> Enquiry | None:
    """The enquiry a genuine, current link was sent about, while we still hold its details;
    else None."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=SATISFACTION_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:  # altered, made up, or expired (SignatureExpired)
        return None
    return (
        Enquiry.objects.with_personal_data()
        .filter(pk=pk, satisfaction_asked_at__isnull=False)
        .select_related("satisfaction")
        .first()
    )
