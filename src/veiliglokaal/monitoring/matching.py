"""Multi-pattern matching of place names and mobilisation terms in post texts (ADR 12).

One Aho-Corasick automaton (pyahocorasick) holds every term of a municipality's gazetteer and lexicon, so a post is
scanned once whatever the number of terms. Text and terms go through the same normalisation:

1. hashtags are split at case changes and digits (``#IedereenNaarErmelo`` → ``Iedereen Naar Ermelo``);
2. Unicode NFKD, combining marks removed (``café`` → ``cafe``, ``Zuiderzeeländ`` → ``zuiderzeeland``), casefold;
3. every run of characters other than ``a-z0-9`` becomes one space (punctuation, ``#``, ``@``, apostrophes,
   emoji), and the text is padded with a space at both ends.

After normalisation a word boundary is simply a space, so every automaton hit is checked in O(1):

- **places** match only as whole words (or whole phrases): "Ede" does not match "Edelweiss", "Horst" does not match
  "Horstweg" — a street is its own gazetteer entry;
- **topic terms** of at least ``COMPOUND_MIN_LENGTH`` characters also match as the *head or tail* of a Dutch
  compound word: "vuurwerk" matches "vuurwerkbommen" and "illegaalvuurwerk", "rellen" matches "avondrellen". The
  term must touch one edge of the word, never sit in its middle. Shorter topic terms ("rel", "relt") match only as
  whole words, because short heads produce false hits ("relatie"). Multi-word topic terms are also entered without
  their spaces, so a lowercase hashtag "#iedereennaar..." still matches "iedereen naar" as a compound head.

**Patterns** (the lexicon's clock-time expressions, "21u", "om 9 uur", "21:00" → ``21 00``) are regular expressions
over the normalised text. They run only for a post that already has a place hit, so the other posts still cost one
automaton pass and nothing more (ADR 19).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ahocorasick

COMPOUND_MIN_LENGTH = 5

_HASHTAG = re.compile(r"#(\w+)")
_CASE_CHANGE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])|(?<=[A-ZÀ-Þ])(?=[A-ZÀ-Þ][a-zà-ÿ])|(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _split_hashtag(match: re.Match) -> str:
    return " " + _CASE_CHANGE.sub(" ", match.group(1)) + " "


def normalise(text: str) -> str:
    """The matching form of a text: see the module docstring. Always starts and ends with a space."""
    if "#" in text:
        text = _HASHTAG.sub(_split_hashtag, text)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " " + _NON_WORD.sub(" ", text.casefold()).strip() + " "


PATTERN = "pattern"  # a Term of this kind is a regular expression over the normalised text; its hits are topics


@dataclass(frozen=True)
class Term:
    kind: str  # "place", "topic" or PATTERN
    label: str  # what the alert shows: the place name or the topic
    text: str  # the term as configured


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str


class Matcher:
    """Built once per municipality (or benchmark) from its terms; `match(text)` returns the set of hits."""

    def __init__(self, terms):
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        patterns: dict[str, list[str]] = {}
        for term in terms:
            if term.kind == PATTERN:
                re.compile(term.text)  # each pattern must compile on its own
                patterns.setdefault(term.label, []).append(term.text)
                continue
            key = normalise(term.text).strip()
            if not key:
                continue
            compound = term.kind == "topic" and len(key.replace(" ", "")) >= COMPOUND_MIN_LENGTH
            entries.setdefault(key, []).append((term.kind, term.label, compound))
            if compound and " " in key:
                entries.setdefault(key.replace(" ", ""), []).append((term.kind, term.label, True))
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), tuple(set(values))))
        self._patterns = tuple((label, re.compile("|".join(f"(?:{p})" for p in texts)))
                               for label, texts in patterns.items())
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def match_normalised(self, text: str) -> set[Hit]:
        hits: set[Hit] = set()
        if not self.size:
            return hits
        for end, (length, values) in self._automaton.iter(text):
            start = end - length + 1
            left = text[start - 1] == " "
            right = text[end + 1] == " "
            for kind, label, compound in values:
                if (left and right) or (compound and (left or right)):
                    hits.add(Hit(kind, label))
        if self._patterns and hits and any(hit.kind == "place" for hit in hits):
            for label, pattern in self._patterns:
                if pattern.search(text):
                    hits.add(Hit("topic", label))
        return hits

    def match(self, text: str) -> set[Hit]:
        return self.match_normalised(normalise(text))
