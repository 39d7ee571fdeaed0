"""Public pages in few queries, compiled once: ``prefetch_in_query()`` and ``PreparedQuery``.

``prefetch_related()`` costs one query per relation, so a therapy page with key facts,
sections, side effects, questions and sources took six. ``prefetch_in_query()`` makes each
relation a column of the page's own query: a correlated subquery that gathers the
related rows as a JSON array (SQLite's ``json_group_array``, PostgreSQL's ``jsonb_agg``).
Each row read back becomes a model instance in the relation's prefetch cache, exactly
where ``prefetch_related()`` would have put it, so ``page.sections.all()`` reads it
without a query.

Then ``PreparedQuery`` compiles such a query once per process: see its docstring.
"""

import functools
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db import connections, models
from django.db.models import (
    Aggregate,
    F,
    JSONField,
    ManyToManyField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable
from django.utils import timezone

from genesis_site.process_memory import ProcessMemory

COLUMN_PREFIX = "_rows_of_"
# True while a PreparedQuery is compiled: a value read from anything but its arguments
# (such as the clock) would be compiled into it for good, so such expressions refuse.
compiling_once = ContextVar("compiling_once", default=False)


class JSONArrayAgg(Aggregate):
    """The aggregated values as a JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def prefetch_in_query(queryset: QuerySet, *lookups: str | Prefetch) -> QuerySet:
    """``queryset`` with each relation in ``lookups`` fetched in the same query.

    A lookup names a reverse foreign key or a many-to-many relation, or is a ``Prefetch``
    of one with a filtered queryset. The related rows come in the order of their model's
    ``Meta.ordering``.
    """
    columns = {}
    for lookup in lookups:
        if isinstance(lookup, str):
            lookup = Prefetch(lookup)
        relation = queryset.model._meta.get_field(lookup.prefetch_through)
        related = lookup.queryset
        if related is None:
            related = relation.related_model._default_manager.all()
        back = _lookup_back(relation)
        fields = _related_fields(relation)
        only, deferring = related.query.deferred_loading
        if only and not deferring:  # .only(): those fields and the primary key
            fields = [f for f in fields if f.primary_key or {f.name, f.attname} & only]
        rows = (
            related.filter(**{back: OuterRef("pk")})
            .order_by()
            .values(back)
            .annotate(rows=JSONArrayAgg(JSONObject(**{f.attname: F(f.attname) for f in fields})))
            .values("rows")
        )
        columns[COLUMN_PREFIX + relation.name] = Subquery(rows, output_field=JSONField())
    queryset = queryset.annotate(**columns)
    queryset._iterable_class = RowsInQueryIterable
    return queryset


def _lookup_back(relation) -> str:
    """The lookup from the related model back to the row the relation starts from."""
    if isinstance(relation, ManyToManyField):
        return relation.related_query_name()
    return relation.field.name  # a reverse foreign key or many-to-many


def _related_fields(relation) -> list:
    link = None if relation.many_to_many else relation.field
    return [field for field in relation.related_model._meta.concrete_fields if field != link]


class RowsInQueryIterable(ModelIterable):
    """Model instances whose ``prefetch_in_query()`` columns become their prefetch caches."""

    def __iter__(self):
        for instance in super().__iter__():
            _fill_caches(instance, self.queryset.db)
            yield instance


def _fill_caches(instance, db: str) -> None:
    for column in [key for key in vars(instance) if key.startswith(COLUMN_PREFIX)]:
        rows = vars(instance).pop(column)
        _fill_cache(instance, column.removeprefix(COLUMN_PREFIX), rows, db)


def _fill_cache(instance, name: str, rows: list[dict] | None, db: str) -> None:
    relation = instance._meta.get_field(name)
    manager = getattr(instance, name)
    cached = manager.get_queryset()
    cached._result_cache = _LazyRows(
        functools.partial(_related_instances, instance, relation, rows or [], db)
    )
    cached._prefetch_done = True
    cache_name = getattr(manager, "prefetch_cache_name", None) or relation.cache_name
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[cache_name] = cached


class _LazyRows(Sequence):
    """A prefetch cache's instances, made when first read: a page rendered once per version
    (``{% rendered_once %}``) reads few of the relations it fetched."""

    def __init__(self, make: Callable[[], list]):
        self.make, self.made = make, None

    @property
    def rows(self) -> list:
        if self.made is None:
            self.made = self.make()
        return self.made

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self):
        return len(self.rows)


def _related_instances(instance, relation, rows: list[dict], db: str) -> list[Model]:
    model, connection = relation.related_model, connections[db]
    # The fields the query asked for: all, or those of the Prefetch queryset's only().
    present = rows[0].keys() if rows else ()
    fields = [field for field in _related_fields(relation) if field.attname in present]
    names = [field.attname for field in fields]
    converted = [
        (position, field) for position, field in enumerate(fields) if type(field) not in AS_IN_JSON
    ]
    related = []
    for row in rows:
        values = [row[name] for name in names]
        for position, field in converted:
            values[position] = _from_json(field, values[position], connection)
        related.append(model.from_db(db, names, values))
    if not relation.many_to_many:
        for part in related:
            setattr(part, relation.field.attname, instance.pk)
            relation.field.set_cached_value(part, instance)
    # Meta.ordering, as the query would have sorted them: stable sorts, the last key first.
    for ordering in reversed(model._meta.ordering):
        descending, key = ordering.startswith("-"), ordering.lstrip("-")
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        if field in fields:  # not the link to the page, the same for every row here
            related.sort(key=attrgetter(field.attname), reverse=descending)
    return related


# Fields whose JSON value is the value Django reads from their column.
AS_IN_JSON = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.CharField,
        models.EmailField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SlugField,
        models.TextField,
        models.URLField,
    }
)


def _from_json(field, value, connection):
    """A value read from a JSON row, as the field would have read it from its column."""
    if isinstance(value, float):
        value = str(value)  # a decimal, exactly as written
    value = field.to_python(value)
    if isinstance(field, models.DecimalField) and value is not None:
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(value, datetime) and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)  # as SQLite keeps them
    if hasattr(field, "from_db_value"):
        value = field.from_db_value(value, None, connection)
    return value


class PreparedQuery:
    """A queryset that Django builds and compiles to SQL once per process, then runs anew.

    Building a queryset and compiling it cost far more than running it: about 0.5 ms for
    a page fetched by its address and 4 ms for a therapy page with its parts, against a
    tenth of that for SQLite to answer. A public page runs the same few queries with a
    different address or clock each time, so ``build(**values)`` is called once with
    stand-in values and compiled, and from then on only the parameters change::

        by_slug = PreparedQuery(lambda slug, now: Therapy.objects.published(now).filter(slug=slug))
        therapy = by_slug.get(slug="177lu-octreotate", now=timezone.now())

    Each value must reach the SQL as a parameter of its own, unchanged (``slug=slug``, not
    ``slug__icontains=slug``); one that does not is refused when the query is compiled.
    The clock too is a value: ``published(now)``, since ``published()`` reads the clock
    when the SQL is compiled (see ``compiling_once``).
    Rows become model instances as Django's own ``ModelIterable`` makes them, from the
    columns of one model (no ``select_related()``) and annotations, which become
    attributes; ``prefetch_in_query()`` columns fill their relations' prefetch caches, and
    ``prefetch_related()`` lookups run afterwards as usual. Each instance has a
    ``fetched_version`` (see ``{% rendered_once %}``, genesis_site/templatetags/layout.py).
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled: _Compiled | None = None

    def all(self, **values) -> list[Model]:
        compiled = self._compiled(values)
        connection = connections[compiled.db]
        instances = [compiled.instance(row, connection) for row in self._rows(compiled, values)]
        if compiled.prefetches:
            prefetch_related_objects(instances, *compiled.prefetches)
        return instances

    def fetched_versions(self, **values) -> tuple[int, ...]:
        """The ``fetched_version`` of each instance ``all(**values)`` would give, without
        making them: enough to know whether what was shown from them is still current."""
        return tuple(map(_fetched_version, self._rows(self._compiled(values), values)))

    @staticmethod
    def _rows(compiled: "_Compiled", values: dict) -> list[tuple]:
        connection = connections[compiled.db]
        params = [
            param if name is None else _as_parameter(values[name], connection)
            for param, name in compiled.slots
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return cursor.fetchall()

    def get(self, **values) -> Model:
        """The one row, or the model's DoesNotExist (a 404 in a view)."""
        rows = self.all(**values)
        if len(rows) != 1:
            model = self.compiled.model
            raise (model.DoesNotExist if not rows else model.MultipleObjectsReturned)()
        return rows[0]

    def _compiled(self, values: dict) -> "_Compiled":
        # One database, so one compilation: its SQL is the same for every connection to it.
        if self.compiled is None:
            stand_ins = {
                name: _stand_in(index, value) for index, (name, value) in enumerate(values.items())
            }
            queryset = self.build(**stand_ins)
            connection = connections[queryset.db]
            compiler = queryset.query.get_compiler(using=queryset.db)
            token = compiling_once.set(True)
            try:
                sql, params = compiler.as_sql()
            finally:
                compiling_once.reset(token)
            names = {_as_parameter(value, connection): name for name, value in stand_ins.items()}
            slots = [(param, names.get(param)) for param in params]
            if missing := set(values) - {name for _param, name in slots}:
                raise ValueError(f"Not a parameter of the query as written: {sorted(missing)}")
            if compiler.klass_info.get("related_klass_infos"):
                raise ValueError("A prepared query cannot select_related().")
            self.compiled = _Compiled(queryset, compiler, sql, slots)
        return self.compiled


class _Compiled:
    """A compiled query, and how its rows become instances (as ModelIterable does it)."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, slots: list):
        self.sql, self.slots, self.db = sql, slots, queryset.db
        self.model = compiler.klass_info["model"]
        self.prefetches = queryset._prefetch_related_lookups
        fields = compiler.klass_info["select_fields"]
        self.columns = slice(fields[0], fields[-1] + 1)
        self.names = [column[0].target.attname for column in compiler.select[self.columns]]
        self.annotations = compiler.annotation_col_map
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )

    def instance(self, row, connection) -> Model:
        version = _fetched_version(row)
        row = list(row)
        for position, (converters, expression) in self.converters.items():
            for converter in converters:
                row[position] = converter(row[position], expression, connection)
        instance = self.model.from_db(self.db, self.names, row[self.columns])
        for name, position in self.annotations.items():
            setattr(instance, name, row[position])
        _fill_caches(instance, self.db)
        # Changes whenever anything the row holds does, the rows of its relations fetched in
        # the same query included: what is shown from it may be rendered once per version.
        instance.fetched_version = version
        return instance


def _fetched_version(row: tuple) -> int:
    return hash(repr(row))


def per_fetched_version(method: Callable[[Model], object]):
    """A method whose answer depends only on what its instance was fetched with by a
    ``PreparedQuery`` (its row, and relations fetched in the same query by
    ``prefetch_in_query()``), worked out once per process for each ``fetched_version``.

    The answer is shared by later instances fetched from the same rows: read it, never
    change it. An instance fetched any other way has no version and works it out anew.
    """
    answers = ProcessMemory(size=1024)

    @functools.wraps(method)
    def remembered(instance):
        if (version := getattr(instance, "fetched_version", None)) is None:
            return method(instance)
        return answers.get((instance.pk, version), functools.partial(method, instance))

    return remembered


def _stand_in(index: int, value):
    """A value of the same type as ``value`` that no real query would use."""
    if isinstance(value, datetime):
        return datetime(1901, 1, 1, microsecond=index + 1, tzinfo=UTC)
    if isinstance(value, date):
        return date(1901, 1, index + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return -1_000_000_007 - index
    if isinstance(value, str):
        return f"\x00prepared query value {index}\x00"
    raise TypeError(f"A prepared query takes str, int, date or datetime values, not {value!r}")


def _as_parameter(value, connection):
    """``value`` as the ORM hands it to the database driver."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value
