"""Synthetic addresses on real geography: points inside the real CBS buurten of a municipality, grouped into
streets. Coordinates are drawn in RD (the BAG's system) and kept only where they fall inside the buurt."""

from __future__ import annotations

import numpy as np
import shapely

from veiliglokaal.core.geo import rd_to_wgs84
from veiliglokaal.core.models import Neighbourhood
from veiliglokaal.irregularities.sources.geo import neighbourhood_shapes

GRID_STEP = 250.0  # metres: the coarse grid that finds each buurt's extent in RD


def _rd_box_of(polygon, search_box) -> tuple[float, float, float, float] | None:
    (x0, y0, x1, y1) = search_box
    xs, ys = np.meshgrid(np.arange(x0, x1, GRID_STEP), np.arange(y0, y1, GRID_STEP))
    lat, lon = rd_to_wgs84(xs.ravel(), ys.ravel())
    inside = shapely.contains_xy(polygon, lon, lat)
    if not inside.any():
        return None
    px, py = xs.ravel()[inside], ys.ravel()[inside]
    return px.min() - GRID_STEP, py.min() - GRID_STEP, px.max() + GRID_STEP, py.max() + GRID_STEP


def points_in_neighbourhood(rng: np.random.Generator, polygon, box, count: int) -> np.ndarray:
    """`count` RD points (x, y) uniformly inside the buurt, by rejection sampling in its RD box."""
    found = np.empty((0, 2))
    for _attempt in range(200):
        x = rng.uniform(box[0], box[2], count * 4)
        y = rng.uniform(box[1], box[3], count * 4)
        lat, lon = rd_to_wgs84(x, y)
        keep = shapely.contains_xy(polygon, lon, lat)
        found = np.vstack([found, np.column_stack([x[keep], y[keep]])])
        if len(found) >= count:
            return np.round(found[:count], 1)
    return np.round(found, 1)


def neighbourhood_boxes(municipality_id: int, search_box) -> list[tuple[str, str, list, tuple]]:
    """(code, name, polygon in lon/lat, RD box) of every buurt that has land inside `search_box`."""
    names = dict(Neighbourhood.objects.filter(municipality_id=municipality_id).values_list("code", "name"))
    result = []
    for code, polygon in neighbourhood_shapes(municipality_id):
        box = _rd_box_of(polygon, search_box)
        if box is not None:
            result.append((code, names.get(code, code), polygon, box))
    return result


def streets_of(points: np.ndarray, rng: np.random.Generator, min_size: int = 12, max_size: int = 40) -> list[np.ndarray]:
    """Group points into streets: sort along bands of ~120 m and cut the sequence into runs."""
    order = np.lexsort((points[:, 0], np.floor(points[:, 1] / 120.0)))
    groups, start = [], 0
    while start < len(order):
        size = int(rng.integers(min_size, max_size + 1))
        groups.append(order[start:start + size])
        start += size
    return groups
