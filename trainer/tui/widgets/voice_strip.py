"""The strip under the answer box while speaking: a level bar and the words heard so far."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trainer.tui import render


class VoiceStrip(Static):
    """Hidden unless the model is loading or the rep is speaking."""

    BAR_WIDTH = 12

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.level = 0.0
        self.partial = ""
        self.silence_stop_s: float | None = None

    def on_mount(self) -> None:
        self.display = False

    def loading_text(self, text: str) -> None:
        """A line such as "Loading speech model…" while a worker runs."""
        self.display = True
        self.update(Content.styled(text, "$text-muted"))

    def listening(self, silence_stop_s: float | None = None) -> None:
        """Show the strip; `silence_stop_s`: the answer also ends after that much silence."""
        self.level, self.partial = 0.0, ""
        self.silence_stop_s = silence_stop_s
        self.display = True
        self._draw()

    def set_level(self, level: float) -> None:
        self.level = level
        self._draw()

    def set_partial(self, text: str) -> None:
        self.partial = text
        self._draw()

    def hide(self) -> None:
        self.display = False
        self.update("")

    def _draw(self) -> None:
        auto = (
            f"  · stops after {self.silence_stop_s:g} s of silence" if self.silence_stop_s else ""
        )
        self.update(
            Content.assemble(
                ("● ", "bold $error"),
                render.bar(self.level, self.BAR_WIDTH),
                " ",
                self.partial or Content.styled("listening… ctrl+space to stop", "$text-muted"),
                (auto, "$text-muted"),
            )
        )
