"""A one-line progress on stderr for work that may run long (the first team report after an
upgrade replays every rep's log): nothing while it is quick; once it has run
`PROGRESS_AFTER_S`, one line, rewritten in place on a terminal and cleared at the end, else
written once."""

from __future__ import annotations

import os
import sys
import threading

PROGRESS_AFTER_S = 1.0  # quicker work shows no progress
_DELAY_ENV = "TRAINER_PROGRESS_AFTER_S"  # tests show it at once (0)


class StderrProgress:
    """`progress(done, total)` for `trainer.practice.team.read_team` and the like; a timer
    shows the line when the work is still running after the delay (even inside one long
    step), `finish()` ends it."""

    def __init__(self, what: str, unit: str) -> None:
        self.what, self.unit = what, unit
        self.done, self.total = 0, 0
        self.terminal = sys.stderr is not None and sys.stderr.isatty()
        self.shown = self.ended = False
        self._lock = threading.Lock()
        try:
            delay = max(0.0, float(os.environ.get(_DELAY_ENV, PROGRESS_AFTER_S)))
        except ValueError:
            delay = PROGRESS_AFTER_S
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
            if self.shown and self.terminal:
                self._write()

    def _show(self) -> None:
        with self._lock:
            if self.ended or sys.stderr is None:
                return
            self.shown = True
            self._write()

    def _write(self) -> None:
        of = f": {self.done} of {self.total} {self.unit}" if self.total else ""
        line = f"{self.what}{of}…"
        sys.stderr.write(f"\r\x1b[K{line}" if self.terminal else f"{line}\n")
        sys.stderr.flush()

    def finish(self) -> None:
        """Stop; clear the line on a terminal (what follows goes to stdout)."""
        self._timer.cancel()
        with self._lock:
            if self.shown and self.terminal and not self.ended:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
            self.ended = True
