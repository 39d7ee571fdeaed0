"""What the enquiry tests share: a valid form submission and test settings switches."""

import time

from django.test import override_settings

from enquiries.forms import new_form_token

# Tasks run as soon as they are enqueued (after commit), so sent emails land in mail.outbox.
immediate_tasks = override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)


def form_data(**overrides) -> dict:
    """A complete, valid enquiry as a browser would post it, shown a minute ago."""
    return {
        "enquiry_for": "myself",
        "full_name": "Margaret Hughes",
        "email": "margaret@example.org",
        "phone": "07911 123456",
        "contact_method": "phone",
        "contact_time": "morning",
        "therapy": "",
        "centre": "",
        "funding": "self_pay",
        "insurer": "",
        "has_referral": "yes",
        "message": "My oncologist mentioned PRRT. Could I have it at your clinic?",
        "consent": "on",
        "website": "",
        "form_token": new_form_token(issued_at=time.time() - 60),
    } | overrides
