"""The answer box: several lines of typing; enter submits, ctrl+j starts a new line.

It notes the moment of the first keystroke after each prospect line (the rep's pause).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import TextArea

from trainer.safe_text import kept_text
from trainer.tui.keys import bindings


class AnswerBox(TextArea):
    BINDINGS: ClassVar[list[BindingType]] = bindings("answer")

    class Submitted(Message):
        def __init__(self, box: AnswerBox, text: str) -> None:
            super().__init__()
            self.box = box
            self.text = text

    def __init__(self, clock: Callable[[], float], **kwargs: object) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]
        self._clock = clock
        self.first_key_at: float | None = None
        # Enter was pressed: the answer is on its way to the screen (`Submitted`), which
        # sets this back once it has it. Esc meanwhile waits for it (the drill screen).
        self.sending = False
        self.sent_at: float | None = None  # time.monotonic() of the last enter that sent

    def reset(self) -> None:
        """A new prospect line: empty box, pause timing starts again."""
        self.clear()
        self.first_key_at = None

    async def _on_key(self, event: events.Key) -> None:
        if (
            self.first_key_at is None
            and not self.read_only
            and (event.is_printable or event.key in ("backspace", "delete"))
        ):
            self.first_key_at = self._clock()
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        """Pasted text goes in as the log will keep it (`kept_text`): its line breaks as new
        lines (a pasted "\\r" never sends), no control characters, no bidi controls."""
        event.prevent_default()  # instead of TextArea's, which inserts the text as it came
        if self.read_only:
            return
        if self.first_key_at is None:
            self.first_key_at = self._clock()
        if result := self._replace_via_keyboard(kept_text(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    def action_submit(self) -> None:
        # Enter is a priority binding: the app runs it as the key arrives, while keys typed
        # (or pasted without brackets) just before it may still wait in this box's queue.
        # Reading the text after them keeps a burst whole and in order.
        self.sending = True
        self.sent_at = time.monotonic()
        self.call_later(self._submit_now)

    def _submit_now(self) -> None:
        self.post_message(self.Submitted(self, self.text))

    def action_newline(self) -> None:
        if not self.read_only:
            self.call_later(self.insert, "\n")  # in order with the keys before it
