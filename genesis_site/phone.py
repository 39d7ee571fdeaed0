"""Phone numbers, one way everywhere: read as people type them, stored and dialled in E.164.

Patients and editors type "01753 465 493" or "+33 1 23 45 67 89"; a number without a
country code is read as a UK one. E.164 ("+441753465493") is what the enquiry form
stores, what staff search by, and what tel: links and schema.org dial: it works from
any phone in any country.
"""

import functools

import phonenumbers
from django.core.exceptions import ValidationError

DEFAULT_REGION = "GB"


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number, if ``value`` is a real one (UK, or any country with its code)."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(value: str) -> str:
    """``"01753 465 493"`` becomes ``"+441753465493"``; "" if it is not a phone number."""
    number = parse_phone(value)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    if parse_phone(value) is None:
        raise ValidationError(
            "Enter a UK phone number with its area code, for example 01753 465 493.",
            code="invalid_phone",
        )


# Pages link the same few numbers (the clinic's, each centre's) on every view.
@functools.lru_cache(maxsize=256)
def tel_uri(value: str) -> str:
    """A ``tel:`` link target that dials from anywhere: "01753 465 493" -> "tel:+441753465493".

    Text that is not a phone number still gives a link (its characters without spaces)
    rather than an error on the page.
    """
    return "tel:" + (normalise_phone(value) or "".join(value.split()))
