"""A one-line progress bar on stderr, cleared before each result line is printed."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


class Progress:
    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.done_count = 0
        self.failed = 0

    def advance(self, ok: bool) -> None:
        self.done_count += 1
        self.failed += not ok
        self.draw()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def done(self) -> None:
        self.clear()

    def draw(self) -> None:
        if not self.enabled:
            return
        filled = WIDTH * self.done_count // self.total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done_count}/{self.total}  failed {self.failed}")
        self.stream.flush()
