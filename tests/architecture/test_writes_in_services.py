"""Services (and tasks, migrations, the demo and management commands) are the only writers.

Views, the module APIs, selectors, forms and template tags are scanned (AST) for model writes: `.save()`,
`.delete()`, `.create()`, `.bulk_create()`, `.bulk_update()`, `.update_or_create()`, `.get_or_create()` on any
receiver, and `.update()` on a manager or queryset (`X.objects.update`, `....filter(...).update`; a dict's
`.update` is not a write).
"""

import ast
from pathlib import Path

from tests.architecture._modules import ROOT, product_modules

ALWAYS_WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "update_or_create", "get_or_create"}
# Parts of a module that must not write: first path component inside the module.
READERS = ("views", "selectors", "forms", "api", "templatetags")
# "path/inside/src/veiliglokaal.py:call" -> why this write is allowed outside a service. Keep it tiny.
ALLOWED = {
    "api/authentication.py:ApiToken.objects.filter(pk=token.pk).update":
        "authentication bookkeeping: an API key's last use, as Django itself records last_login on log-in",
}


def reader_files() -> list[Path]:
    files = [f for f in (ROOT / "api").rglob("*.py")]
    for module in product_modules():
        files += [f for f in module.rglob("*.py") if f.relative_to(module).parts[0].startswith(READERS)]
    return sorted(files)


def _is_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in ALWAYS_WRITES:
        return True
    receiver = func.value
    return func.attr == "update" and (isinstance(receiver, ast.Call) or
                                      (isinstance(receiver, ast.Attribute) and receiver.attr == "objects"))


def writes_in(path: Path, base: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(base).as_posix()
    return [f"{rel}:{ast.unparse(node.func)}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _is_write(node)]


def test_the_scan_sees_the_reader_files():
    names = {f.relative_to(ROOT).as_posix() for f in reader_files()}
    assert {"incidents/views/incidents.py", "irregularities/selectors/review.py", "online/api/views.py",
            "core/templatetags/vl.py", "api/urls.py"} <= names


def test_the_scan_finds_writes_and_ignores_dict_updates(tmp_path):
    probe = tmp_path / "views.py"
    probe.write_text("x.save()\nA.objects.create()\nA.objects.filter(a=1).update(b=2)\ncontext.update(a=1)\n")
    assert sorted(writes_in(probe, tmp_path)) == ["views.py:A.objects.create", "views.py:A.objects.filter(a=1).update",
                                                  "views.py:x.save"]


def test_views_apis_selectors_forms_and_template_tags_do_not_write():
    found = [w for f in reader_files() for w in writes_in(f) if w not in ALLOWED]
    assert not found, f"model writes outside services (move them into the module's services): {found}"


def test_every_allowed_write_still_exists():
    found = {w for f in reader_files() for w in writes_in(f)}
    assert set(ALLOWED) <= found, sorted(set(ALLOWED) - found)
