"""Reading a GeoPackage without GDAL: it is SQLite, and each geometry is a small "GP" header followed by WKB."""

from __future__ import annotations

import struct

from django.utils.translation import gettext as _

from ..values import ValueProblem

ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
WKB_POINT = 1


def point(blob: bytes | None) -> tuple[float, float]:
    """x, y of a GeoPackage POINT geometry (2D, Z, M or ZM; ISO or EWKB type codes)."""
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
    wkb = blob[8 + ENVELOPE_BYTES[envelope]:]
    if len(wkb) < 21:
        raise ValueProblem(_("Ongeldige GeoPackage-geometrie (te kort)."))
    order = "<" if wkb[0] == 1 else ">"
    (geometry_type,) = struct.unpack(order + "I", wkb[1:5])
    if (geometry_type & 0x0FFFFFFF) % 1000 != WKB_POINT:
        raise ValueProblem(_("Verwacht een punt (POINT); deze geometrie is van een ander type."))
    x, y = struct.unpack(order + "dd", wkb[5:21])
    return x, y


def encode_point(x: float, y: float, srs_id: int = 28992) -> bytes:
    """A GeoPackage POINT as PDOK writes it (little endian, no envelope): for fixtures and the demo file."""
    header = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id)
    return header + struct.pack("<BIdd", 1, WKB_POINT, x, y)
