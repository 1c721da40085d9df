"""Which CBS buurt each address lies in: point in polygon against `core.Neighbourhood`, through `core.geo` (shapely,
prepared polygons with a bounding-box prefilter; faster than our former NumPy ray casting, see
benchmarks/buurt_assignment.py)."""

from __future__ import annotations

from veiliglokaal.core.geo import assign_to_polygons, polygon_from_geojson
from veiliglokaal.core.models import Neighbourhood


def neighbourhood_shapes(municipality_id: int) -> list[tuple[str, object]]:
    """(buurtcode, prepared shapely polygon in lon/lat) of every buurt of the municipality that has a boundary."""
    shapes = []
    for code, boundary in Neighbourhood.objects.filter(municipality_id=municipality_id).values_list(
            "code", "boundary"):
        polygon = polygon_from_geojson(boundary)
        if polygon is not None:
            shapes.append((code, polygon))
    return shapes


def assign_neighbourhoods(municipality_id: int, latitudes, longitudes) -> list[str]:
    """The buurtcode of each point ("" where no buurt is loaded or none contains it)."""
    return assign_to_polygons(neighbourhood_shapes(municipality_id), longitudes, latitudes).tolist()
