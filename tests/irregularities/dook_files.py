"""Real-format fixture files for the DOOK importers, built independently of the code under test.

The GeoPackage is written here with plain sqlite3 and struct, in the table layout of PDOK's bag-light.gpkg
(gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns, and `verblijfsobject` with a POINT `geom` in
EPSG:28992, each geometry a "GP" header with an envelope followed by little-endian WKB).
"""

import csv
import io
import json
import sqlite3
import struct
from contextlib import closing
from pathlib import Path

SAMPLE_HEADER = ("nummeraanduiding_id,objecttype,straatnaam,huisnummer,huisletter,toevoeging,postcode,woonplaats,"
                 "status,datum_begin,lon,lat,rd_x,rd_y")
# Three real rows of the shipped Amsterdam sample, and one ligplaats.
SAMPLE_ROWS = [
    "0363200000039881,Verblijfsobject,Barentszplein,1,,H,1013NJ,Amsterdam,Naamgeving uitgegeven,1005-01-01,"
    "4.8910276,52.3892794,121223.0,489163.0",
    "0363200000039882,Verblijfsobject,Barentszplein,1,,1,1013NJ,Amsterdam,Naamgeving uitgegeven,1005-01-01,"
    "4.8910276,52.3892794,121223.0,489163.0",
    "0363200000039883,Verblijfsobject,Barentszplein,1,,2,1013NJ,Amsterdam,Naamgeving uitgegeven,1005-01-01,"
    "4.8910276,52.3892794,121223.0,489163.0",
]
SAMPLE_LIGPLAATS = ("0363200000500001,Ligplaats,Westerdok,2,,,1013BH,Amsterdam,Naamgeving uitgegeven,2001-01-01,"
                    "4.8921,52.3861,121300.0,488810.0")

# Ermelo (GM0233): RD points inside the real buurten (BU02330000 Ermelo, BU02330003 Veldwijk).
ERMELO_VBO = [
    # identificatie, straat, nr, letter, postcode, gebruiksdoel, oppervlakte, bouwjaar, pand, hoofdadres, x, y
    ("0233010000000001", "Stationsstraat", 1, None, "3851NH", "winkelfunctie,woonfunctie", 120, 1931,
     "0233100000000001", "0233200000000001", 170900.0, 479100.0),
    ("0233010000000002", "Stationsstraat", 3, "A", "3851NH", "woonfunctie", 64, 1965,
     "0233100000000002", "0233200000000002", 170930.0, 479110.0),
    ("0233010000000003", "Telgterweg", 12, None, "3851LB", "industriefunctie", 850, 1998,
     "0233100000000003", "0233200000000003", 169800.0, 479300.0),
]


def gpkg_geometry(x: float, y: float, srs_id: int = 28992, *, envelope: bool = True) -> bytes:
    """GeoPackage binary: 'GP', version 0, flags (little endian, envelope [minx,maxx,miny,maxy]), srs id, WKB."""
    flags = 0b00000011 if envelope else 0b00000001
    header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id)
    if envelope:
        header += struct.pack("<dddd", x, x, y, y)
    return header + struct.pack("<BIdd", 1, 1, x, y)


def make_geopackage(path: Path, rows=ERMELO_VBO, *, srs_id: int = 28992, geometry_type: str = "POINT",
                    drop_columns: tuple[str, ...] = (), geometries: dict | None = None) -> Path:
    columns = ["identificatie", "openbare_ruimte_naam", "huisnummer", "huisletter", "postcode", "gebruiksdoel",
               "oppervlakte", "bouwjaar", "pand_identificatie", "nummeraanduiding_hoofdadres_identificatie"]
    kept = [c for c in columns if c not in drop_columns]
    with closing(sqlite3.connect(path)) as db:
        db.executescript("""
            PRAGMA application_id = 1196444487;
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
              organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
              description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
              identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE,
              max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
              geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
        """)
        db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', ?, 'EPSG', ?, 'x', NULL)",
                   (srs_id, srs_id))
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                   "VALUES ('verblijfsobject', 'features', 'verblijfsobject', ?)", (srs_id,))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('verblijfsobject', 'geom', ?, ?, 0, 0)",
                   (geometry_type, srs_id))
        # The real table has more columns than we read (e.g. rdf_seealso, status, toevoeging, woonplaats_naam).
        db.execute("CREATE TABLE verblijfsobject (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
                   "rdf_seealso TEXT, status TEXT, toevoeging TEXT, woonplaats_naam TEXT, "
                   + ", ".join(f"{c} TEXT" for c in kept) + ")")
        for row in rows:
            values = dict(zip(columns, row[:10]))
            geometry = (geometries or {}).get(row[0], gpkg_geometry(row[10], row[11], srs_id))
            db.execute(f"INSERT INTO verblijfsobject (geom, rdf_seealso, status, woonplaats_naam, {', '.join(kept)}) "
                       f"VALUES (?, ?, 'Verblijfsobject in gebruik', 'Ermelo'{', ?' * len(kept)})",
                       (geometry, f"http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/{row[0]}",
                        *[values[c] for c in kept]))
        db.commit()
    return path


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def sample_csv(path: Path, rows=None, header: str = SAMPLE_HEADER) -> Path:
    return write(path, "\n".join([header, *(SAMPLE_ROWS if rows is None else rows)]) + "\n")


def kvk_profile(number: str, object_id: str = "0233010000000001", sbi: str = "4771", *, visiting: bool = True,
                name: str = "Kroon Kleding") -> dict:
    """A Vestigingsprofiel as the KvK API returns it (field names as documented by KvK)."""
    address = {"type": "bezoekadres" if visiting else "correspondentieadres", "indAfgeschermd": "Nee",
               "volledigAdres": "Stationsstraat 1 3851NH Ermelo", "straatnaam": "Stationsstraat", "huisnummer": 1,
               "postcode": "3851NH", "plaats": "Ermelo", "land": "Nederland",
               "geoData": {"addresseerbaarObjectId": object_id, "nummerAanduidingId": "",
                           "gpsLatitude": 52.30, "gpsLongitude": 5.62, "rijksdriehoekX": 174050.0,
                           "rijksdriehoekY": 476650.0, "rijksdriehoekZ": 0.0}}
    return {"vestigingsnummer": number, "kvkNummer": "12345678", "rsin": "", "indNonMailing": "Nee",
            "formeleRegistratiedatum": "20150301", "materieleRegistratie": {"datumAanvang": "20150301"},
            "eersteHandelsnaam": name, "indHoofdvestiging": "Ja", "indCommercieleVestiging": "Ja",
            "voltijdWerkzaamPersonen": 2, "totaalWerkzamePersonen": 3, "deeltijdWerkzaamPersonen": 1,
            "handelsnamen": [{"naam": name, "volgorde": 0}], "adressen": [address], "websites": [],
            "sbiActiviteiten": [{"sbiCode": "4719", "sbiOmschrijving": "Warenhuizen", "indHoofdactiviteit": "Nee"},
                                {"sbiCode": sbi, "sbiOmschrijving": "Winkels in kleding", "indHoofdactiviteit": "Ja"}],
            "links": [{"rel": "self", "href": f"https://api.kvk.nl/api/v1/vestigingsprofielen/{number}"}]}


def kvk_json(path: Path, profiles) -> Path:
    return write(path, json.dumps(profiles, ensure_ascii=False))


def csv_text(header, rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# Ligplaatsen and standplaatsen of Ermelo (synthetic ids and places, in bag-light's layout: a POLYGON per object,
# no gebruiksdoel, oppervlakte or pand). identificatie, straat, nr, postcode, hoofdadres, ring (RD).
ERMELO_LIGPLAATS = [
    ("0233020000000001", "Haven", 2, "3851AA", "0233200000000101",
     [(170940.0, 479140.0), (170960.0, 479140.0), (170960.0, 479146.0), (170940.0, 479146.0), (170940.0, 479140.0)]),
]
# An L-shaped pitch: its centroid lies outside the polygon, a representative point must not.
ERMELO_STANDPLAATS = [
    ("0233030000000001", "Woonwagenpad", 7, "3851AB", "0233200000000102",
     [(169700.0, 479200.0), (169730.0, 479200.0), (169730.0, 479205.0), (169705.0, 479205.0),
      (169705.0, 479230.0), (169700.0, 479230.0), (169700.0, 479200.0)]),
]


def gpkg_polygon(ring, srs_id: int = 28992) -> bytes:
    """GeoPackage binary of a one-ring POLYGON with an envelope, little-endian WKB (type 3)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    header = b"GP" + bytes([0, 0b00000011]) + struct.pack("<i", srs_id) + struct.pack(
        "<dddd", min(xs), max(xs), min(ys), max(ys))
    return header + struct.pack("<BIII", 1, 3, 1, len(ring)) + b"".join(struct.pack("<dd", x, y) for x, y in ring)


def add_places(path: Path, table: str, rows, *, srs_id: int = 28992, geometry_type: str = "POLYGON",
               geometries: dict | None = None) -> Path:
    """Add bag-light's `ligplaats` or `standplaats` table to a GeoPackage made by `make_geopackage`."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, ?)",
                   (table, table, srs_id))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)", (table, geometry_type, srs_id))
        db.execute(f"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {geometry_type}, "
                   "rdf_seealso TEXT, identificatie TEXT, status TEXT, openbare_ruimte_naam TEXT, huisnummer INTEGER, "
                   "huisletter TEXT, toevoeging TEXT, postcode TEXT, woonplaats_naam TEXT, "
                   "nummeraanduiding_hoofdadres_identificatie TEXT)")
        for identificatie, street, number, postcode, designation, ring in rows:
            geometry = (geometries or {}).get(identificatie, gpkg_polygon(ring, srs_id))
            db.execute(f"INSERT INTO {table} (geom, rdf_seealso, identificatie, status, openbare_ruimte_naam, "
                       "huisnummer, postcode, woonplaats_naam, nummeraanduiding_hoofdadres_identificatie) "
                       "VALUES (?, ?, ?, 'Plaats aangewezen', ?, ?, ?, 'Ermelo', ?)",
                       (geometry, f"http://bag.basisregistraties.overheid.nl/bag/id/{table}/{identificatie}",
                        identificatie, street, number, postcode, designation))
        db.commit()
    return path


def full_geopackage(path: Path) -> Path:
    """verblijfsobject, ligplaats and standplaats: all addressable objects, as in bag-light.gpkg."""
    make_geopackage(path)
    add_places(path, "ligplaats", ERMELO_LIGPLAATS)
    return add_places(path, "standplaats", ERMELO_STANDPLAATS)


# --- Register exports as municipalities deliver them (synthetic values, real layouts) -------------------------
# KvK: the Vestigingsprofiel flattened to one row per vestiging, as a municipality's export from the KvK API or
# its HR-dataservice makes it: the profile's own field names, the visiting address's fields and geoData, the main
# activity, and the other SBI codes as one list.
KVK_EXPORT_HEADER = [
    "vestigingsnummer", "kvkNummer", "rsin", "rechtsvorm", "eersteHandelsnaam", "indHoofdvestiging",
    "indCommercieleVestiging", "formeleRegistratiedatum", "materieleRegistratie.datumAanvang",
    "materieleRegistratie.datumEinde", "voltijdWerkzamePersonen", "totaalWerkzamePersonen", "straatnaam",
    "huisnummer", "huisletter", "huisnummerToevoeging", "postcode", "plaats", "geoData.addresseerbaarObjectId",
    "geoData.nummerAanduidingId", "gpsLatitude", "gpsLongitude", "rijksdriehoekX", "rijksdriehoekY",
    "sbiHoofdActiviteit", "sbiOmschrijving", "sbiActiviteiten",
]
KVK_EXPORT_ROWS = [
    ["000012345601", "12345601", "", "Eenmanszaak", "Kroon Kleding", "Ja", "Ja", "20150301", "20150301", "", "2",
     "3", "Stationsstraat", "1", "", "", "3851NH", "Ermelo", "0233010000000001", "0233200000000001", "52,2996",
     "5,6203", "170900", "479100", "4771", "Winkels in kleding en modeartikelen", "4771, 4719"],
    ["000012345602", "12345602", "850000001", "Besloten Vennootschap", "Café de Kroon B.V.", "Nee", "Ja",
     "20190115", "20190115", "", "4", "6", "Stationsstraat", "3", "A", "", "3851NH", "Ermelo", "0233010000000002",
     "", "52,2997", "5,6207", "170930", "479110", "5630", "Cafés", "5630"],
    # A market trader registered at a woonwagen (standplaats) and a houseboat business at a ligplaats.
    ["000012345603", "12345603", "", "Eenmanszaak", "Markthandel Zoë", "Ja", "Ja", "20100501", "20100501", "", "1",
     "1", "Woonwagenpad", "7", "", "", "3851AB", "Ermelo", "0233030000000001", "", "52,3001", "5,6035", "169702",
     "479215", "4782", "Markthandel in textiel", "4782, 4789"],
    ["000012345604", "12345604", "", "Eenmanszaak", "Botenverhuur Haven", "Ja", "Ja", "20200601", "20200601", "",
     "0", "1", "Haven", "2", "", "", "3851AA", "Ermelo", "0233020000000001", "", "52,2999", "5,6210", "170950",
     "479143", "7721", "Verhuur van sport- en recreatieartikelen", "7721"],
]
# BRP counts per address from the municipality's BRP (persons counted per adresseerbaar object; no persons' data).
BRP_EXPORT_HEADER = ["nummeraanduiding_identificatie", "verblijfsobject_identificatie", "postcode", "huisnummer",
                     "aantal_ingeschreven", "verhuizingen_in", "verhuizingen_uit", "peildatum"]
BRP_EXPORT_ROWS = [
    ["0233200000000001", "0233010000000001", "3851NH", "1", "2", "0", "1", "01-01-2025"],
    ["0233200000000002", "0233010000000002", "3851NH", "3", "5", "2", "0", "01-01-2025"],
    ["0233200000000102", "0233030000000001", "3851AB", "7", "4", "0", "0", "01-01-2025"],  # a woonwagen
    ["0233200000000101", "", "3851AA", "2", "1", "1", "0", "01-01-2025"],  # a woonboot, only its nummeraanduiding
]
# WOZ values from the municipality's WOZ administration: its own object number, the BAG link, the valuation date.
WOZ_EXPORT_HEADER = ["wozobjectnummer", "verblijfsobject_identificatie", "straatnaam", "huisnummer", "huisletter",
                     "postcode", "woonplaats", "gebruikscode", "vastgestelde_waarde", "peildatum"]
WOZ_EXPORT_ROWS = [
    ["023300001001", "0233010000000001", "Stationsstraat", "1", "", "3851NH", "Ermelo", "21", "€ 412.000",
     "01-01-2024"],
    ["023300001002", "0233010000000002", "Stationsstraat", "3", "A", "3851NH", "Ermelo", "11", "€ 268.000",
     "01-01-2024"],
    ["023300001003", "0233020000000001", "Haven", "2", "", "3851AA", "Ermelo", "12", "185000", "2024-01-01"],
    ["023300001004", "0233030000000001", "Woonwagenpad", "7", "", "3851AB", "Ermelo", "13", "€ 95.000,00",
     "01-01-2024"],
]
