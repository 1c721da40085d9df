"""One progress bar for management commands: `bar = cli_progress(self.stdout, "label ")`, then `bar(done, total)`
as often as you like (it redraws one line only when the percentage changes) and `bar.close()` at the end."""

from __future__ import annotations

import sys


class ProgressBar:
    WIDTH = 40

    def __init__(self, stream=None, label: str = ""):
        self.stream = stream or sys.stdout
        self.label = label
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if not total else min(100, done * 100 // total)
        if percent == self.last:
            return
        self.last = percent
        filled = self.WIDTH * percent // 100
        self._write(f"\r{self.label}[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% ({done}/{total})")
        self.stream.flush()

    def close(self) -> None:
        self._write("\n")

    def _write(self, text: str) -> None:
        if hasattr(self.stream, "style_func"):  # a command's OutputWrapper would end every redraw with a newline
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)


def cli_progress(stream=None, label: str = "") -> ProgressBar:
    return ProgressBar(stream, label)
