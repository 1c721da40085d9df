"""CSV download of the sources page: the demo's ground truth (error reports: core.job_views.report_csv)."""

from veiliglokaal.core.spreadsheets import csv_response


def ground_truth(planted, filename: str):
    return csv_response(filename,
                        ["verblijfsobject_id", "adres", "buurtcode", "soort", "omschrijving", "toelichting", "seed"],
                        ([p.address.bag_id, str(p.address), p.address.neighbourhood_code, p.kind,
                          p.get_kind_display(), p.detail, p.seed] for p in planted))

