"""DOOK data sources: one folder per source type, each registering itself (see base.py for the contract).

Importing this package registers every type; `registry.get(key)` and `registry.all_types()` find them.
"""

from . import bag_csv, bag_geopackage, brp_counts_csv, kvk_csv, kvk_json, woz_csv  # noqa: F401
