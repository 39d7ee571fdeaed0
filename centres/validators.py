"""Checks on the contact and registration details editors type for centres and clinicians."""

import re

import phonenumbers
from django.core.exceptions import ValidationError

# A normalised UK postcode: outward code (A9, A99, AA9, AA99, A9A or AA9A), one space,
# inward code (9AA). Also used by the database constraint, so keep it portable regex.
POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
GMC_NUMBER_PATTERN = r"^[0-9]{7}$"


def normalise_postcode(value: str) -> str:
    """``" sl43hd"`` and ``"SL4  3HD"`` both become ``"SL4 3HD"``."""
    compact = "".join(value.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: str) -> None:
    if not re.match(POSTCODE_PATTERN, normalise_postcode(value)):
        raise ValidationError(
            "Enter a full UK postcode, for example SL4 3HD.", code="invalid_postcode"
        )


def validate_gmc_number(value: str) -> None:
    if not re.match(GMC_NUMBER_PATTERN, value):
        raise ValidationError(
            "Enter the 7-digit GMC reference number, for example 1234567, with no letters.",
            code="invalid_gmc_number",
        )


def parse_uk_phone(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def validate_uk_phone(value: str) -> None:
    if parse_uk_phone(value) is None:
        raise ValidationError(
            "Enter a UK phone number with its area code, for example 01753 465 493.",
            code="invalid_phone",
        )


def phone_e164(value: str) -> str:
    """``+441753465493``: dials from any phone, in any country; "" if not a UK number."""
    number = parse_uk_phone(value)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
