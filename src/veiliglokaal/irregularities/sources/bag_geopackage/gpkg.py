"""Reading a GeoPackage without GDAL: it is SQLite, and each geometry is a small "GP" header followed by WKB."""

from __future__ import annotations

import struct

from django.utils.translation import gettext as _

from ..values import ValueProblem

ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
WKB_POINT = 1


def _wkb(blob: bytes | None) -> bytes:
    """The WKB after a GeoPackage geometry header (checked: magic, empty flag, envelope size)."""
    if not blob:
        raise ValueProblem(_("De geometrie ontbreekt."))
    blob = bytes(blob)
    if blob[:2] != b"GP" or len(blob) < 8:
        raise ValueProblem(_("Geen GeoPackage-geometrie (de kop 'GP' ontbreekt)."))
    flags = blob[3]
    if flags & 0b10000:
        raise ValueProblem(_("De geometrie is leeg."))
    envelope = (flags >> 1) & 0b111
    if envelope not in ENVELOPE_BYTES:
        raise ValueProblem(_("Ongeldige GeoPackage-geometrie (onbekende envelop)."))
    return blob[8 + ENVELOPE_BYTES[envelope]:]


def point(blob: bytes | None) -> tuple[float, float]:
    """x, y of a GeoPackage POINT geometry (2D, Z, M or ZM; ISO or EWKB type codes)."""
    wkb = _wkb(blob)
    if len(wkb) < 21:
        raise ValueProblem(_("Ongeldige GeoPackage-geometrie (te kort)."))
    order = "<" if wkb[0] == 1 else ">"
    (geometry_type,) = struct.unpack(order + "I", wkb[1:5])
    if (geometry_type & 0x0FFFFFFF) % 1000 != WKB_POINT:
        raise ValueProblem(_("Verwacht een punt (POINT); deze geometrie is van een ander type."))
    x, y = struct.unpack(order + "dd", wkb[5:21])
    return x, y


def representative_point(blob: bytes | None) -> tuple[float, float]:
    """x, y of a point of the geometry: the point itself, or for a (multi)polygon such as a ligplaats or
    standplaats a point guaranteed to lie inside it (shapely's `point_on_surface`; a centroid may fall outside
    an L-shaped mooring)."""
    wkb = _wkb(blob)
    if len(wkb) >= 5:
        order = "<" if wkb[0] == 1 else ">"
        (geometry_type,) = struct.unpack(order + "I", wkb[1:5])
        if (geometry_type & 0x0FFFFFFF) % 1000 == WKB_POINT:
            return point(blob)
    import shapely

    try:
        geometry = shapely.from_wkb(wkb)
    except Exception:  # shapely raises GEOSException for broken WKB
        raise ValueProblem(_("Ongeldige GeoPackage-geometrie (de WKB is niet leesbaar).")) from None
    if geometry is None or geometry.is_empty:
        raise ValueProblem(_("De geometrie is leeg."))
    if geometry.geom_type not in ("Polygon", "MultiPolygon", "MultiPoint"):
        raise ValueProblem(_("Verwacht een vlak (POLYGON) of punt; gevonden: %(t)s.") % {"t": geometry.geom_type})
    inside = geometry.point_on_surface()
    return inside.x, inside.y


def encode_point(x: float, y: float, srs_id: int = 28992) -> bytes:
    """A GeoPackage POINT as PDOK writes it (little endian, no envelope): for fixtures and the demo file."""
    header = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id)
    return header + struct.pack("<BIdd", 1, WKB_POINT, x, y)


def encode_polygon(rings: list[list[tuple[float, float]]], srs_id: int = 28992) -> bytes:
    """A GeoPackage POLYGON (little endian, no envelope), as bag-light holds ligplaatsen and standplaatsen."""
    header = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id)
    body = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        body += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", x, y) for x, y in ring)
    return header + body


SQLITE_MAGIC = b"SQLite format 3\x00"


def file_state(path: str) -> str:
    """'sqlite', 'not_sqlite' (another kind of file) or 'truncated' (an SQLite header that promises more pages
    than the file holds: a download that stopped early)."""
    with open(path, "rb") as handle:
        header = handle.read(100)
        handle.seek(0, 2)
        size = handle.tell()
    if not header or not (header.startswith(SQLITE_MAGIC) or SQLITE_MAGIC.startswith(header)):
        return "not_sqlite"
    if len(header) < 100:  # cut off inside the 100-byte header itself
        return "truncated"
    declared = declared_size(path)
    # The header's page count is only valid when its "version-valid-for" equals the change counter (SQLite docs).
    if declared is not None and header[24:28] == header[92:96] and size < declared:
        return "truncated"
    return "sqlite"


def declared_size(path: str) -> int | None:
    """What the SQLite header says the database holds (page count × page size); None when it is no SQLite file."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    return page_size * page_count


VERBLIJFSOBJECT_COLUMNS = (
    ("identificatie", "TEXT"), ("oppervlakte", "INTEGER"), ("status", "TEXT"), ("gebruiksdoel", "TEXT"),
    ("openbare_ruimte_naam", "TEXT"), ("huisnummer", "INTEGER"), ("huisletter", "TEXT"), ("toevoeging", "TEXT"),
    ("postcode", "TEXT"), ("woonplaats_naam", "TEXT"), ("bouwjaar", "INTEGER"), ("pand_identificatie", "TEXT"),
    ("nummeraanduiding_hoofdadres_identificatie", "TEXT"),
)


def write_verblijfsobjecten(path: str, rows: list[dict]) -> None:
    """Write a GeoPackage with PDOK's bag-light layout for `verblijfsobject` (used by the demo).

    Each row has the column names above plus `x`, `y` (RD). Only the tables a reader needs are created:
    gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns and the feature table itself.
    """
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA application_id = 1196444487")  # 'GPKG'
        db.execute("PRAGMA user_version = 10300")
        db.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, "
                   "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, "
                   "description TEXT)")
        db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, "
                   "'PROJCS[\"Amersfoort / RD New\"]', NULL)")
        db.execute("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
                   "identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, "
                   "min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)")
        db.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                   "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, "
                   "m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name))")
        columns = ", ".join(f"{name} {kind}" for name, kind in VERBLIJFSOBJECT_COLUMNS)
        db.execute(f"CREATE TABLE verblijfsobject (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, {columns})")
        xs, ys = [r["x"] for r in rows] or [0], [r["y"] for r in rows] or [0]
        db.execute("INSERT INTO gpkg_contents VALUES ('verblijfsobject', 'features', 'verblijfsobject', '', "
                   "strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, 28992)", (min(xs), min(ys), max(xs), max(ys)))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('verblijfsobject', 'geom', 'POINT', 28992, 0, 0)")
        names = [name for name, _kind in VERBLIJFSOBJECT_COLUMNS]
        db.executemany(
            f"INSERT INTO verblijfsobject (geom, {', '.join(names)}) VALUES (?{', ?' * len(names)})",
            [(encode_point(r["x"], r["y"]), *[r.get(name) for name in names]) for r in rows])
        db.commit()
