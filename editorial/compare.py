"""Two versions of a page side by side, field by field, with the changed words marked.

Each version is first written out as readable text (labels as editors see them on the form,
dates in words, linked pages by name), so the comparison shows what a reader would notice.
Everything an editor typed is escaped before the <del> and <ins> marks are added.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from difflib import SequenceMatcher

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from editorial.content import content_fields, from_snapshot, part_fields, part_relations

# Each word with the space after it, so a change is marked word by word and a run of changed
# words is marked as one.
TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Row:
    label: str
    before: SafeString
    after: SafeString
    changed: bool


def readable(model: type[models.Model], data: dict) -> dict[str, str]:
    """Snapshot ``data`` of a ``model`` page as ``{label: text}``, in form order."""
    stored = from_snapshot(model, data["fields"])
    text = {
        _label(field): _display(stored.object, field)
        for field in content_fields(model)
        if field.editable
    }
    for field in model._meta.many_to_many:
        names = field.related_model._default_manager.filter(
            pk__in=stored.m2m_data.get(field.name, [])
        )
        text[_label(field)] = ", ".join(sorted(str(obj) for obj in names))
    for name, part_model, link in part_relations(model):
        fields = [field for field in part_fields(part_model, link) if field.name != "order"]
        for row in data["parts"].get(name, []):
            part = from_snapshot(part_model, row).object
            # Each part is a row of its own, named as it names itself (a section by its
            # heading), so a changed paragraph shows under its section.
            label = f"{capfirst(part_model._meta.verbose_name)}: {part}"
            while label in text:
                label += " (again)"
            text[label] = "\n".join(f"{_label(field)}: {_display(part, field)}" for field in fields)
    return text


def compare(model: type[models.Model], before: dict, after: dict) -> list[Row]:
    """One row per field of the two snapshots, the changed words marked in each."""
    old, new = readable(model, before), readable(model, after)
    rows = []
    for label in new | old:
        marked_old, marked_new = mark_changes(old.get(label, ""), new.get(label, ""))
        rows.append(Row(label, marked_old, marked_new, old.get(label) != new.get(label)))
    return rows


def mark_changes(before: str, after: str) -> tuple[SafeString, SafeString]:
    """``before`` with removed words in <del>, ``after`` with added words in <ins>; escaped."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    marked_old, marked_new = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if op == "equal":
            marked_old.append(removed)
            marked_new.append(added)
            continue
        if removed:
            marked_old.append(f"<del>{removed}</del>")
        if added:
            marked_new.append(f"<ins>{added}</ins>")
    return mark_safe("".join(marked_old)), mark_safe("".join(marked_new))  # noqa: S308


def _label(field: models.Field) -> str:
    return capfirst(field.verbose_name)


def _display(obj: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if field.is_relation:
        try:
            related = getattr(obj, field.name)
        except ObjectDoesNotExist:
            return "(deleted)"
        return "" if related is None else str(related)
    value = getattr(obj, field.attname)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_date(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return format_date(value, "j F Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if value is None:
        return ""
    # Browsers send line breaks as CRLF; text loaded from elsewhere has LF. Same text.
    return str(getattr(value, "name", value)).replace("\r\n", "\n")
