"""A page's content, apart from its place in the workflow: copied, snapshotted and restored.

Content is every field of the page except its status, its ``draft_of`` link, its
automatic "last changed" time and the HTML rendered from its Markdown (written again
with each row, genesis_site/markdown.py), plus its many-to-many links (a centre's therapies) and its
inline parts (a therapy's sections, a centre's opening hours) in page order.

A snapshot is that content as JSON-ready data, kept in each Revision:
``{"fields": {name: value, m2m_name: [ids]}, "parts": {relation: [{name: value}]}}``.
"""

from django.core import serializers
from django.db import models
from django.db.models.fields.files import FieldFile

from editorial.publishing import Publishable, Status
from genesis_site.markdown import MarkdownHTMLField

WORKFLOW_FIELDS = {"draft_of", "status"}


def content_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in WORKFLOW_FIELDS
        and not getattr(field, "auto_now", False)
        and not isinstance(field, MarkdownHTMLField)
    ]


def part_relations(model: type[Publishable]) -> list[tuple[str, type[models.Model], str]]:
    """``(relation name, part model, name of the part's link to the page)`` for each part."""
    relations = []
    for name in model.draft_parts:
        relation = model._meta.get_field(name)
        relations.append((name, relation.related_model, relation.field.name))
    return relations


def part_fields(part_model: type[models.Model], link: str) -> list[models.Field]:
    return [field for field in content_fields(part_model) if field.name != link]


def _values(instance: models.Model, fields: list[models.Field]) -> dict:
    values = {}
    for field in fields:
        value = getattr(instance, field.attname)
        values[field.attname] = value.name if isinstance(value, FieldFile) else value
    return values


def _m2m_names(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.many_to_many]


def _set_links(page: Publishable, links: dict[str, list]) -> None:
    for name, ids in links.items():
        related = page._meta.get_field(name).related_model
        # Links to pages deleted since the snapshot are dropped.
        getattr(page, name).set(related._default_manager.filter(pk__in=ids))


def _overwrite(target: Publishable, values: dict, **workflow) -> Publishable:
    """``target``'s row saved with new content ``values`` (and any ``workflow`` changes).

    A fresh instance rather than assignments to ``target``: assigning a photo to an existing
    instance makes Django open the image to measure it, and the sizes are copied anyway.
    """
    model = type(target)
    kept = {
        field.attname: getattr(target, field.attname)
        for field in model._meta.concrete_fields
        if field.primary_key or field.name in WORKFLOW_FIELDS
    }
    row = model(**(kept | values | workflow))
    row._state.adding = False
    row._state.db = target._state.db
    row.save(force_update=True)
    return row


def clone(page: Publishable) -> Publishable:
    """A new draft copy of ``page``: the same content, links and parts."""
    model = type(page)
    draft = model(**_values(page, content_fields(model)), draft_of=page, status=Status.DRAFT)
    draft.save()
    _set_links(draft, {name: getattr(page, name).all() for name in _m2m_names(model)})
    for name, part_model, link in part_relations(model):
        fields = part_fields(part_model, link)
        part_model._default_manager.bulk_create(
            part_model(**_values(part, fields), **{link: draft})
            for part in getattr(page, name).all()
        )
    return draft


def copy_onto(draft: Publishable, page: Publishable, **workflow) -> Publishable:
    """Give ``page`` the content of ``draft``, moving the draft's parts across."""
    model = type(page)
    page = _overwrite(page, _values(draft, content_fields(model)), **workflow)
    _set_links(page, {name: getattr(draft, name).all() for name in _m2m_names(model)})
    for name, _part_model, link in part_relations(model):
        getattr(page, name).all().delete()
        getattr(draft, name).all().update(**{link: page})
    return page


def snapshot(page: Publishable) -> dict:
    model = type(page)
    names = [field.name for field in content_fields(model)] + _m2m_names(model)
    parts = {}
    for name, part_model, link in part_relations(model):
        fields = [field.name for field in part_fields(part_model, link)]
        parts[name] = [
            row["fields"]
            for row in serializers.serialize("python", getattr(page, name).all(), fields=fields)
        ]
    return {
        "fields": serializers.serialize("python", [page], fields=names)[0]["fields"],
        "parts": parts,
    }


def from_snapshot(model: type[models.Model], fields: dict) -> serializers.base.DeserializedObject:
    """An unsaved ``model`` instance (with its ``m2m_data``) from snapshot ``fields``.

    Fields added to the model since the snapshot get their defaults; fields it no longer
    has are ignored.
    """
    data = [{"model": model._meta.label_lower, "pk": None, "fields": fields}]
    return next(serializers.deserialize("python", data, ignorenonexistent=True))


def _without_missing_links(model: type[models.Model], values: dict) -> dict:
    """``values`` with links to rows deleted since the snapshot (e.g. a page owner) emptied."""
    for field in content_fields(model):
        value = values.get(field.attname)
        related = field.related_model
        if value is not None and related and not related._base_manager.filter(pk=value).exists():
            values[field.attname] = None
    return values


def restore(data: dict, into: Publishable) -> Publishable:
    """Give the editable page ``into`` the content in snapshot ``data``."""
    model = type(into)
    stored = from_snapshot(model, data["fields"])
    values = _without_missing_links(model, _values(stored.object, content_fields(model)))
    page = _overwrite(into, values)
    _set_links(page, stored.m2m_data)
    for name, part_model, link in part_relations(model):
        getattr(page, name).all().delete()
        fields = part_fields(part_model, link)
        part_model._default_manager.bulk_create(
            part_model(**_values(from_snapshot(part_model, row).object, fields), **{link: page})
            for row in data["parts"].get(name, [])
        )
    return page
