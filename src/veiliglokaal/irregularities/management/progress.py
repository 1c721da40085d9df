"""A plain progress bar for management commands (no dependency; redraws one line on a terminal)."""

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
        self.stream.write(f"\r{self.label}[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% "
                          f"({done}/{total})")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
