"""Keep the search index in line with what the public sees, by reading the live pages.

Before each search, ``refresh()`` compares the live pages of every registered type
(``published()``, so going live and taking down follow the clock to the second) with the
pages in the index and the version each was indexed at (its ``updated_at``). Pages
published or changed since are indexed again; pages taken down, archived or deleted
leave the index. Nothing else has to remember to update it: not the publishing
workflow, the scheduled publishing command, the demo loader or an editor's delete.

It costs one query when nothing changed, and after a publication
one transaction that rebuilds only that page's entries.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Value

from search import registry
from search.backends import MARK_END, MARK_START, backend
from search.models import IndexedPage, IndexEntry
from search.text import plain_text

PageKey = tuple[int, int]  # (content type id, page id)


def refresh() -> None:
    if not _differences():
        return
    try:
        with transaction.atomic():
            # Again, now that this transaction holds the write lock (SQLite) or sees
            # what a request that just refreshed has committed (PostgreSQL).
            if changed := _differences():
                _rebuild(changed)
    except IntegrityError:
        pass  # another request indexed the same page at the same moment: theirs stands


def _differences() -> dict[PageKey, object]:
    """Pages whose entries must change: ``{key: live version}``, None for those to drop.

    One query: the live pages of every type and the indexed pages, as one union.
    """
    rows = [
        page_type.live_pages()
        .order_by()
        .annotate(
            is_live=Value(True),
            type_id=Value(ContentType.objects.get_for_model(page_type.model).pk),
            page_id=F("pk"),
            page_version=F("updated_at"),
        )
        .values_list("is_live", "type_id", "page_id", "page_version")
        for page_type in registry.page_types()
    ]
    rows.append(
        IndexedPage.objects.order_by()
        .annotate(
            is_live=Value(False),
            type_id=F("content_type_id"),
            page_id=F("object_id"),
            page_version=F("version"),
        )
        .values_list("is_live", "type_id", "page_id", "page_version")
    )
    live, indexed = {}, {}
    for is_live, type_id, page_id, version in rows[0].union(*rows[1:], all=True).order_by():
        (live if is_live else indexed)[(type_id, page_id)] = version
    changed = {key: version for key, version in live.items() if indexed.get(key) != version}
    return changed | dict.fromkeys(indexed.keys() - live.keys())


def _rebuild(changed: dict[PageKey, object]) -> None:
    by_type: dict[int, dict[int, object]] = {}
    for (content_type_id, object_id), version in changed.items():
        by_type.setdefault(content_type_id, {})[object_id] = version
    for content_type_id, versions in by_type.items():
        IndexedPage.objects.filter(content_type_id=content_type_id, object_id__in=versions).delete()
    for page_type in registry.page_types():
        content_type = ContentType.objects.get_for_model(page_type.model)
        live = {pk: version for pk, version in by_type.get(content_type.pk, {}).items() if version}
        if live:
            pages = page_type.live_pages().filter(pk__in=live)
            _add(content_type, live, page_type.documents(pages))
    backend().index_changed()


def _add(content_type, versions: dict[int, object], documents: Iterable[registry.Document]):
    indexed = {
        page.object_id: page
        for page in IndexedPage.objects.bulk_create(
            IndexedPage(content_type=content_type, object_id=object_id, version=version)
            for object_id, version in versions.items()
        )
    }
    IndexEntry.objects.bulk_create(
        IndexEntry(
            page=indexed[document.page.pk],
            title=document.title,
            url=document.url,
            kind=document.kind,
            context=document.context,
            text=_searchable(document.text),
            is_whole_page=document.is_whole_page,
        )
        for document in documents
    )


def _searchable(text: str) -> str:
    return plain_text(text).replace(MARK_START, "").replace(MARK_END, "")
