"""RD New (EPSG:28992) <-> WGS84 by the published approximation polynomials, and a hexagon grid in RD metres.

The polynomials (Schreutelkamp and Strang van Hees, "Benaderingsformules voor de transformatie tussen RD- en
WGS84-kaartcoördinaten") are accurate to about a metre in the Netherlands, ample for map cells of 250 m.
"""

from __future__ import annotations

import math

import numpy as np

_X0, _Y0, _PHI0, _LAM0 = 155000.0, 463000.0, 52.15517440, 5.38720621

_K = ((0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
      (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033), (1, 1, -0.00012))
_L = ((1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
      (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022), (2, 0, -0.00022),
      (5, 0, 0.00026))
_R = ((0, 1, 190094.945), (1, 1, -11832.228), (2, 1, -114.221), (0, 3, -32.391), (1, 0, -0.705),
      (3, 1, -2.340), (1, 3, -0.608), (0, 2, -0.008), (2, 3, 0.148))
_S = ((1, 0, 309056.544), (0, 2, 3638.893), (2, 0, 73.077), (1, 2, -157.984), (3, 0, 59.788), (0, 1, 0.433),
      (2, 2, -6.439), (1, 1, -0.032), (0, 4, 0.092), (1, 4, -0.054))


def rd_to_wgs84(x, y):
    dx = (np.asarray(x, dtype=np.float64) - _X0) * 1e-5
    dy = (np.asarray(y, dtype=np.float64) - _Y0) * 1e-5
    lat = _PHI0 + sum(k * dx**p * dy**q for p, q, k in _K) / 3600.0
    lon = _LAM0 + sum(k * dx**p * dy**q for p, q, k in _L) / 3600.0
    return lat, lon


def wgs84_to_rd(lat, lon):
    dphi = 0.36 * (np.asarray(lat, dtype=np.float64) - _PHI0)
    dlam = 0.36 * (np.asarray(lon, dtype=np.float64) - _LAM0)
    x = _X0 + sum(r * dphi**p * dlam**q for p, q, r in _R)
    y = _Y0 + sum(s * dphi**p * dlam**q for p, q, s in _S)
    return x, y


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
