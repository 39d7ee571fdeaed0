"""Words as site search sees them: the same rules for pages, queries and editors' terms."""

import html
import re

from django.utils.html import strip_tags

from genesis_site.markdown import render_markdown

# Letters and digits; anything else (spaces, hyphens, apostrophes) separates words, as
# the PostgreSQL and SQLite FTS5 tokenizers also split them.
WORD = re.compile(r"\w+")

# Snowball's English stop words, the list PostgreSQL's 'english' configuration drops
# (share/tsearch_data/english.stop). SQLite's FTS5 keeps every word, so the query drops
# these on both databases alike: "pain after the drip" looks for "pain" and "drip".
STOP_WORDS = frozenset({
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
    "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
    "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for",
    "with", "about", "against", "between", "into", "through", "during", "before", "after",
    "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under",
    "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
    "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
    "should", "now",
})  # fmt: skip


def words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def normalise(text: str) -> str:
    """``"  Tummy-Ache "`` becomes ``"tummy ache"``: how terms are compared and counted."""
    return " ".join(words(text))


def plain_text(markdown: str) -> str:
    """The words of an editor's Markdown, without its markup, on one line."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown))).split())
