"""Rows that helpers A (sources) and B (scoring) write in production, created directly for the review tests.

All data here is synthetic (SourceImport.is_synthetic = True). `review_demo_run` builds a small successful
scoring run with signals and area aggregates for a municipality: the test-only stand-in for the real demo data.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools

from django.utils import timezone

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Neighbourhood
from veiliglokaal.irregularities.pipeline.indicators import BY_CODE
from veiliglokaal.irregularities.models import (
    Address, AreaAggregate, AreaKind, RegistrationCount, ScoringRun, Signal, SourceImport, Theme,
)

_counter = itertools.count(1)
_bag_ids = itertools.count(500_000)  # apart from house numbers, so explicit numbers never collide
REFERENCE_DATE = datetime.date(2026, 1, 1)


def source_import(municipality, source_type="bag", **extra) -> SourceImport:
    n = next(_counter)
    name = extra.pop("file_name", f"synthetisch-{source_type}-{n}.csv")
    return SourceImport.objects.create(
        municipality=municipality, source_type=source_type, file_name=name,
        checksum=hashlib.sha256(name.encode()).hexdigest(), reference_date=extra.pop("reference_date", REFERENCE_DATE),
        status=JobStatus.SUCCEEDED, is_synthetic=True, **extra)


def address(municipality, imported: SourceImport, *, street="Synthetische Laan", number=None, buurt="",
            lat=52.30, lon=5.62, floor_area=60, purposes="woonfunctie") -> Address:
    n = number or next(_counter)
    code = municipality.code[2:]
    return Address.objects.create(
        municipality=municipality, bag_id=f"{code}01{next(_bag_ids):010d}", street=street, house_number=n, city="Synthetisch",
        postcode="3851ZZ", neighbourhood_code=buurt, purposes=purposes, floor_area=floor_area,
        construction_year=1975, bag_status="Verblijfsobject in gebruik", rd_x=170000.0, rd_y=475000.0,
        latitude=lat, longitude=lon, source_import=imported)


def run(municipality, *, status=JobStatus.SUCCEEDED, **extra) -> ScoringRun:
    return ScoringRun.objects.create(municipality=municipality, status=status, algorithm_version="test-1",
                                     finished_at=timezone.now(), **extra)


def signal(scoring_run, addr: Address, *, codes=("occupancy",), rank=1, score=3.5, themes=(Theme.HOUSING,),
           brp_import: SourceImport | None = None) -> Signal:
    """A signal with the explanation JSON in the shapes agreed with the pipeline (see the lead's notes)."""
    features = {"m2_per_persoon": {"value": 8.0, "source": brp_import.pk if brp_import else "BRP/BAG",
                                   "reference_date": "2026-01-01"},
                "verhuizingen_12m": {"value": 6, "source": "BRP", "reference_date": "2026-01-01"}}
    return Signal.objects.create(
        municipality=addr.municipality, run=scoring_run, address=addr, themes=list(themes),
        indicators=[{"code": code, "value": 8.0, "threshold": 12.0} for code in codes], anomaly_score=score,
        contributions={"m2_per_persoon": 2.5, "verhuizingen_12m": 1.0, "bouwjaar": -0.2},
        features=features, peer_group="woning 50-75 m²",
        peer_stats={"size": 240, "median": {"m2_per_persoon": 30.0, "verhuizingen_12m": 1},
                    "mad": {"m2_per_persoon": 8.0, "verhuizingen_12m": 1}},
        priority=score, rank=rank)


def aggregate(scoring_run, *, kind=AreaKind.NEIGHBOURHOOD, code, addresses, signals, theme="", indicator="",
              boundary=None) -> AreaAggregate:
    if indicator and not theme:  # as the pipeline writes it: an indicator's layer carries its theme
        theme = BY_CODE[indicator].theme
    return AreaAggregate.objects.create(municipality=scoring_run.municipality, run=scoring_run, area_kind=kind,
                                        area_code=code, theme=theme, indicator=indicator, addresses=addresses,
                                        signals=signals, boundary=boundary)


def hexagon(lat: float, lon: float, size: float = 0.004) -> dict:
    points = [[lon + size * dx, lat + size * dy] for dx, dy in
              [(1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87), (1, 0)]]
    return {"type": "Polygon", "coordinates": [points]}


def review_demo_run(municipality, *, signals=6, street="Synthetische Laan") -> ScoringRun:
    """A successful run with `signals` signals on addresses in the municipality's buurten, and aggregates for the
    buurt and hexagon layers (all themes, and per indicator) as the pipeline writes them."""
    bag = source_import(municipality, "bag")
    brp = source_import(municipality, "brp")
    buurten = list(Neighbourhood.objects.filter(municipality=municipality).values_list("code", flat=True)[:3])
    buurten = buurten or [f"BU{municipality.code[2:]}0000"]
    scoring_run = run(municipality, signals=signals, addresses=signals * 10)
    for i in range(signals):
        codes = ("occupancy",) if i % 2 == 0 else ("occupancy", "many_moves")
        addr = address(municipality, bag, street=street, number=i + 1, buurt=buurten[i % len(buurten)],
                       lat=52.30 + 0.002 * i, lon=5.62 + 0.002 * i)
        RegistrationCount.objects.create(municipality=municipality, address=addr, reference_date=REFERENCE_DATE,
                                         source_import=brp, persons=7, moves_in_12m=4, moves_out_12m=2)
        signal(scoring_run, addr, codes=codes, rank=i + 1, score=5.0 - 0.1 * i, brp_import=brp)
    for position, code in enumerate(buurten):
        count = sum(1 for i in range(signals) if i % len(buurten) == position)
        aggregate(scoring_run, code=code, addresses=100 + position, signals=count)
        aggregate(scoring_run, code=code, addresses=100 + position, signals=count, indicator="occupancy")
        aggregate(scoring_run, code=code, addresses=100 + position, signals=count, theme=Theme.HOUSING)
        both = sum(1 for i in range(signals) if i % len(buurten) == position and i % 2 == 1)
        aggregate(scoring_run, code=code, addresses=100 + position, signals=both, indicator="many_moves")
    for position in range(2):
        aggregate(scoring_run, kind=AreaKind.HEXAGON, code=f"hex-{municipality.code}-{position}", addresses=50, signals=3 + position * 10,
                  boundary=hexagon(52.30 + 0.008 * position, 5.62))
    return scoring_run
