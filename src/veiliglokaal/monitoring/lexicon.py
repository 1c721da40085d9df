"""The default Dutch mobilisation lexicon, as versioned data (`data/lexicon.json`, ADR 19). Each municipality gets a
copy it can extend or switch off (`TopicTerm`). Topics are what an alert is about; terms are normalised and matched
by `matching.Matcher` (topic terms of 5+ letters also match as head or tail of a compound: "vuurwerk" in
"vuurwerkbommen").

Sources of the choice: the Handreiking online monitoring openbare orde (2023) describes online-driven disorder as
calls to gather at a time and place, calls to riot, and (around New Year) fireworks; the terms are the words such
calls use. Terms that are ordinary words in other senses (e.g. "me" for the riot police) are left out.

Every category has a *role* that `is_call` uses to decide whether a post with a place is a call to gather or to
disorder:

- ``call``: a call to come or to spread the word ("iedereen naar", "zeg het tegen iedereen", "deel dit");
- ``meet``: an ordinary gathering phrase ("verzamelen", "we zien elkaar"): a call only together with a subject;
- ``time``: when (words, and clock-time *patterns* such as "21u", "om 9 uur", "21:00": regular expressions over the
  normalised text, run only for posts that name a place, so matching stays one automaton pass for the rest);
- ``subject``: what (disorder, fireworks, protest). A municipality's own topics are subjects;
- ``past``, ``event``, ``joke``, ``elsewhere``: context that marks a post as a report afterwards, an ordinary
  event (concert, market), a joke or quote, or as being about another place with the same name ("Horst aan de
  Maas"; a municipality adds its own homonyms to that topic).

The previous versions stay in `data/` (`lexicon-<version>.json`), so a benchmark can run the old behaviour.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ROLES = ("call", "meet", "time", "subject", "past", "event", "joke", "elsewhere")
CONTEXT_ROLES = ("past", "event", "joke", "elsewhere")
DEFAULT_ROLE = "subject"


class LexiconError(ValueError):
    """The lexicon file is not valid (message names the problem)."""


@dataclass(frozen=True)
class Lexicon:
    version: str
    categories: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]  # (topic, role, terms, patterns)

    @property
    def roles(self) -> dict[str, str]:
        return {topic: role for topic, role, _terms, _patterns in self.categories}

    def terms(self) -> list[tuple[str, str]]:
        return [(topic, term) for topic, _role, terms, _patterns in self.categories for term in terms]

    def patterns(self) -> list[tuple[str, re.Pattern]]:
        return [(topic, re.compile(p)) for topic, _role, _terms, patterns in self.categories for p in patterns]


def parse(document: dict) -> Lexicon:
    """Validate a lexicon document: a version, categories with a unique topic, a known role, non-empty lower-case
    terms without duplicates across the lexicon, and compilable patterns."""
    if not isinstance(document, dict) or not isinstance(document.get("version"), str) or not document["version"]:
        raise LexiconError("lexicon: 'version' (text) ontbreekt")
    categories = document.get("categories")
    if not isinstance(categories, list) or not categories:
        raise LexiconError("lexicon: 'categories' (lijst) ontbreekt of is leeg")
    seen_topics: set[str] = set()
    seen_terms: dict[str, str] = {}
    parsed = []
    for number, category in enumerate(categories, 1):
        topic, role = category.get("topic"), category.get("role")
        terms, patterns = category.get("terms", []), category.get("patterns", [])
        if not isinstance(topic, str) or not topic.strip() or len(topic) > 50:
            raise LexiconError(f"lexicon: categorie {number} heeft geen geldig onderwerp (1-50 tekens)")
        if topic in seen_topics:
            raise LexiconError(f"lexicon: onderwerp '{topic}' komt twee keer voor")
        if role not in ROLES:
            raise LexiconError(f"lexicon: onderwerp '{topic}' heeft een onbekende rol '{role}'")
        if not isinstance(terms, list) or not isinstance(patterns, list) or not (terms or patterns):
            raise LexiconError(f"lexicon: onderwerp '{topic}' heeft geen termen of patronen")
        for term in terms:
            if not isinstance(term, str) or not term.strip() or term != term.strip().lower() or len(term) > 100:
                raise LexiconError(f"lexicon: term {term!r} bij '{topic}' is leeg, te lang of niet in kleine letters")
            if term in seen_terms:
                raise LexiconError(f"lexicon: term '{term}' staat bij '{seen_terms[term]}' en bij '{topic}'")
            seen_terms[term] = topic
        for pattern in patterns:
            try:
                re.compile(pattern)
            except (re.error, TypeError) as error:
                raise LexiconError(f"lexicon: patroon {pattern!r} bij '{topic}' is ongeldig ({error})") from error
        seen_topics.add(topic)
        parsed.append((topic, role, tuple(terms), tuple(patterns)))
    return Lexicon(document["version"], tuple(parsed))


def load(path: Path) -> Lexicon:
    with open(path, encoding="utf-8") as handle:
        return parse(json.load(handle))


@lru_cache(maxsize=None)
def shipped(version: str | None = None) -> Lexicon:
    """The current shipped lexicon, or an earlier shipped version by its version string."""
    return load(DATA / ("lexicon.json" if version is None else f"lexicon-{version}.json"))


def current_version() -> str:
    return shipped().version


def default_terms() -> list[tuple[str, str]]:
    return shipped().terms()


def role_of(topic: str, roles: dict[str, str] | None = None) -> str:
    """The role of a topic; a municipality's own topics (not in the lexicon) are subjects."""
    return (roles if roles is not None else shipped().roles).get(topic, DEFAULT_ROLE)


def is_call(topics, roles: dict[str, str] | None = None) -> bool:
    """Whether a post that names a place and has these topic labels is a call to gather or to disorder:

    - about another place with the same name: never;
    - a report afterwards only counts with a call expression and a subject (disorder, fireworks, protest);
    - an ordinary event, a joke or a quote only counts with a subject and a call or gathering phrase;
    - otherwise: a call expression, or a subject together with a time or a gathering phrase.
    """
    present = {role_of(topic, roles) for topic in topics}
    call, subject = "call" in present, "subject" in present
    if "elsewhere" in present:
        return False
    if "past" in present and not (call and subject):
        return False
    if ("event" in present or "joke" in present) and not (subject and (call or "meet" in present)):
        return False
    return call or (subject and ("time" in present or "meet" in present))


def alert_topics(topics, roles: dict[str, str] | None = None) -> list[str]:
    """The topics an alert shows: calls, times and subjects (context labels only decide, they are no topic)."""
    return sorted(t for t in set(topics) if role_of(t, roles) not in CONTEXT_ROLES)
