"""A page and its parts in one query: ``prefetch_in_query()``.

``prefetch_related()`` costs one query per relation, so a therapy page with key facts,
sections, side effects, questions and sources took six. Here each relation becomes a
column of the page's own query: a correlated subquery that gathers the related rows as a
JSON array (SQLite's ``json_group_array``, PostgreSQL's ``jsonb_agg``). Each row read
back becomes a model instance in the relation's prefetch cache, exactly where
``prefetch_related()`` would have put it, so ``page.sections.all()`` reads it without a
query.
"""

from operator import attrgetter

from django.db import connections
from django.db.models import Aggregate, F, JSONField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable

COLUMN_PREFIX = "_rows_of_"


class JSONArrayAgg(Aggregate):
    """The aggregated values as a JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def prefetch_in_query(queryset: QuerySet, *lookups: str | Prefetch) -> QuerySet:
    """``queryset`` with each reverse foreign key in ``lookups`` fetched in the same query.

    A lookup is a relation's name, or a ``Prefetch`` of one with a filtered queryset.
    The related rows come in the order of their model's ``Meta.ordering``.
    """
    columns = {}
    for lookup in lookups:
        if isinstance(lookup, str):
            lookup = Prefetch(lookup)
        relation = queryset.model._meta.get_field(lookup.prefetch_through)
        link = relation.field
        related = lookup.queryset
        if related is None:
            related = relation.related_model._default_manager.all()
        fields = [field for field in related.model._meta.concrete_fields if field != link]
        rows = (
            related.filter(**{link.name: OuterRef("pk")})
            .order_by()
            .values(link.name)
            .annotate(rows=JSONArrayAgg(JSONObject(**{f.attname: F(f.attname) for f in fields})))
            .values("rows")
        )
        columns[COLUMN_PREFIX + relation.name] = Subquery(rows, output_field=JSONField())
    queryset = queryset.annotate(**columns)
    queryset._iterable_class = RowsInQueryIterable
    return queryset


class RowsInQueryIterable(ModelIterable):
    """Model instances whose ``prefetch_in_query()`` columns become their prefetch caches."""

    def __iter__(self):
        db = self.queryset.db
        for instance in super().__iter__():
            columns = [key for key in vars(instance) if key.startswith(COLUMN_PREFIX)]
            for column in columns:
                rows = vars(instance).pop(column)
                _fill_cache(instance, column.removeprefix(COLUMN_PREFIX), rows, db)
            yield instance


def _fill_cache(instance, name: str, rows: list[dict] | None, db: str) -> None:
    relation = instance._meta.get_field(name)
    link, model = relation.field, relation.related_model
    connection = connections[db]
    fields = [field for field in model._meta.concrete_fields if field != link]
    related = []
    for row in rows or []:
        values = []
        for field in fields:
            value = field.to_python(row[field.attname])
            if hasattr(field, "from_db_value"):
                value = field.from_db_value(value, None, connection)
            values.append(value)
        part = model.from_db(db, [field.attname for field in fields], values)
        setattr(part, link.attname, instance.pk)
        link.set_cached_value(part, instance)
        related.append(part)
    # Meta.ordering, as the query would have sorted them: stable sorts, the last key first.
    for ordering in reversed(model._meta.ordering):
        descending, key = ordering.startswith("-"), ordering.lstrip("-")
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        if field != link:  # the same for every row here
            related.sort(key=attrgetter(field.attname), reverse=descending)
    cached = getattr(instance, name).get_queryset()
    cached._result_cache, cached._prefetch_done = related, True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[relation.cache_name] = cached
