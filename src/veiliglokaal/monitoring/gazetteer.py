"""The gazetteer of a municipality: its own name, CBS buurten (with the hamlets behind "Verspreide huizen …"),
BAG street names (from `irregularities.Address`, with the mean position of their addresses) and configurable
landmarks (town hall, asylum centre, station: added per municipality with coordinates).

CBS wijk names are not in the shipped data (only wijk codes), so wijken are added by hand as kind "wijk" where a
municipality wants them. Seeding is idempotent: it adds what is missing and never re-activates an entry an analyst
switched off.
"""

from __future__ import annotations

from django.db.models import Avg

from veiliglokaal.core.models import Municipality, Neighbourhood

from . import lexicon
from .lexicon import default_terms
from .matching import PATTERN, Term
from .models import GazetteerEntry, PlaceKind, TermKind, TopicTerm

_SCATTERED = "Verspreide huizen "


def neighbourhood_place_name(name: str | None) -> str | None:
    """The name people use: "Verspreide huizen Telgt" → "Telgt"; descriptive CBS names are skipped."""
    if not name:
        return None
    if name.startswith(_SCATTERED):
        name = name[len(_SCATTERED):]
    if name.lower().startswith(("buurt ", "bosgebied", "bedrijventerrein")) or name.lower() in {"bosgebied"}:
        return None
    return name


def _centroid(geometry: dict) -> tuple[float | None, float | None]:
    """Mean of the outer-ring vertices: good enough for a marker on the map."""
    rings = []
    if geometry.get("type") == "Polygon":
        rings = [geometry["coordinates"][0]]
    elif geometry.get("type") == "MultiPolygon":
        rings = [polygon[0] for polygon in geometry["coordinates"]]
    points = [point for ring in rings for point in ring]
    if not points:
        return None, None
    return (sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points))


def _add(municipality_id, kind, name, latitude=None, longitude=None, code="") -> bool:
    _entry, created = GazetteerEntry.objects.get_or_create(
        municipality_id=municipality_id, kind=kind, name=name[:150],
        defaults={"latitude": latitude, "longitude": longitude, "neighbourhood_code": code})
    return created


def seed_places(municipality: Municipality) -> int:
    added = 0
    lat, lon = _centroid(municipality.boundary or {})
    added += _add(municipality.pk, PlaceKind.MUNICIPALITY, municipality.name, lat, lon)
    for buurt in Neighbourhood.objects.filter(municipality=municipality):
        name = neighbourhood_place_name(buurt.name)
        if name and name != municipality.name:
            lat, lon = _centroid(buurt.boundary or {})
            added += _add(municipality.pk, PlaceKind.NEIGHBOURHOOD, name, lat, lon, buurt.code)
    added += seed_streets(municipality)
    return added


def seed_streets(municipality: Municipality) -> int:
    from veiliglokaal.irregularities.models import Address

    streets = (Address.objects.filter(municipality=municipality).values("street")
               .annotate(lat=Avg("latitude"), lon=Avg("longitude")).order_by("street"))
    return sum(_add(municipality.pk, PlaceKind.STREET, row["street"], row["lat"], row["lon"]) for row in streets
               if row["street"])


def seed_lexicon(municipality: Municipality) -> int:
    """Adds the terms of the shipped lexicon the municipality's copy does not have yet (so a new lexicon version
    reaches existing copies); a term the municipality switched off or moved to another topic stays as it is."""
    have = set(TopicTerm.objects.filter(municipality=municipality).values_list("term", flat=True))
    missing = [TopicTerm(municipality=municipality, topic=topic, term=term) for topic, term in default_terms()
               if term not in have]
    TopicTerm.objects.bulk_create(missing)
    return len(missing)


def seed_defaults(municipality: Municipality) -> tuple[int, int]:
    return seed_places(municipality), seed_lexicon(municipality)


def terms_for(municipality_id: int) -> list[Term]:
    places = GazetteerEntry.objects.filter(municipality_id=municipality_id, is_active=True).values_list("name", flat=True)
    topics = list(TopicTerm.objects.filter(municipality_id=municipality_id, is_active=True)
                  .values_list("topic", "term"))
    active_topics = {topic for topic, _term in topics}
    # The shipped clock-time patterns belong to their topic: they match while that topic has an active term.
    patterns = [Term(PATTERN, topic, pattern) for topic, _role, _terms, patterns in lexicon.shipped().categories
                if topic in active_topics for pattern in patterns]
    return ([Term(TermKind.PLACE, name, name) for name in places]
            + [Term(TermKind.TOPIC, topic, term) for topic, term in topics] + patterns)
