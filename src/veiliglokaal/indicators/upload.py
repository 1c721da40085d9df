"""The statistics upload page: upload, preview (added / changed / kept), confirm.

Statistics are national open data without personal data: one import changes the figures every municipality sees.
So the page needs the scope `indicators.import` (national analyst and functioneel beheerder, ADR 0018), the
import itself only merges (it never erases what the file lacks, a provisional value never replaces a definitive
one), and the provenance (file name, SHA-256, rows) is the table's `DataSource`, listed on /bronnen.

Between preview and confirm the files are kept in private storage (`core.storage.PrivateStorage`, random names,
no public URL); the session holds only their names and the chosen options, and the files are deleted after the
import or when a new upload starts.
"""

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.storage import PrivateStorage, safe_extension

from .forms import StatisticsUploadForm
from .importers import StatisticsImportError
from .services import import_statistics, parse_files, preview_import

SESSION_KEY = "indicators_statistics_upload"
storage = PrivateStorage("statistieken-upload")


def _discard(request):
    pending = request.session.pop(SESSION_KEY, None)
    for name in (pending or {}).get("stored", []):
        storage.delete(name)


def _load(pending) -> list[tuple[str, bytes]]:
    files = []
    for stored, client_name in zip(pending["stored"], pending["names"], strict=True):
        with storage.open(stored, "rb") as handle:
            files.append((client_name, handle.read()))
    return files


def _options(pending) -> dict:
    return {"table_id": pending["table_id"], "publisher": pending["publisher"]}


@scope_required(Scope.INDICATORS_IMPORT)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST" and request.POST.get("stap") == "bevestigen":
        return _confirm(request)
    if request.method == "POST" and request.POST.get("stap") == "annuleren":
        _discard(request)
        messages.info(request, _("De import is geannuleerd; er is niets gewijzigd."))
        return redirect("indicators:upload")
    form = StatisticsUploadForm(request.POST or None, request.FILES or None)
    errors, preview = [], None
    if request.method == "POST" and form.is_valid():
        _discard(request)
        files = [(f.name[:200], f.read()) for f in form.cleaned_data["files"]]
        data = form.cleaned_data
        try:
            parsed = parse_files(
                data["source_format"] or None,
                files,
                table_id=data["table_id"],
                publisher=data["publisher"],
            )
            preview = preview_import(parsed)
        except StatisticsImportError as exc:
            errors = [str(error) for error in exc.errors[:50]]
            if len(exc.errors) > 50:
                errors.append(_("… en nog %(n)s fouten.") % {"n": len(exc.errors) - 50})
        else:
            stored = [
                storage.save(
                    f"{uuid.uuid4().hex}{safe_extension(name)}", ContentFile(content)
                )
                for name, content in files
            ]
            request.session[SESSION_KEY] = {
                "stored": stored,
                "names": [name for name, _content in files],
                "format": parsed.source_format,
                "table_id": parsed.table_id,
                "publisher": data["publisher"],
            }
    return render(
        request,
        "indicators/upload.html",
        {"form": form, "errors": errors, "preview": preview},
    )


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.error(
            request, _("Er staat geen import klaar; upload het bestand opnieuw.")
        )
        return redirect("indicators:upload")
    files = _load(pending)
    try:
        parsed = parse_files(pending["format"], files, **_options(pending))
        content = files[0][1] if len(files) == 1 else files
        file_name = (
            files[0][0]
            if len(files) == 1
            else f"{files[0][0]} (+{len(files) - 1} pagina's)"
        )
        result = import_statistics(parsed, content=content, file_name=file_name)
    except StatisticsImportError as exc:
        _discard(request)
        messages.error(request, exc.report())
        return redirect("indicators:upload")
    _discard(request)
    preview = result.preview
    messages.success(
        request,
        _(
            "Tabel %(table)s geïmporteerd: %(added)s toegevoegd, %(changed)s gewijzigd, %(kept)s gelijk gebleven, "
            "%(untouched)s niet in het bestand en behouden."
        )
        % {
            "table": result.table_id,
            "added": preview.added,
            "changed": preview.changed,
            "kept": preview.kept,
            "untouched": preview.untouched,
        },
    )
    return redirect("indicators:upload")
