"""The versioned lexicon (data/lexicon.json): validation, call and clock-time expressions, and the call rule."""

import json

import pytest

from veiliglokaal.monitoring import gazetteer, lexicon
from veiliglokaal.monitoring.matching import PATTERN, Matcher, Term
from veiliglokaal.monitoring.models import TopicTerm

CURRENT = lexicon.shipped()
PLACES = ["Ermelo", "Telgt", "Stationsplein"]
TERMS = ([Term("place", p, p) for p in PLACES] + [Term("topic", t, w) for t, w in CURRENT.terms()]
         + [Term(PATTERN, t, p.pattern) for t, p in CURRENT.patterns()])
MATCHER = Matcher(TERMS)


def call(text):
    hits = MATCHER.match(text)
    return any(h.kind == "place" for h in hits) and lexicon.is_call({h.label for h in hits if h.kind == "topic"})


def test_shipped_lexicon_has_a_version_and_the_previous_version_stays_loadable():
    assert CURRENT.version == "2026.12"
    previous = lexicon.shipped("2025.1")
    words = {w for _t, w in CURRENT.terms()}
    assert previous.version == "2025.1" and {w for _t, w in previous.terms()} < words
    assert ("afspraak", "verzamelen") in CURRENT.terms()  # 2026.12 moved ordinary gathering phrases to "afspraak"
    assert set(CURRENT.roles.values()) == set(lexicon.ROLES)


@pytest.mark.parametrize("document, message", [
    ({"categories": []}, "'version'"),
    ({"version": "x", "categories": []}, "'categories'"),
    ({"version": "x", "categories": [{"topic": "a", "role": "boos", "terms": ["b"]}]}, "onbekende rol"),
    ({"version": "x", "categories": [{"topic": "a", "role": "call", "terms": ["B"]}]}, "kleine letters"),
    ({"version": "x", "categories": [{"topic": "a", "role": "call", "terms": ["b"]},
                                     {"topic": "c", "role": "time", "terms": ["b"]}]}, "staat bij 'a' en bij 'c'"),
    ({"version": "x", "categories": [{"topic": "a", "role": "time", "patterns": ["(21"]}]}, "ongeldig"),
    ({"version": "x", "categories": [{"topic": "a", "role": "call"}]}, "geen termen"),
])
def test_invalid_lexicons_are_refused_with_a_clear_message(document, message):
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.parse(json.loads(json.dumps(document)))


@pytest.mark.parametrize("text", [
    "Zeg het tegen iedereen: zaterdag Stationsplein Ermelo",
    "Deel dit!! vanavond iedereen naar Telgt",
    "kom met zoveel mogelijk naar het Stationsplein, 21u",
    "Ermelo om 9 uur, neem je vrienden mee",
    "Telgt 21:00 vuurwerk mee",
    "#IedereenNaarErmelo om half 10",
])
def test_call_and_time_expressions_of_the_issue_are_calls(text):
    assert call(text)


@pytest.mark.parametrize("text", [
    "Vanavond concert op het Stationsplein in Ermelo, kom allemaal! Kaartjes aan de deur.",
    "Gisteravond rellen in Telgt, politie meldt vijf aanhoudingen.",
    "Weekmarkt Ermelo morgen om 9 uur, deel dit met je buren",
    "haha vuurwerk in Ermelo vanavond, grapje",
    "Mooi weer in Ermelo vandaag",
    "Vuurwerk in Ermelo",  # a subject without time or call is no call
])
def test_reports_events_jokes_and_chatter_are_not_calls(text):
    assert not call(text)


def test_clock_time_patterns_run_only_for_posts_with_a_place():
    assert {h.label for h in MATCHER.match("om 21 uur")} == set()
    assert {h.label for h in MATCHER.match("Ermelo om 21 uur")} == {"Ermelo", "tijdstip"}
    assert {h.label for h in MATCHER.match("Ermelo 21:00")} == {"Ermelo", "tijdstip"}


def test_own_topics_are_subjects_and_context_labels_are_no_alert_topics():
    assert lexicon.role_of("amok") == "subject"
    assert lexicon.is_call({"amok", "tijdstip"}) and not lexicon.is_call({"amok"})
    assert lexicon.alert_topics({"rellen", "tijdstip", "terugblik", "evenement"}) == ["rellen", "tijdstip"]


@pytest.mark.django_db
def test_a_municipal_copy_gets_new_terms_and_keeps_its_own_choices(municipality_a):
    old = lexicon.shipped("2025.1")
    TopicTerm.objects.bulk_create([TopicTerm(municipality=municipality_a, topic=t, term=w) for t, w in old.terms()])
    TopicTerm.objects.filter(municipality=municipality_a, term="massaal").update(is_active=False)
    TopicTerm.objects.create(municipality=municipality_a, topic="rellen", term="amok")
    added = gazetteer.seed_lexicon(municipality_a)
    assert added == len({w for _t, w in CURRENT.terms()} - {w for _t, w in old.terms()})
    # a term the copy already has keeps the copy's topic (an analyst may move it with the term form)
    assert TopicTerm.objects.get(municipality=municipality_a, term="verzamelen").topic == "oproep tot verzamelen"
    assert not TopicTerm.objects.get(municipality=municipality_a, term="massaal").is_active
    assert TopicTerm.objects.filter(municipality=municipality_a, term="deel dit").exists()
    assert gazetteer.seed_lexicon(municipality_a) == 0
    patterns = [t for t in gazetteer.terms_for(municipality_a.pk) if t.kind == PATTERN]
    assert {t.label for t in patterns} == {"tijdstip"} and len(patterns) == len(CURRENT.patterns())
