"""Matching correctness: case, diacritics, hashtags (incl. CamelCase), punctuation, word boundaries and the Dutch
compound rule (topic terms also as head or tail of a compound; places only as whole words)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from veiliglokaal.monitoring.lexicon import default_terms
from veiliglokaal.monitoring.matching import Hit, Matcher, Term, normalise

PLACES = ["Ede", "Ermelo", "Ermelo-Oost", "Horst", "Veldwijk-'s Heerenloo", "Stationsstraat", "gemeentehuis", "azc"]
MATCHER = Matcher([Term("place", p, p) for p in PLACES] + [Term("topic", t, w) for t, w in default_terms()])


def places(text):
    return {h.label for h in MATCHER.match(text) if h.kind == "place"}


def topics(text):
    return {h.label for h in MATCHER.match(text) if h.kind == "topic"}


def test_normalise():
    assert normalise("Café  ÉÉN, twee!") == " cafe een twee "
    assert normalise("#IedereenNaarErmelo") == " iedereen naar ermelo "
    assert normalise("#NYE2026rellen") == " nye 2026 rellen "
    assert normalise("’s-Heerenloo") == " s heerenloo "


def test_case_and_diacritics():
    assert places("ERMELO vanavond") == {"Ermelo"}
    assert places("ermelo") == {"Ermelo"}
    assert topics("VERZAMELEN!!") == {"afspraak"}
    assert topics("verzämelen") == {"afspraak"}  # diacritics stripped on both sides
    assert places("Ërmélo") == {"Ermelo"}


def test_hashtags_plain_and_camel_case():
    assert places("#Ermelo") == {"Ermelo"}
    assert places("#ermelo") == {"Ermelo"}
    camel = MATCHER.match("#IedereenNaarErmelo")
    assert Hit("place", "Ermelo") in camel and Hit("topic", "oproep tot verzamelen") in camel
    # All lower case: the place is glued inside the tag and does not count, the topic phrase does (compound head).
    glued = MATCHER.match("#iedereennaarermelo")
    assert Hit("topic", "oproep tot verzamelen") in glued and Hit("place", "Ermelo") not in glued


def test_places_only_at_word_boundaries():
    assert places("Edelweiss en Bede") == set()
    assert places("in Ede.") == {"Ede"}
    assert places("Horstweg") == set()
    assert places("(Horst)") == {"Horst"}
    assert places("Stationsstraat 12") == {"Stationsstraat"}


def test_multi_word_and_hyphenated_places():
    assert places("Ermelo-Oost") == {"Ermelo-Oost", "Ermelo"}  # the wijk, and the municipality inside its name
    assert places("in Veldwijk-’s Heerenloo") == {"Veldwijk-'s Heerenloo"}
    assert places("veldwijk s heerenloo") == {"Veldwijk-'s Heerenloo"}


def test_dutch_compounds_for_topic_terms():
    assert topics("vuurwerkbommen") == {"vuurwerk"}  # head
    assert topics("illegaalvuurwerk") == {"vuurwerk"}  # tail
    assert topics("avondrellen") == {"rellen"}
    assert topics("onvuurwerkachtig") == set()  # in the middle of a word: no
    assert topics("relatie") == set()  # short term "rel": whole word only
    assert topics("een rel") == {"rellen"}


def test_punctuation_and_word_boundaries_for_topics():
    assert topics("iedereen, naar!") == {"oproep tot verzamelen"}  # punctuation is a boundary
    assert topics("massaal.") == {"afspraak"}
    assert topics("carbidschieten") == {"vuurwerk"}


def test_one_hit_per_term_per_post():
    hits = MATCHER.match("Ermelo Ermelo ermelo #Ermelo vuurwerk vuurwerk")
    assert hits == {Hit("place", "Ermelo"), Hit("topic", "vuurwerk")}


def test_empty_matcher_and_empty_text():
    assert Matcher([]).match("vuurwerk") == set()
    assert MATCHER.match("") == set()


WORDS = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x24F), min_size=1,
                max_size=12)


@given(st.lists(WORDS, min_size=1, max_size=8), st.sampled_from(PLACES))
def test_place_matching_agrees_with_a_regex_on_normalised_words(words, place):
    """Property: a place matches exactly when its normalised form occurs as whole words in the normalised text."""
    text = " ".join(words)
    matcher = Matcher([Term("place", place, place)])
    expected = re.search(rf"(?<![a-z0-9]){re.escape(normalise(place).strip())}(?![a-z0-9])", normalise(text))
    assert (Hit("place", place) in matcher.match(text)) == bool(expected)
