"""Collecting value problems of one row as row errors, and the BAG address row shared by both BAG formats."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veiliglokaal.core.geo import rd_in_netherlands, rd_to_wgs84, wgs84_in_netherlands
from veiliglokaal.irregularities.models import AddressKind

from . import values
from .base import ImportContext, ParsedRow, RowError


class RowCheck:
    """Runs value checks for one row and keeps every problem (not just the first) for the report."""

    def __init__(self, row: int):
        self.row = row
        self.errors: list[RowError] = []
        self.outside_netherlands = False  # set by `coordinates`, for the file-level summary

    def take(self, column: str, check, value, *args, **kwargs):
        try:
            return check(value, *args, **kwargs)
        except values.ValueProblem as problem:
            self.errors.append(RowError(self.row, column, str(problem), "" if value is None else str(value)))
            return None

    def fail(self, column: str, message: str, value="") -> None:
        self.errors.append(RowError(self.row, column, message, "" if value is None else str(value)))


def _about(bag_id: str, message: str) -> str:
    """'BAG-id 0233…: coördinaten …', or the message on its own (capitalised) when the id is not known."""
    if not bag_id:
        return message[:1].upper() + message[1:]
    return _("BAG-id %(id)s: %(message)s") % {"id": bag_id, "message": message}


def coordinates(check: RowCheck, rd_x, rd_y, latitude=None, longitude=None, *, columns=("rd_x", "rd_y"),
                bag_id: str = ""):
    """RD coordinates (required) and WGS84 (given or computed): all inside the Netherlands. A point outside names
    the BAG id (when known), so the object can be looked up; `check.outside_netherlands` feeds the summary."""
    x = check.take(columns[0], values.decimal, rd_x)
    y = check.take(columns[1], values.decimal, rd_y)
    if x is None or y is None:
        return None
    if not rd_in_netherlands(x, y):
        check.outside_netherlands = True
        check.fail(columns[0], _about(bag_id, _(
            "coördinaten buiten Nederland (RD x %(x)s, y %(y)s). Verwacht RD New (EPSG:28992) in meters.")
            % {"x": x, "y": y}), f"{x}, {y}")
        return None
    if latitude is None or longitude is None or latitude == "" or longitude == "":
        lat, lon = rd_to_wgs84(x, y)
    else:
        lat = check.take("lat", values.decimal, latitude)
        lon = check.take("lon", values.decimal, longitude)
        if lat is None or lon is None:
            return None
        if not wgs84_in_netherlands(lat, lon):
            check.outside_netherlands = True
            check.fail("lat", _about(bag_id, _("coördinaten buiten Nederland (breedte %(lat)s, lengte %(lon)s).")
                                     % {"lat": lat, "lon": lon}), f"{lat}, {lon}")
            return None
    return {"rd_x": x, "rd_y": y, "latitude": round(lat, 7), "longitude": round(lon, 7)}


class OutsideNetherlands:
    """Collects the BAG ids of objects whose point lies outside the Netherlands, for one summary of the file:
    often a whole file is in the wrong coordinate system, and the ids say which objects to look up."""

    SHOWN = 10

    def __init__(self):
        self.ids: list[str] = []

    def add(self, bag_id: str) -> None:
        self.ids.append(bag_id or "?")

    def summary(self) -> RowError | None:
        if not self.ids:
            return None
        shown = ", ".join(self.ids[:self.SHOWN])
        more = len(self.ids) - self.SHOWN
        message = ngettext("%(n)s object ligt buiten Nederland: %(ids)s.",
                           "%(n)s objecten liggen buiten Nederland: %(ids)s.", len(self.ids)) % {
            "n": len(self.ids), "ids": shown}
        if more > 0:
            message += " " + _("En nog %(more)s; zie de regels hieronder.") % {"more": more}
        message += " " + _("Staan de coördinaten in het juiste stelsel (RD New, EPSG:28992)?")
        return RowError(0, "", message, shown)


def address_row(row: int, raw: dict, context: ImportContext, *, id_column: str, id_types: tuple[str, ...],
                columns: dict[str, str], outside: OutsideNetherlands | None = None) -> ParsedRow | list[RowError]:
    """Normalise one BAG address. `raw` uses Address field names (and `kind`); `columns` maps them to the file's
    names. Ligplaatsen and standplaatsen have no gebruiksdoel, oppervlakte or bouwjaar."""
    check = RowCheck(row)
    col = columns.get
    bag_id = check.take(id_column, values.bag_id, raw.get("bag_id"), object_types=id_types)
    if bag_id:
        check.take(id_column, values.of_municipality, bag_id, context.municipality_code)
    data = {
        "bag_id": bag_id,
        "kind": raw.get("kind") or AddressKind.VERBLIJFSOBJECT,
        "number_designation_id": check.take(col("number_designation_id", ""), values.bag_id,
                                            raw.get("number_designation_id"), object_types=("20",), required=False),
        "building_id": check.take(col("building_id", ""), values.bag_id, raw.get("building_id"),
                                  object_types=("10",), required=False),
        "street": check.take(col("street", ""), values.text, raw.get("street"), 80, required=True),
        "house_number": check.take(col("house_number", ""), values.integer, raw.get("house_number"), required=True,
                                   minimum=1, maximum=99999),
        "house_letter": check.take(col("house_letter", ""), values.text, raw.get("house_letter"), 1),
        "addition": check.take(col("addition", ""), values.text, raw.get("addition"), 4),
        "postcode": check.take(col("postcode", ""), values.postcode, raw.get("postcode")),
        "city": check.take(col("city", ""), values.text, raw.get("city"), 80, required=True),
        "purposes": check.take(col("purposes", ""), values.purposes, raw.get("purposes")),
        "floor_area": check.take(col("floor_area", ""), values.integer, raw.get("floor_area"), minimum=1,
                                 maximum=999999),
        "construction_year": check.take(col("construction_year", ""), values.integer, raw.get("construction_year"),
                                        minimum=1000, maximum=2100),
        "bag_status": check.take(col("bag_status", ""), values.text, raw.get("bag_status"), 60),
    }
    place = coordinates(check, raw.get("rd_x"), raw.get("rd_y"), raw.get("latitude"), raw.get("longitude"),
                        columns=(col("rd_x", "rd_x"), col("rd_y", "rd_y")), bag_id=bag_id or "")
    if check.outside_netherlands and outside is not None:
        outside.add(bag_id or str(raw.get("bag_id") or ""))
    if check.errors or place is None:
        return check.errors
    data.update(place)
    return ParsedRow(row, data)
