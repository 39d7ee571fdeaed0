"""Full-text matching with stemming, ranking and snippets, on PostgreSQL or SQLite.

Both answer ``Backend.find(query, every_group=..., limit=...)`` with ``Hit``s, best first,
each with a snippet whose matched words sit between ``MARK_START`` and ``MARK_END``
(characters from Unicode's private use area, which no page contains; the view escapes the
snippet, then turns them into ``<mark>``).

- PostgreSQL: ``django.contrib.postgres.search`` with the 'english' configuration
  (Snowball stemmer): ``SearchVector`` over the entry's title (weight A) and text (B),
  ``SearchRank``, and ``SearchHeadline`` for the snippet.
- SQLite: an FTS5 table with the porter stemmer over the same rows, ranked by ``bm25()``
  with the title weighted as PostgreSQL's A against B, and ``snippet()``.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection

from search.models import IndexEntry
from search.query import Query

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30
FTS_TABLE = "search_indexentry_fts"
# PostgreSQL's default weights give a title (A) 1.0 against text (B) 0.4.
TITLE_WEIGHT, TEXT_WEIGHT = 2.5, 1.0


@dataclass(frozen=True)
class Hit:
    entry_id: int
    snippet: str


class PostgresBackend:
    config = "english"

    def find(self, query: Query, *, every_group: bool, limit: int) -> list[Hit]:
        def phrase(text):
            return SearchQuery(text, config=self.config, search_type="phrase")

        groups = [reduce(or_, map(phrase, group)) for group in query.groups]
        search_query = reduce(and_ if every_group else or_, groups)
        vector = SearchVector("title", weight="A", config=self.config) + SearchVector(
            "text", weight="B", config=self.config
        )
        rows = (
            IndexEntry.objects.annotate(document=vector)
            .filter(document=search_query)
            .annotate(
                rank=SearchRank(vector, search_query),
                snippet=SearchHeadline(
                    "text",
                    search_query,
                    config=self.config,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                ),
            )
            .order_by("-rank", "pk")
            .values_list("pk", "snippet")[:limit]
        )
        return [Hit(pk, snippet) for pk, snippet in rows]

    def index_changed(self) -> None:
        """Nothing to do: PostgreSQL reads the entries themselves."""


class SQLiteBackend:
    def find(self, query: Query, *, every_group: bool, limit: int) -> list[Hit]:
        groups = [" OR ".join(map(self.phrase, group)) for group in query.groups]
        expression = (" AND " if every_group else " OR ").join(f"({group})" for group in groups)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, '…', %s) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s "
                f"ORDER BY bm25({FTS_TABLE}, {TITLE_WEIGHT}, {TEXT_WEIGHT}), rowid LIMIT %s",
                [MARK_START, MARK_END, SNIPPET_WORDS, expression, limit],
            )
            return [Hit(pk, snippet) for pk, snippet in cursor.fetchall()]

    @staticmethod
    def phrase(text: str) -> str:
        # A quoted FTS5 string: its words in this order, each by its stem. Our words are
        # letters and digits only (search.text.WORD), so no quote can be inside.
        return f'"{text}"'

    def index_changed(self) -> None:
        """Re-read the entries into the FTS5 table (fast: the index is a few hundred rows)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def backend() -> PostgresBackend | SQLiteBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
