"""Editor aids for patient-facing text: reading grade, medicine brand names, page descriptions.

They warn and never block a save: the editor (and, for therapy pages, the clinical reviewer)
decides. The NHS aims patient information at a reading age of 9 to 11, roughly US school
grade 9 on the Flesch-Kincaid scale.

The grade is Flesch-Kincaid's formula with textstat's sentence and word counts. Syllables are
counted here rather than by textstat: for English, textstat 0.7 looks words up in NLTK's CMU
pronouncing dictionary, which it downloads from the internet the first time it is used, and
neither our servers nor the tests may do that. Counting vowel groups is within about half a
grade on patient text, which is enough to tell an editor that a page needs simpler words.
"""

import re
from dataclasses import dataclass, field

import textstat
from django.conf import settings
from django.utils.html import strip_tags

from genesis_site.markdown import render_markdown

READING_GRADE_TARGET = 9
# Search engines show about this many characters of a page's description.
META_DESCRIPTION_MAX = 160
META_DESCRIPTION_MIN = 50
# Fewer words than this give a grade that means nothing.
MIN_WORDS_FOR_GRADE = 30

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Where a block of the page ends: a heading or list item is a sentence of its own.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|blockquote)>")


def plain_text(markdown_texts: list[str]) -> str:
    """The words patients read, one sentence per heading, paragraph or list item."""
    blocks = []
    for text in markdown_texts:
        html = BLOCK_END.sub("\n", render_markdown(text))
        for line in strip_tags(html).splitlines():
            line = line.strip()
            if line:
                blocks.append(line if line[-1] in ".!?:" else f"{line}.")
    return "\n".join(blocks)


def syllables(word: str) -> int:
    count = len(VOWEL_GROUP.findall(word))
    # A final silent e ("medicine", "urine"), but not "-le" ("able") or "-ee" ("free").
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return max(1, count)


def reading_grade(markdown_texts: list[str]) -> float | None:
    """The Flesch-Kincaid grade of the text, or None when it is too short to score."""
    text = plain_text(markdown_texts)
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_GRADE:
        return None
    syllables_per_word = sum(syllables(word) for word in words) / len(words)
    grade = 0.39 * textstat.words_per_sentence(text) + 11.8 * syllables_per_word - 15.59
    return round(grade, 1)


def brand_mentions(markdown_texts: list[str]) -> list[str]:
    """The prescription-only medicine brands (settings.EDITORIAL_PRESCRIPTION_BRANDS) named."""
    text = "\n".join(markdown_texts)
    return [
        brand
        for brand in settings.EDITORIAL_PRESCRIPTION_BRANDS
        if re.search(rf"\b{re.escape(brand)}\b", text, flags=re.IGNORECASE)
    ]


def meta_description_problem(description: str) -> str:
    length = len(description.strip())
    if length > META_DESCRIPTION_MAX:
        return (
            f"The summary is {length} characters; search engines cut it off after about "
            f"{META_DESCRIPTION_MAX}. Shorten it, or put the key words first."
        )
    if length < META_DESCRIPTION_MIN:
        return (
            f"The summary is {length} characters; say a little more (at least "
            f"{META_DESCRIPTION_MIN}) so search results show what the page is about."
        )
    return ""


@dataclass(frozen=True)
class Findings:
    """What the checks found on one page."""

    grade: float | None
    brands: list[str] = field(default_factory=list)
    description_problem: str = ""
    target: int = READING_GRADE_TARGET

    @property
    def grade_too_high(self) -> bool:
        return self.grade is not None and self.grade > READING_GRADE_TARGET

    @property
    def warnings(self) -> list[str]:
        warnings = []
        if self.grade_too_high:
            warnings.append(
                f"Reading grade {self.grade} is above the target of {READING_GRADE_TARGET}. "
                "Use shorter sentences and everyday words."
            )
        if self.brands:
            warnings.append(
                f"The page names {', '.join(self.brands)}, a prescription-only medicine. UK "
                "law does not allow advertising these to the public: use the medicine's "
                "generic name and describe the treatment, not the product."
            )
        if self.description_problem:
            warnings.append(self.description_problem)
        return warnings


def check(page) -> Findings:
    """Run every check on a Publishable ``page`` (its summary is its search description)."""
    texts = page.patient_text()
    summary = getattr(page, "summary", None)
    return Findings(
        grade=reading_grade(texts),
        brands=brand_mentions(texts),
        description_problem=meta_description_problem(summary) if summary is not None else "",
    )
