"""A patient's search, read as groups of words: every group must match, any word in it may.

"tummy pain after the drip", with the editors' synonyms tummy → abdomen, abdominal and
drip → infusion, becomes::

    (tummy | abdomen | abdominal) & (pain) & (drip | infusion)

Stop words ("after", "the") are dropped, a synonym's term may be a phrase ("stomach
ache"), and so may its alternatives. The database then matches each word by its stem,
so "pains" finds "pain".
"""

from dataclasses import dataclass

from search.text import STOP_WORDS, words

# Longer searches are cut here: enough for a sentence, not for a pasted letter.
MAX_WORDS = 12


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # everything typed, normalised, stop words included
    groups: tuple[tuple[str, ...], ...]  # each: phrases of which any one may match

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def __bool__(self):
        return bool(self.groups)

    def contains(self, phrase: str) -> bool:
        """Whether the search has ``phrase``'s words, in order, next to each other."""
        wanted = tuple(phrase.split())
        return any(
            self.words[start : start + len(wanted)] == wanted
            for start in range(len(self.words) - len(wanted) + 1)
        )


def parse(text: str, synonyms: dict[str, list[str]]) -> Query:
    """``text`` as a Query; ``synonyms`` maps normalised terms to normalised alternatives."""
    typed = tuple(words(text)[:MAX_WORDS])
    longest_term = max((len(term.split()) for term in synonyms), default=0)
    groups = []
    position = 0
    while position < len(typed):
        for length in range(min(longest_term, len(typed) - position), 0, -1):
            phrase = " ".join(typed[position : position + length])
            if phrase in synonyms:
                groups.append((phrase, *synonyms[phrase]))
                position += length
                break
        else:
            word = typed[position]
            if word not in STOP_WORDS:
                groups.append((word,))
            position += 1
    return Query(words=typed, groups=tuple(dict.fromkeys(groups)))
