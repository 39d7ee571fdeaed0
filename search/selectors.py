"""Site search: what a patient typed, read with the editors' synonyms and pins, answered
from the index of live pages."""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from genesis_site.shared_cache import kept_until_changed
from search import index
from search.backends import MARK_END, MARK_START, SNIPPET_WORDS, backend
from search.models import IndexEntry, PinnedPage, Synonym
from search.query import Query, parse

MAX_RESULTS = 30


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    kind: str
    context: str
    snippet: SafeString  # escaped, with the matched words in <mark>
    is_pinned: bool = False


@dataclass
class SearchResults:
    query: Query
    results: list[Result] = field(default_factory=list)
    # False when no page had every word and the results have only some of them.
    has_every_word: bool = True

    def __len__(self):
        return len(self.results)


@kept_until_changed("search:synonyms", models=("search.Synonym",))
def synonyms() -> dict[str, list[str]]:
    return {synonym.term: synonym.alternative_list for synonym in Synonym.objects.all()}


@kept_until_changed("search:pins", models=("search.PinnedPage",))
def pins() -> list[PinnedPage]:
    return list(PinnedPage.objects.all())


def site_search(text: str) -> SearchResults:
    index.refresh()
    query = parse(text, synonyms())
    found = SearchResults(query)
    if not query:
        return found
    hits = backend().find(query, every_group=True, limit=MAX_RESULTS)
    if not hits and len(query.groups) > 1:
        hits = backend().find(query, every_group=False, limit=MAX_RESULTS)
        found.has_every_word = not hits
    pinned = _pinned_entries(query)
    entries = IndexEntry.objects.in_bulk([hit.entry_id for hit in hits])
    pinned_ids = {entry.pk for entry in pinned}
    found.results = [_result(entry, _opening(entry.text), is_pinned=True) for entry in pinned] + [
        _result(entries[hit.entry_id], hit.snippet)
        for hit in hits
        if hit.entry_id in entries and hit.entry_id not in pinned_ids
    ]
    return found


def _pinned_entries(query: Query) -> list[IndexEntry]:
    chosen = [pin for pin in pins() if query.contains(pin.term)]
    if not chosen:
        return []
    entries = IndexEntry.objects.filter(
        is_whole_page=True,
        page__content_type__in=[pin.content_type_id for pin in chosen],
        page__object_id__in=[pin.object_id for pin in chosen],
    ).select_related("page")
    by_page = {(entry.page.content_type_id, entry.page.object_id): entry for entry in entries}
    return [
        by_page[key]
        for key in dict.fromkeys((pin.content_type_id, pin.object_id) for pin in chosen)
        if key in by_page
    ]


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")


def _result(entry: IndexEntry, snippet: str, *, is_pinned: bool = False) -> Result:
    marked = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return Result(
        title=entry.title,
        url=entry.url,
        kind=entry.kind,
        context=entry.context,
        snippet=mark_safe(marked),  # noqa: S308 - escaped just above; only our marks added
        is_pinned=is_pinned,
    )
