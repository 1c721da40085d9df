"""A hexagon grid in RD metres for the DOOK map cells (RD <-> WGS84 itself comes from `core.geo`, pyproj)."""

from __future__ import annotations

import math

import numpy as np

from veiliglokaal.core.geo import rd_to_wgs84

# Pointy-top hexagons, 250 m between opposite sides (circumradius 250 / sqrt(3) ≈ 144.3 m), origin at RD (0, 0).
HEX_WIDTH_M = 250.0
_HEX_R = HEX_WIDTH_M / math.sqrt(3.0)


def hex_cells(x, y, width: float = HEX_WIDTH_M) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates (q, r) of the hexagon containing each RD point (cube rounding, vectorised)."""
    radius = width / math.sqrt(3.0)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    qf = (math.sqrt(3.0) / 3.0 * x - y / 3.0) / radius
    rf = (2.0 / 3.0 * y) / radius
    sf = -qf - rf
    q, r, s = np.round(qf), np.round(rf), np.round(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def hex_centre(q: int, r: int, width: float = HEX_WIDTH_M) -> tuple[float, float]:
    radius = width / math.sqrt(3.0)
    return radius * math.sqrt(3.0) * (q + r / 2.0), radius * 1.5 * r


def hex_code(q: int, r: int, width: float = HEX_WIDTH_M) -> str:
    return f"H{int(width)}_{q}_{r}"


def hex_boundary(q: int, r: int, width: float = HEX_WIDTH_M) -> dict:
    """GeoJSON polygon (WGS84, lon/lat order) of one hexagon."""
    radius = width / math.sqrt(3.0)
    cx, cy = hex_centre(q, r, width)
    angles = [math.radians(60 * i - 30) for i in range(6)]
    xs = [cx + radius * math.cos(a) for a in angles]
    ys = [cy + radius * math.sin(a) for a in angles]
    lat, lon = rd_to_wgs84(xs, ys)
    ring = [[round(float(lo), 6), round(float(la), 6)] for la, lo in zip(lat, lon)]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}
