"""Bracketed pastes that hold ESC arrive whole and in order.

Textual 8.2's input parser (textual._xterm_parser) ends its paste buffering at any ESC
inside a bracketed paste: what follows that ESC comes as key presses (a pasted "\\r" as
enter, sending the answer early) before the paste itself, which then holds only the text
before the ESC. A terminal's paste holds an ESC when copied text carried colours or other
escape sequences.

`PasteSafeParser` drops each ESC between the paste's start mark (ESC [200~) and its end
mark (ESC [201~) before Textual's parser reads them, as xterm and Alacritty do when they
send a paste; the rest is Textual's own: one `events.Paste` with the text in order. An
answer keeps no control characters anyway (`trainer.safe_text.kept_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

ESC = "\x1b"
START = "\x1b[200~"
END = "\x1b[201~"


class PasteSafeParser(XTermParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False
        self._start_tail = ""  # the end of the last read, if it could begin a start mark
        self._held = ""  # the end of a paste's last read, if it could begin the end mark

    def feed(self, data: str) -> Iterable[Message]:
        return super().feed(self.without_pasted_escapes(data))

    def without_pasted_escapes(self, data: str) -> str:
        """`data` with the ESCs inside a bracketed paste removed (the marks kept). Reads may
        split a mark: a possible end mark is held until the next read; a possible start
        mark passes on at once (a lone ESC is the escape key) and is recognised with the
        next read."""
        text, self._held = self._held + data, ""
        if not data:  # the input has ended: nothing more will complete a mark
            return text
        out: list[str] = []
        at = 0
        if not self._pasting and self._start_tail:
            joined = self._start_tail + text
            if joined.startswith(START):  # a start mark split over two reads
                out.append(text[: len(START) - len(self._start_tail)])
                at = len(START) - len(self._start_tail)
                self._pasting = True
        self._start_tail = ""
        while at < len(text):
            if not self._pasting:
                found = text.find(START, at)
                if found < 0:
                    out.append(text[at:])
                    self._start_tail = _mark_begun(text, START)
                    break
                out.append(text[at : found + len(START)])
                at = found + len(START)
                self._pasting = True
            else:
                found = text.find(END, at)
                if found < 0:
                    self._held = _mark_begun(text[at:], END)
                    out.append(text[at : len(text) - len(self._held)].replace(ESC, ""))
                    break
                out.append(text[at:found].replace(ESC, "") + END)
                at = found + len(END)
                self._pasting = False
        return "".join(out)


def _mark_begun(text: str, mark: str) -> str:
    """The longest end of `text` that `mark` begins with (but not all of `mark`), or ""."""
    for size in range(min(len(mark) - 1, len(text)), 0, -1):
        if mark.startswith(text[-size:]):
            return text[-size:]
    return ""


class PasteSafeDriver(LinuxDriver):
    """Textual's Linux/macOS driver reading its input with `PasteSafeParser`."""

    def run_input_thread(self) -> None:
        # The driver makes its parser from this module's name XTermParser (no other hook).
        linux_driver.XTermParser = PasteSafeParser  # type: ignore[attr-defined]
        super().run_input_thread()
