"""Benchmark: detection quality of online monitoring (ADR 19) — no database needed.

Part 1, posts. The hand-written SYNTHETIC labelled set `tests/monitoring/fixtures/labelled_posts.jsonl` (65 calls
to gather or to disorder with a place, 155 hard negatives: concerts, sport, markets, news about earlier disorder,
jokes, quotes, other places with the same name, ordinary chatter) goes through the product's matching
(`matching.Matcher`) and call decision, and is scored on place-and-topic precision and recall: a post is predicted
a call when it names a place of the gazetteer and its topics make it one; a true call counts as found only when its
own place is among the hits.
- before: lexicon 2025.1 (`data/lexicon-2025.1.json`), and the rule of the first version: every post with a place
  and any topic counted in a place × topic series;
- after: lexicon 2026.12 with its clock-time patterns and `lexicon.is_call`.
The gazetteer is Ermelo's buurt names plus the landmarks and streets the set uses.
The same is reported for `labelled_posts_holdout.jsonl` (25 calls, 49 hard negatives), written after the 2026.12
lexicon and call rule were frozen and never used to change them: the tuning set's figures are in-sample.

Part 2, alerts. BENCH_SEEDS (default 30) SYNTHETIC 8-week hourly series of one place: 0.3 posts an hour at night,
0.8 in the day, a concert every Thursday 19-22h (≈9 posts an hour), and one real surge on Saturday 20h of the last
week (+3, +10, +20 posts over three hours). Both detectors (`surges.detect`, model "poisson" = the first model,
"weekly" = hour-of-week baseline with over-dispersion) judge weeks 2-8 with the monitor's default thresholds
(min 5 posts, p < 1e-3). Reported: false alarms per series (any alert outside the surge hours), alerts on concert
hours, surges found, and the delay from the first surge hour to the first alert.

Part 3, speed. Posts/s of `Matcher.match` over the labelled texts (repeated to BENCH_POSTS posts) with the 2026.12
lexicon and its patterns, against the same matcher without patterns (the patterns run only for posts with a place).

    .venv/bin/python benchmarks/monitoring_quality.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

from benchmarks._result import emit  # noqa: E402
from veiliglokaal.monitoring import lexicon, surges  # noqa: E402
from veiliglokaal.monitoring.matching import PATTERN, Matcher, Term  # noqa: E402

SEEDS = int(os.environ.get("BENCH_SEEDS", "30"))
POSTS = int(os.environ.get("BENCH_POSTS", "100000"))
LABELLED = REPO / "tests" / "monitoring" / "fixtures" / "labelled_posts.jsonl"
HOLDOUT = REPO / "tests" / "monitoring" / "fixtures" / "labelled_posts_holdout.jsonl"
PLACES = ["Ermelo", "Ermelo-Oost", "Ermelo-West", "Veldwijk-'s Heerenloo", "Tonsel", "Horst", "Telgt",
          "Zuiderzeeland", "Speuld", "Staverden", "Houtdorp", "Leuvenum", "De Beek", "Stationsplein",
          "gemeentehuis", "Stationsstraat"]


def matcher_for(lex: lexicon.Lexicon, patterns: bool) -> Matcher:
    terms = [Term("place", p, p) for p in PLACES] + [Term("topic", t, w) for t, w in lex.terms()]
    if patterns:
        terms += [Term(PATTERN, t, p.pattern) for t, p in lex.patterns()]
    return Matcher(terms)


def score(posts, predict) -> dict:
    tp = fp = fn = 0
    false_by_category: dict[str, int] = {}
    for post in posts:
        places, topics = predict(post["text"])
        positive = bool(places) and topics is not None
        if post["label"] == "call":
            if positive and post["place"] in places:
                tp += 1
            else:
                fn += 1
            if positive and post["place"] not in places:
                fp += 1  # a call found under another place only is a wrong alert
        elif positive:
            fp += 1
            false_by_category[post["category"]] = false_by_category.get(post["category"], 0) + 1
    return {"tp": tp, "fp": fp, "fn": fn, "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0, "false_by_category": false_by_category}


def part_posts(posts, set_name):
    old_lex, new_lex = lexicon.shipped("2025.1"), lexicon.shipped()
    old, new = matcher_for(old_lex, patterns=False), matcher_for(new_lex, patterns=True)

    def before(text):
        hits = old.match(text)
        places = {h.label for h in hits if h.kind == "place"}
        topics = {h.label for h in hits if h.kind == "topic"}
        return places, (topics or None)  # first version: place and any topic

    def after(text):
        hits = new.match(text)
        places = {h.label for h in hits if h.kind == "place"}
        topics = {h.label for h in hits if h.kind == "topic"}
        return places, (topics if lexicon.is_call(topics, new_lex.roles) else None)

    calls = sum(p["label"] == "call" for p in posts)
    print(f"{set_name}: {len(posts)} posts ({calls} calls, {len(posts) - calls} hard negatives), SYNTHETIC")
    results = {}
    for name, predict, version in (("before", before, old_lex.version), ("after", after, new_lex.version)):
        r = score(posts, predict)
        results[name] = r
        print(f"  {name:6} lexicon {version:8} precision {r['precision']:.2f} recall {r['recall']:.2f} "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}); false positives by kind: {r['false_by_category']}")
    for measure in ("precision", "recall"):
        emit(f"monitoring {set_name}: place-and-topic {measure}", results["after"][measure],
             results["before"][measure], unit=measure, higher_is_better=True,
             baseline_name="lexicon 2025.1, place + any topic", note=f"{len(posts)} synthetic posts")
    missed = [p["text"] for p in posts if p["label"] == "call" and not (
        after(p["text"])[1] is not None and p["place"] in after(p["text"])[0])]
    print("  missed calls (after):", *missed, sep="\n    ")
    return results


def series(seed):
    rng = np.random.default_rng(seed)
    hours = np.arange(168 * 8)
    rate = np.where((hours % 24 >= 8) & (hours % 24 < 23), 0.8, 0.3)
    concert = ((hours // 24) % 7 == 3) & (hours % 24 >= 19) & (hours % 24 < 22)
    rate[concert] = 9.0
    counts = rng.poisson(rate).astype(float)
    surge = 168 * 7 + 24 * 5 + 20
    counts[surge - 1:surge + 2] += [3, 10, 20]
    return counts[None, :], concert, surge


def part_alerts():
    print(f"alerts: {SEEDS} synthetic 8-week series, weekly Thursday concert, Saturday surge in week 8")
    out = {}
    for model in ("poisson", "weekly"):
        false_alarms, concert_alarms, found, delays = [], [], 0, []
        for seed in range(SEEDS):
            counts, concert, surge = series(seed)
            hours = {f.hour for f in surges.detect(counts, baseline_hours=168, min_count=5, p_threshold=1e-3,
                                                   first_hour=168, model=model)}
            surge_hours = {surge - 1, surge, surge + 1}
            false_alarms.append(len(hours - surge_hours))
            concert_alarms.append(len({h for h in hours if concert[h]}))
            hit = sorted(hours & surge_hours)
            if hit:
                found += 1
                delays.append(hit[0] - (surge - 1))
        out[model] = (statistics.mean(false_alarms), statistics.mean(concert_alarms), found,
                      statistics.mean(delays) if delays else float("nan"))
        print(f"  {model:8} false alarms per series {out[model][0]:.2f} (on concert hours {out[model][1]:.2f}), "
              f"surge found {found}/{SEEDS}, delay from first surge hour {out[model][3]:.2f} h")
    emit("monitoring alerts: false alarms per 7 judged weeks", out["weekly"][0], out["poisson"][0], unit="alerts",
         baseline_name="Poisson baseline of the previous 168 h", note=f"{SEEDS} synthetic series, weekly concert")
    emit("monitoring alerts: surge detection delay", out["weekly"][3], out["poisson"][3], unit="h",
         baseline_name="Poisson baseline of the previous 168 h",
         note=f"found {out['weekly'][2]}/{SEEDS} vs {out['poisson'][2]}/{SEEDS}")
    return out


def part_speed(posts):
    texts = [p["text"] for p in posts]
    stream = (texts * (POSTS // len(texts) + 1))[:POSTS]
    with_patterns, without = matcher_for(lexicon.shipped(), True), matcher_for(lexicon.shipped(), False)
    for text in texts:  # the same automaton hits; the patterns only add time topics to posts with a place
        a, b = with_patterns.match(text), without.match(text)
        assert b <= a and {h for h in a - b} <= {h for h in a if h.label == "tijdstip"}
    rates = {}
    for name, matcher in (("with patterns", with_patterns), ("without patterns", without)):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            for text in stream:
                matcher.match(text)
            runs.append(len(stream) / (time.perf_counter() - started))
        rates[name] = statistics.median(runs)
        print(f"  match {name:16} {rates[name]:,.0f} posts/s (median of 3, {len(stream)} posts)")
    emit("monitoring match with clock-time patterns", rates["with patterns"], rates["without patterns"],
         unit="posts/s", higher_is_better=True, baseline_name="same matcher without patterns")


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main():
    posts = read(LABELLED)
    part_posts(posts, "labelled set")
    part_posts(read(HOLDOUT), "held-out set")
    part_alerts()
    part_speed(posts)


if __name__ == "__main__":
    main()
