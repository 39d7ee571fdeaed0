"""Checks on the contact and registration details editors type for centres and clinicians."""

import re

from django.core.exceptions import ValidationError

# A normalised UK postcode: outward code (A9, A99, AA9, AA99, A9A or AA9A), one space,
# inward code (9AA). Also used by the database constraint, so keep it portable regex.
POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
GMC_NUMBER_PATTERN = r"^[0-9]{7}$"
# A Care Quality Commission location ID, as at the end of the location's cqc.org.uk address.
CQC_LOCATION_ID_PATTERN = r"^1-[0-9]{9,11}$"


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


def validate_cqc_location_id(value: str) -> None:
    if not re.match(CQC_LOCATION_ID_PATTERN, value):
        raise ValidationError(
            "Enter the CQC location ID as it ends the centre's address on cqc.org.uk, for "
            "example 1-123456789.",
            code="invalid_cqc_location_id",
        )


def is_placeholder_number(value: str) -> bool:
    """Whether a register number is a stand-in, one digit over and over (GMC 0000000).

    Such a number is shown as typed but never linked: a link would send patients to a real
    register's page for someone else, or for nobody.
    """
    # The number after any prefix: a CQC location ID always starts "1-".
    digits = re.split(r"[^0-9]", value)[-1]
    return len(set(digits)) <= 1
