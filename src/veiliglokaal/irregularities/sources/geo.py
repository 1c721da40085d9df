"""Which CBS buurt each address lies in: point in polygon against `core.Neighbourhood`, vectorised with NumPy.

For each buurt, only the points inside its bounding box are tested, and each polygon edge is tested against all
those points at once (even-odd ray casting, so holes and multipolygons need no special case). 100,000 addresses
against the 17 Ermelo buurten take well under a second (benchmarks/dook_import.py).
"""

from __future__ import annotations

import numpy as np

from veiliglokaal.core.models import Neighbourhood


def _rings(geometry: dict) -> list[np.ndarray]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return []
    return [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon if len(ring) >= 3]


def points_in_rings(rings: list[np.ndarray], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Even-odd rule over all rings: True where a point lies inside (holes subtract)."""
    inside = np.zeros(lon.shape, dtype=bool)
    for ring in rings:
        x1, y1 = ring[:, 0], ring[:, 1]
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        for ax, ay, bx, by in zip(x1, y1, x2, y2):
            if ay == by:
                continue
            crosses = (ay > lat) != (by > lat)
            x_at = ax + (lat - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (lon < x_at)
    return inside


def neighbourhood_shapes(municipality_id: int) -> list[tuple[str, list[np.ndarray], tuple[float, ...]]]:
    shapes = []
    for code, boundary in Neighbourhood.objects.filter(municipality_id=municipality_id).values_list(
            "code", "boundary"):
        geometry = boundary.get("geometry", boundary) if isinstance(boundary, dict) else None
        rings = _rings(geometry) if geometry else []
        if rings:
            stacked = np.vstack(rings)
            shapes.append((code, rings, (stacked[:, 0].min(), stacked[:, 1].min(),
                                         stacked[:, 0].max(), stacked[:, 1].max())))
    return shapes


def assign_neighbourhoods(municipality_id: int, latitudes, longitudes) -> list[str]:
    """The buurtcode of each point ("" where no buurt is loaded or none contains it)."""
    lat = np.asarray(latitudes, dtype=float)
    lon = np.asarray(longitudes, dtype=float)
    codes = np.full(lat.shape, "", dtype=object)
    for code, rings, (min_x, min_y, max_x, max_y) in neighbourhood_shapes(municipality_id):
        candidates = np.flatnonzero((codes == "") & (lon >= min_x) & (lon <= max_x) & (lat >= min_y) & (lat <= max_y))
        if candidates.size:
            hit = points_in_rings(rings, lon[candidates], lat[candidates])
            codes[candidates[hit]] = code
    return codes.tolist()
