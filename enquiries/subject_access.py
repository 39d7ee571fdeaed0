"""Everything we hold about one email address, for a subject access request (UK GDPR article 15).

One nested structure, written out as JSON, or as CSV with one row per value so that
enquiries, their notes, their emails and the enquirer's replies fit in a single sheet.
"""

import csv
import json
from datetime import datetime
from typing import IO

from django.db import models
from django.utils import timezone

from enquiries.models import Enquiry
from genesis_site.spreadsheet import formula_safe

CSV_HEADER = ("record", "reference", "number", "field", "value")
# What each enquiry holds beside its own fields, and what the CSV calls one of each.
RELATED_RECORDS = {
    "notes": "note",
    "emails": "email",
    "satisfaction_answers": "satisfaction answer",
}
# An email's link to its enquiry, and the tokens that keep forms and emails from repeating.
INTERNAL_FIELDS = ("enquiry", "content_type", "object_id", "form_token", "once_key")


def held_about(email: str) -> dict:
    enquiries = (
        Enquiry.objects.from_email(email)
        .select_related("therapy", "centre", "assignee", "first_response_by", "satisfaction")
        .prefetch_related("notes__author", "emails", "inbound_messages__attached_by")
        .order_by("received_at")
    )
    return {
        "email": email,
        "exported_at": timezone.localtime().isoformat(),
        "enquiries": [
            _values(enquiry)
            | {
                "notes": [_values(note) for note in enquiry.notes.all()],
                "emails": [_values(email) for email in enquiry.emails.all()],
                "replies": [_values(reply) for reply in enquiry.inbound_messages.all()],
                "satisfaction_answers": [
                    _values(answer) for answer in [getattr(enquiry, "satisfaction", None)] if answer
                ],
            }
            for enquiry in enquiries
        ],
    }


def references(data: dict) -> list[str]:
    return [enquiry["reference"] for enquiry in data["enquiries"]]


def write_json(data: dict, out: IO[str]) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)


def write_csv(data: dict, out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for enquiry in data["enquiries"]:
        fields = {k: v for k, v in enquiry.items() if k not in RELATED_RECORDS}
        records = [("enquiry", 1, fields)]
        for key, record in RELATED_RECORDS.items():
            records += [(record, n, values) for n, values in enumerate(enquiry[key], start=1)]
        for record, number, values in records:
            for name, value in values.items():
                cells = (record, enquiry["reference"], number, name, value)
                writer.writerow(formula_safe(_text(cell)) for cell in cells)


def _values(instance: models.Model) -> dict:
    """Each stored field as a person would read it: labels for choices, names for links."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in INTERNAL_FIELDS:
            continue  # database keys and internal tokens say nothing about the person
        value = getattr(instance, field.name)
        if field.choices and value:
            value = getattr(instance, f"get_{field.name}_display")()
        elif isinstance(value, models.Model):
            value = str(value)
        elif isinstance(value, datetime):
            value = timezone.localtime(value).isoformat()
        values[field.name] = value
    return values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
