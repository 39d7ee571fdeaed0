"""What the content apps offer to site search, registered from their ``search_documents.py``.

A content app registers each kind of public page with a function that turns live pages
into ``Document``s: the page itself, and the parts of it a patient may want to land on
(a therapy page's sections and questions, each with its anchor)::

    # therapies/search_documents.py
    from search.registry import Document, register

    def therapy_documents(therapies):
        for therapy in therapies.with_page_content():
            yield Document(page=therapy, title=therapy.title, url=..., text=...)

    register(Therapy, therapy_documents)

The search app asks only for pages in ``model.objects.published()``, and reads each
page's ``updated_at`` to notice an edit (see ``search.index``), so it knows nothing
else about the content apps and none of them imports anything but this module.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Document:
    """One search result: a page, or a part of a page that has its own anchor."""

    page: models.Model  # the live page it is on
    title: str
    url: str  # with the part's #anchor
    text: str  # plain words (no Markdown) to search and to quote from
    kind: str  # what it is, for the reader: "Therapy page", "Question", "Centre"
    context: str = ""  # the page a part is on, e.g. "177Lu-octreotate therapy"

    @property
    def is_whole_page(self) -> bool:
        return self.url == self.page.get_absolute_url()


DocumentsFunction = Callable[[models.QuerySet], Iterable[Document]]


@dataclass(frozen=True)
class PageType:
    model: type[models.Model]
    documents: DocumentsFunction

    def live_pages(self) -> models.QuerySet:
        return self.model.objects.published()


_page_types: dict[type[models.Model], PageType] = {}


def register(model: type[models.Model], documents: DocumentsFunction) -> None:
    """Make ``model``'s published pages searchable, as ``documents(pages)`` describes them."""
    _page_types[model] = PageType(model, documents)


def page_types() -> list[PageType]:
    return list(_page_types.values())
