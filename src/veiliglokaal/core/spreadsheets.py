"""Shared by every export: cells that a spreadsheet would run as a formula are neutralised (CSV/formula injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise spreadsheet formulas (CSV injection): a cell starting with = + - @ is prefixed with '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
