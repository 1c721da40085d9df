"""Statistics importers, one module per source format, one contract (see `base`)."""

from . import paging, police_long, statline_csv, statline_odata3, statline_odata4
from .base import ParsedMeasure, ParsedObservation, ParsedTable, RegionLookup, RowError, StatisticsImportError

FORMATS = {
    "statline-csv": statline_csv.parse,
    "statline-odata3": statline_odata3.parse,
    "statline-odata4": statline_odata4.parse,
    "politie-lang": police_long.parse,
}

__all__ = ["FORMATS", "ParsedMeasure", "ParsedObservation", "ParsedTable", "RegionLookup", "RowError",
           "StatisticsImportError", "paging"]
