"""A text progress bar for management commands ("long work shows progress")."""


def bar(stdout, label: str, width: int = 30):
    def progress(done: int, total: int) -> None:
        filled = width if not total else int(width * done / total)
        percent = 100 if not total else int(100 * done / total)
        stdout.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({percent}%)", ending="")
        stdout.flush()
    return progress
