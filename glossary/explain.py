"""Glossary terms explained where they first appear on a page.

Works on the sanitised HTML of editors' Markdown (genesis_site.markdown). The first time a
page uses a term, outside links, headings and code, a disclosure follows the paragraph (or
list, table or quotation) it stands in::

    <p>It is a kind of PRRT.</p>
    <details class="glossary-explanation"><summary>What does “PRRT” mean?</summary>...</details>

Why after the block rather than around the word: <details> is not allowed inside a
paragraph, and a disclosure opens in place with the keyboard and is announced by screen
readers with no JavaScript at all, where a tooltip would need a mouse. Each term is
explained once per page: ``Glossary`` remembers which it has explained.
"""

import functools
import re
from datetime import datetime
from html import escape
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from editorial.publishing import Status
from genesis_site.shared_cache import kept_until_changed
from glossary.models import GlossaryTerm

# Text inside these is never explained: a link or heading would hold a disclosure of its
# own, and code is not prose.
NOT_EXPLAINED_IN = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr"})
# Elements without an end tag.
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr"})


def is_capitals_only(form: str) -> bool:
    return any(character.isalpha() for character in form) and form == form.upper()


@kept_until_changed("glossary:terms", models=("glossary.GlossaryTerm",))
def published_and_scheduled_terms() -> list[GlossaryTerm]:
    """Terms published now or later: pages read them on every view, from the shared cache."""
    return list(GlossaryTerm.objects.filter(status=Status.PUBLISHED))


class TermIndex:
    """Finds the published terms in text: built once per process for each set of terms."""

    def __init__(self, terms: tuple[GlossaryTerm, ...]):
        self._exact: dict[str, GlossaryTerm] = {}
        self._any_case: dict[str, GlossaryTerm] = {}
        patterns = []
        # Longest first, so "neuroendocrine tumours" wins over "neuroendocrine tumour".
        forms = sorted(
            ((form, term) for term in terms for form in term.forms),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        for form, term in forms:
            if is_capitals_only(form):
                self._exact.setdefault(form, term)
                patterns.append(re.escape(form))
            else:
                self._any_case.setdefault(form.casefold(), term)
                patterns.append(f"(?i:{re.escape(form)})")
        self._pattern = re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)") if patterns else None

    def uses(self, text: str):
        """``(the words as written, term)`` for each use of a term in ``text``."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            words = match.group()
            term = self._exact.get(words) or self._any_case.get(words.casefold())
            if term is not None:
                yield words, term


@functools.lru_cache(maxsize=4)
def _index(versions: tuple[tuple, ...], terms: tuple[GlossaryTerm, ...]) -> TermIndex:
    return TermIndex(terms)


class Glossary:
    """The published terms, and which of them the page being rendered has explained."""

    def __init__(self, terms: list[GlossaryTerm]):
        self.explained: frozenset[int] = frozenset()
        # Keyed by everything an explanation shows: a page's explanations are worked out
        # once per process for each version of the glossary.
        versions = tuple(
            (term.pk, term.term, term.other_forms, term.slug, term.definition_html)
            for term in terms
        )
        self.index = _index(versions, tuple(terms))
        self.version = hash(versions)

    @classmethod
    def published(cls, now: datetime | None = None) -> "Glossary":
        now = now or timezone.now()
        return cls([term for term in published_and_scheduled_terms() if term.is_live(now)])

    def explain(self, html: str) -> SafeString:
        """``html`` with a disclosure after each block that uses a term for the first time."""
        explained, self.explained = _explain(self.index, html, self.explained)
        return explained


@functools.lru_cache(maxsize=512)
def _explain(index: TermIndex, html: str, explained: frozenset[int]):
    """What Glossary.explain() gives, and the terms explained after it: the same page gives
    the same texts in the same order on every view, so each is worked out once."""
    explainer = _Explainer(index, explained)
    explainer.feed(html)
    explainer.close()
    return mark_safe("".join(explainer.output)), explainer.explained


def explanation(words: str, term: GlossaryTerm) -> str:
    return render_to_string(
        "glossary/explanation.html",
        {
            "words": words,
            "definition": term.definition_html,
            "index_url": term.get_index_url(),
        },
    ).strip()


class _Explainer(HTMLParser):
    """Copies sanitised HTML through, adding the explanations after each top-level block."""

    def __init__(self, index: TermIndex, explained: frozenset[int]):
        super().__init__(convert_charrefs=True)
        self.index, self.explained = index, explained
        self.output: list[str] = []
        self.open_elements: list[str] = []
        self.waiting: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.output.append(self.get_starttag_text())
        if tag not in VOID_ELEMENTS:
            self.open_elements.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.output.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.output.append(f"</{tag}>")
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass
        if not self.open_elements:
            self._add_waiting()

    def handle_data(self, data):
        if self.open_elements and not NOT_EXPLAINED_IN.intersection(self.open_elements):
            for words, term in self.first_uses(data):
                self.waiting.append(explanation(words, term))
        self.output.append(escape(data, quote=False))

    def first_uses(self, text: str) -> list[tuple[str, GlossaryTerm]]:
        """``(the words as written, term)`` for each term ``text`` uses for the first time."""
        found = []
        for words, term in self.index.uses(text):
            if term.pk not in self.explained:
                self.explained |= {term.pk}
                found.append((words, term))
        return found

    def close(self):
        super().close()
        self._add_waiting()

    def _add_waiting(self):
        self.output.extend(self.waiting)
        self.waiting.clear()
