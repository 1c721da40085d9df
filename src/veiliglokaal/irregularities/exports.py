"""CSV download of the sources page: the demo's ground truth (error reports: core.job_views.report_csv)."""

import csv
import io

from veiliglokaal.core.spreadsheets import csv_safe


def to_csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def ground_truth(planted) -> bytes:
    return to_csv(["verblijfsobject_id", "adres", "buurtcode", "soort", "omschrijving", "toelichting", "seed"],
                  ([p.address.bag_id, str(p.address), p.address.neighbourhood_code, p.kind, p.get_kind_display(),
                    p.detail, p.seed] for p in planted))
