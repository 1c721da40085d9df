"""CSV downloads of the sources page: an import's error report and the demo's ground truth."""

from veiliglokaal.core.spreadsheets import csv_response


def error_report(source_import, filename: str):
    return csv_response(filename, ["regel", "kolom", "waarde", "melding"],
                        ([e.get("row") or "", e.get("column", ""), e.get("value", ""), e.get("message", "")]
                         for e in source_import.errors))


def ground_truth(planted, filename: str):
    return csv_response(filename,
                        ["verblijfsobject_id", "adres", "buurtcode", "soort", "omschrijving", "toelichting", "seed"],
                        ([p.address.bag_id, str(p.address), p.address.neighbourhood_code, p.kind,
                          p.get_kind_display(), p.detail, p.seed] for p in planted))

