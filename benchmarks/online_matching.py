"""Benchmark: matching and ingest of public posts on one core with a 10,000-term gazetteer, against one compiled
regular-expression alternation of all terms in the same run; and the time from ingest to alert.

Part 1 (no database). BENCH_POSTS (default 100,000) SYNTHETIC Dutch posts ("[SYNTHETISCH] …", random words from a
small Dutch vocabulary, a place name in ~30 % and a mobilisation term in ~20 % of posts, some hashtags and
diacritics) and a gazetteer of BENCH_TERMS (default 10,000) terms: Ermelo's real buurt names, synthetic street names
(prefix + suffix, e.g. "Berkenlaan") and the default lexicon.

* Matching alone, on the already normalised texts: ours (`matching.Matcher`, one Aho-Corasick automaton) against
  the fair baseline, one compiled regular expression: the alternation of every normalised term as a trie (common
  prefixes factored out, longest key first), scanned at every position, with the same boundary rules applied to
  each occurrence (places whole word; topic terms of 5+ letters also as compound head or tail). Nested terms
  ("ermelo" inside "ermelo oost") come from a prefix table built once. The plain alternation (terms sorted
  longest first, no trie) is timed too, on a tenth of the first BENCH_BASELINE_POSTS (default 2,000) posts. Before
  timing, the trie regex must give exactly our hit set on every post and the plain alternation on each of the first
  BENCH_BASELINE_POSTS, or the script prints BASELINE MISMATCH and exits 1.
* Ingest + match: the steps `services.ingest` runs per post — normalisation (`matching.normalise`), the keyed
  pseudonymisation of the author (`services.pseudonymise_author`, HMAC-SHA256) and matching — and the same with the
  regex; plus normalisation and pseudonymisation timed alone, to show where the time goes.

The process is pinned to one CPU; each figure is the median of BENCH_REPEATS runs. The previous baseline (one
regular expression per term, 10,000 searches per post, "1,412×") is withdrawn as unfair.

Part 2 (database, a fresh test database): a monitor under an active protocol with a week of background posts; then
BENCH_ALERT_ROUNDS bursts of 12 posts, each ingested through `services.ingest` (store, match, detect); prints the
median wall time from the start of the ingest call to the alert row existing.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/online_matching.py
"""

import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django  # noqa: E402

django.setup()

from _result import emit  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from veiliglokaal.monitoring.lexicon import default_terms  # noqa: E402
from veiliglokaal.monitoring.matching import COMPOUND_MIN_LENGTH, Hit, Matcher, Term, normalise  # noqa: E402
from veiliglokaal.monitoring.services import pseudonymise_author  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "100000"))
TERMS = int(os.environ.get("BENCH_TERMS", "10000"))
BASELINE_POSTS = int(os.environ.get("BENCH_BASELINE_POSTS", "2000"))
TARGET = 100_000  # posts/s on one core, ingest + match (issue 11)
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
ALERT_ROUNDS = int(os.environ.get("BENCH_ALERT_ROUNDS", "10"))

ERMELO = ["Ermelo", "Ermelo-Oost", "Ermelo-West", "Veldwijk-'s Heerenloo", "Tonsel", "Horst", "Telgt",
          "Zuiderzeeland", "Speuld", "Staverden", "Houtdorp", "Leuvenum", "De Beek"]
PREFIXES = ["Berken", "Eiken", "Beuken", "Linden", "Wilgen", "Essen", "Populier", "Kastanje", "Hazel", "Vlier",
            "Meidoorn", "Esdoorn", "Iepen", "Dennen", "Sparren", "Larixen", "Hulst", "Rozen", "Tulpen", "Lelie",
            "Narcis", "Krokus", "Hyacint", "Iris", "Akelei", "Distel", "Heide", "Brem", "Varen", "Mos", "Zand",
            "Klei", "Veen", "Stroom", "Beek", "Molen", "Kerk", "School", "Stations", "Markt", "Dorps", "Haven",
            "Dijk", "Polder", "Bos", "Veld", "Weide", "Akker", "Hoeve", "Kamp", "Brink", "Hof", "Slot", "Burg",
            "Toren", "Poort", "Wal", "Gracht", "Sluis", "Brug", "Oever", "Duin", "Strand", "Zee", "Meeuwen",
            "Zwanen", "Eenden", "Reiger", "Kievit", "Merel", "Lijster", "Vink", "Mees", "Specht", "Uilen", "Valk",
            "Arend", "Havik", "Vos", "Das", "Egel", "Haas", "Konijn", "Ree", "Hert", "Wolf", "Beer", "Otter",
            "Bever", "Zilver", "Goud", "Koper", "Ijzer", "Tin", "Lood", "Zink", "Kwarts", "Graniet", "Marmer",
            "Zomer", "Winter", "Lente", "Herfst", "Morgen", "Avond", "Zon", "Maan", "Ster", "Regen", "Wind",
            "Sneeuw", "Hagel", "Dauw", "Mist", "Wolken", "Bliksem", "Donder", "Noorder", "Zuider", "Ooster",
            "Wester", "Hoge", "Lage", "Lange", "Korte", "Brede", "Smalle", "Oude", "Nieuwe", "Grote", "Kleine"]
SUFFIXES = ["laan", "straat", "weg", "pad", "plein", "hof", "dreef", "singel", "kade", "wal", "steeg", "gang",
            "erf", "hoek", "veld", "park", "plantsoen", "boulevard", "dijk", "brink", "markt", "berg", "dal",
            "ring", "baan", "allee", "oord", "burcht", "horst", "haven", "zoom", "rand", "kamp", "akker", "hoeve",
            "wei", "vaart", "tocht", "sloot", "beek", "gaarde", "tuin", "boomgaard", "heuvel", "kuil", "meer",
            "plas", "ven", "heide", "bos", "hout", "lo", "rode", "donk", "broek", "waard", "polder", "kreek",
            "gat", "poort", "toren", "muur", "molen", "schans", "vest", "stede", "werf", "loop", "spoor", "lijn",
            "rij", "reep", "brug", "sluis", "kwartier", "terras", "hage", "staete", "wijk", "gaard", "kant"]
VOCABULARY = ("de het een en van in op met voor naar niet wel dat die dit er ook maar nog al zo dan of als bij om "
              "tot uit over door aan tegen zonder onder na wie wat waar hoe waarom wanneer vandaag morgen gisteren "
              "mensen buurt straat stad dorp gemeente politie weer zon regen markt winkel school kerk feest muziek "
              "wedstrijd voetbal hond kat auto fiets trein bus koffie taart verjaardag vakantie werk huis tuin "
              "mooi leuk slecht druk rustig groot klein oud nieuw snel langzaam vroeg laat café één geïnteresseerd "
              "coöperatie financiële reünie überhaupt zeeën").split()
DECORATIONS = ["!", "?", "...", " 😀", " #Ermelo", " #ZomerFeest", " 🎆", ",", ":"]


def gazetteer(n_terms: int) -> list[Term]:
    terms = [Term("topic", topic, term) for topic, term in default_terms()]
    terms += [Term("place", name, name) for name in ERMELO]
    streets = sorted({p + s for p in PREFIXES for s in SUFFIXES})
    random.Random(1).shuffle(streets)
    needed = n_terms - len(terms)
    if needed > len(streets):
        raise SystemExit(f"only {len(streets)} synthetic street names available")
    terms += [Term("place", street, street) for street in streets[:needed]]
    return terms


def synthetic_posts(n: int, terms: list[Term]) -> list[tuple[str, str]]:
    rng = random.Random(2026)
    places = [t.text for t in terms if t.kind == "place"]
    topics = [t.text for t in terms if t.kind == "topic"]
    posts = []
    for i in range(n):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 30))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(places))
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), rng.choice(topics) + rng.choice(["", "", "bommen", "en"]))
        text = "[SYNTHETISCH] " + " ".join(words) + rng.choice(DECORATIONS)
        posts.append((text, f"synthetisch_account_{rng.randint(1, 5000)}"))
    return posts


def _trie_pattern(keys) -> str:
    """One regular expression matching any of `keys`, as a trie: common prefixes factored out, and at each node the
    longer continuation tried before the key that ends there, so the match at a position is the longest key."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class AlternationRegex:
    """Baseline: one compiled alternation of every normalised term, scanned at every position (a lookahead, so
    overlapping occurrences are all found); the same boundary rules as `matching.Matcher` on each occurrence."""

    def __init__(self, terms: list[Term], trie: bool = True):
        entries: dict[str, set[tuple[str, str, bool]]] = {}
        for term in terms:
            key = normalise(term.text).strip()
            if not key:
                continue
            compound = term.kind == "topic" and len(key.replace(" ", "")) >= COMPOUND_MIN_LENGTH
            entries.setdefault(key, set()).add((term.kind, term.label, compound))
            if compound and " " in key:
                entries.setdefault(key.replace(" ", ""), set()).add((term.kind, term.label, True))
        self.entries = {key: tuple(values) for key, values in entries.items()}
        # The regex returns the longest key at a position; the shorter keys there are its prefixes that are keys.
        self.nested = {key: tuple(key[:i] for i in range(len(key) - 1, 0, -1) if key[:i] in entries)
                       for key in entries}
        if trie:
            alternation = _trie_pattern(entries)
        else:
            alternation = "|".join(re.escape(key) for key in sorted(entries, key=lambda k: (-len(k), k)))
        self.pattern = re.compile(f"(?=({alternation}))")

    def match_normalised(self, text: str) -> set[Hit]:
        hits: set[Hit] = set()
        for found in self.pattern.finditer(text):
            start = found.start()
            longest = found.group(1)
            left = text[start - 1] == " "
            for key in (longest, *self.nested[longest]):
                right = text[start + len(key)] == " "
                for kind, label, compound in self.entries[key]:
                    if (left and right) or (compound and (left or right)):
                        hits.add(Hit(kind, label))
        return hits


def rate(posts, step) -> float:
    started = time.perf_counter()
    for post in posts:
        step(post)
    return len(posts) / (time.perf_counter() - started)


def median_rate(posts, step) -> float:
    return statistics.median(rate(posts, step) for _ in range(REPEATS))


def part_one():
    terms = gazetteer(TERMS)
    posts = synthetic_posts(POSTS, terms)
    build = time.perf_counter()
    matcher = Matcher(terms)
    build = time.perf_counter() - build
    started = time.perf_counter()
    trie_regex = AlternationRegex(terms, trie=True)
    trie_build = time.perf_counter() - started
    started = time.perf_counter()
    plain_regex = AlternationRegex(terms, trie=False)
    plain_build = time.perf_counter() - started
    normalised = [normalise(text) for text, _author in posts]
    sample = normalised[:BASELINE_POSTS]
    for index, text in enumerate(normalised):  # same answers, or the comparison means nothing
        ours = matcher.match_normalised(text)
        baselines = [("trie alternation", trie_regex)]
        if index < BASELINE_POSTS:
            baselines.append(("plain alternation", plain_regex))
        for name, baseline in baselines:
            theirs = baseline.match_normalised(text)
            if ours != theirs:
                print(f"BASELINE MISMATCH ({name}) on post {index}: {posts[index][0]!r}\n  ours:     {sorted(ours)}\n"
                      f"  baseline: {sorted(theirs)}", flush=True)
                raise SystemExit(1)
    with_hit = sum(1 for text in normalised if matcher.match_normalised(text))
    print(f"gazetteer + lexicon: {len(terms)} terms ({matcher.size} keys); automaton built in {build * 1000:.0f} ms, "
          f"trie regex in {trie_build * 1000:.0f} ms, plain alternation in {plain_build * 1000:.0f} ms; "
          f"{len(posts):,} synthetic posts ({with_hit / len(posts):.0%} with a hit); identical hit sets: trie regex on "
          f"all posts, plain alternation on the first {len(sample):,}")

    # Matching alone, on normalised text.
    ours_match = median_rate(normalised, matcher.match_normalised)
    trie_match = median_rate(normalised, trie_regex.match_normalised)
    plain_match = median_rate(sample[: max(1, len(sample) // 10)], plain_regex.match_normalised)
    # The other per-post steps alone, and ingest + match.
    normalise_only = median_rate([text for text, _a in posts], normalise)
    hmac_only = median_rate([author for _t, author in posts], lambda author: pseudonymise_author("mastodon", author))

    def ingest(match_normalised):
        def step(post):
            text, author = post
            pseudonymise_author("mastodon", author)
            return match_normalised(normalise(text))
        return step

    ours_ingest = median_rate(posts, ingest(matcher.match_normalised))
    trie_ingest = median_rate(posts, ingest(trie_regex.match_normalised))
    print(f"matching alone (normalised text), Aho-Corasick:   {ours_match:>10,.0f} posts/s")
    print(f"matching alone, one trie-alternation regex:       {trie_match:>10,.0f} posts/s  "
          f"(ratio {ours_match / trie_match:.1f}x)")
    print(f"matching alone, one plain alternation regex:      {plain_match:>10,.0f} posts/s  "
          f"(ratio {ours_match / plain_match:.0f}x; on {max(1, len(sample) // 10):,} posts)")
    print(f"normalisation alone:                              {normalise_only:>10,.0f} posts/s")
    print(f"author pseudonymisation (HMAC-SHA256) alone:      {hmac_only:>10,.0f} posts/s")
    print(f"ingest + match (normalise + HMAC + Aho-Corasick): {ours_ingest:>10,.0f} posts/s  "
          f"target >= {TARGET:,}: {'met' if ours_ingest >= TARGET else 'NOT met'}")
    print(f"ingest + match with the trie regex:               {trie_ingest:>10,.0f} posts/s  "
          f"(ratio {ours_ingest / trie_ingest:.1f}x)")
    print(f"(median of {REPEATS} runs each, one CPU)")
    emit("online: matching alone, 10k terms, posts/s", ours_match, trie_match, unit="posts/s", higher_is_better=True,
         baseline_name="one trie-alternation regex", note=f"hits checked equal on all {len(posts):,} posts")
    emit("online: matching alone vs plain alternation, posts/s", ours_match, plain_match, unit="posts/s",
         higher_is_better=True, baseline_name="one plain alternation regex (longest first)",
         note=f"hits checked equal and timed on the first {len(sample):,} / {max(1, len(sample) // 10):,} posts")
    emit("online: ingest + match (normalise, HMAC, match), posts/s", ours_ingest, trie_ingest, unit="posts/s",
         higher_is_better=True, baseline_name="same steps with the trie regex",
         note=f"target >= {TARGET:,} posts/s: {'met' if ours_ingest >= TARGET else 'NOT met'}")
    emit("online: normalisation alone, posts/s", normalise_only, unit="posts/s", higher_is_better=True,
         note="no baseline (where the time goes)")
    emit("online: author HMAC alone, posts/s", hmac_only, unit="posts/s", higher_is_better=True,
         note="no baseline (where the time goes)")


def part_two():
    from django.utils import timezone

    from veiliglokaal.accounts.models import Membership, User
    from veiliglokaal.accounts.scopes import Role
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry
    from veiliglokaal.monitoring import services
    from veiliglokaal.monitoring.connectors import RawPost
    from veiliglokaal.monitoring.models import Alert, GazetteerEntry

    load_registry()
    ermelo = Municipality.objects.get(code="GM0233")
    user = User.objects.create_user("bench-analist")
    Membership.objects.create(user=user, municipality=ermelo, role=Role.ANALYST)
    tenant = tenant_for(user, ermelo.pk)
    today = timezone.localdate()
    protocol = services.create_protocol(tenant, user, {
        "title": "benchmark", "question": "q", "legal_basis": "Gemeentewet art. 172", "sources": "s",
        "search_terms": "t", "retention_days": 30, "result_roles": [Role.ANALYST],
        "starts_on": today - datetime.timedelta(days=10), "ends_on": today + datetime.timedelta(days=10)})
    services.activate_protocol(tenant, user, protocol)
    monitor = services.create_monitor(tenant, protocol, "benchmark")
    GazetteerEntry.objects.create(municipality=ermelo, kind="landmark", name="gemeentehuis", latitude=52.3,
                                  longitude=5.62)
    now = timezone.now()
    rng = random.Random(5)
    background = [RawPost(external_id=f"bg-{i}", published_at=now - datetime.timedelta(minutes=rng.randint(60, 7 * 1440)),
                          text=rng.choice(["vuurwerk in Horst", "gezellig in Ermelo", "verzamelen bij het gemeentehuis"]),
                          author=f"a{rng.randint(1, 300)}") for i in range(3000)]
    services.ingest(monitor, "upload", "bench", background)
    times, detected = [], []
    for round_number in range(ALERT_ROUNDS):
        hour = (now - datetime.timedelta(hours=2 + round_number * 3)).replace(minute=10, second=0, microsecond=0)
        burst = [RawPost(external_id=f"burst-{round_number}-{i}", published_at=hour + datetime.timedelta(seconds=i),
                         text="Iedereen naar het gemeentehuis, neem vuurwerk mee!", author=f"b{i}") for i in range(12)]
        started = time.perf_counter()
        result = services.ingest(monitor, "upload", "bench", burst)
        times.append(time.perf_counter() - started)
        assert result.alerts and Alert.objects.filter(window_start=hour.replace(minute=0)).exists()
        detected.append(max(a.detected_after_seconds for a in result.alerts))
    emit(f"online: ingest → alert, burst of 12 posts, {connection.vendor}, median ms", statistics.median(times) * 1000,
         unit="ms", note=f"max {max(times) * 1000:.0f} ms over {ALERT_ROUNDS} bursts; no baseline")
    print(f"ingest → alert ({connection.vendor}, 3,000 background posts, bursts of 12): median "
          f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {ALERT_ROUNDS} bursts "
          f"(alert rows record {statistics.median(detected) * 1000:.0f} ms from the posts' ingest to the alert)")


def main():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    part_one()
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(REPO / "var" / "benchmark-online.sqlite3")
        (REPO / "var").mkdir(exist_ok=True)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"bench_online_{connection.settings_dict['NAME']}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        part_two()
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
