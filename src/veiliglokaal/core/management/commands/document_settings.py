from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from veiliglokaal.settings.env import DECLARED

HEADER = """# Configuration

Every setting that Veilig Lokaal reads from the environment, generated from `src/veiliglokaal/settings/env.py`
declarations by `manage.py document_settings` (a test fails when this file and the code disagree).

Settings modules: `veiliglokaal.settings.local` (`make run`: demo mode, debug, console e-mail),
`veiliglokaal.settings.test` (the test suite), `veiliglokaal.settings.production` (refuses development
defaults). Choose one with `DJANGO_SETTINGS_MODULE`.

| variable | default | meaning |
|---|---|---|
"""


def render() -> str:
    rows = []
    for var in sorted(DECLARED.values(), key=lambda v: v.name):
        default = "—" if var.default in (None, "") else f"`{var.default}`"
        if var.name in {"DATABASE_URL", "MEDIA_ROOT", "AUDIT_CHECKPOINT_FILE"}:
            default = "a path under `var/` in the checkout"
        rows.append(f"| `{var.name}` | {default} | {var.description} |")
    return HEADER + "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = "Write docs/configuration.md from the declared environment variables."

    def handle(self, *args, **options):
        target = Path(settings.REPO_DIR) / "docs" / "configuration.md"
        target.write_text(render())
        self.stdout.write(f"{target} ({len(DECLARED)} variabelen)")
