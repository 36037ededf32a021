"""The prospect's voice in the plain drill: load it, say each line, let Enter cut in.

Kept apart from the plain drill loop (commands/drill.py); the speaking itself is the drill
layer's `ProspectSpeaker`, the timing rule the drill service's `prospect_heard`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.commands.drill import _LineReader
    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.drill.run import Drill
    from trainer.settings import Settings


def load_speaker(
    drill: Drill, voice: str | None, say: Callable[[str], None], settings: Settings | None
) -> ProspectSpeaker | None:
    """The prospect's voice for this drill, or None (said in one line) when there is none."""
    from trainer.drill.prospect_voice import ProspectSpeaker
    from trainer.settings import load_settings
    from trainer.speech.errors import SpeechError

    if settings is None:
        settings, _ = load_settings()
    if not settings.speak_prospect and not voice:
        return None
    started = time.perf_counter()
    try:
        speaker = ProspectSpeaker.load(drill.loaded.scenario, settings, voice)
    except SpeechError as exc:
        say(f"The prospect's lines are text only: {exc.problem}\n  fix: {exc.fix}")
        return None
    say(f"Prospect voice {speaker.name} ready in {time.perf_counter() - started:.1f} s.")
    return speaker


class SpokenLines:
    """Says the prospect's lines in the plain drill; Enter during a line cuts in (a
    terminal only: piped answers wait for the line to end)."""

    def __init__(
        self,
        speaker: ProspectSpeaker,
        drill: Drill,
        say: Callable[[str], None],
        listen_first: bool,
        interactive: bool,
    ) -> None:
        self.speaker = speaker
        self.drill = drill
        self.say = say
        self.listen_first = listen_first
        self.interactive = interactive
        self.off = False  # the voice failed once: text only from then on

    def present(self, shown: str, line: str, lines: _LineReader | None) -> str | None:
        """Say `line` (`shown` before it plays, or after with listen-first). Returns what
        the rep entered while it played (they cut in), else None."""
        from trainer.speech.errors import SpeechError

        if not self.listen_first or self.off:
            self.say(shown)
        if self.off:
            self.drill.prospect_heard(time.monotonic())
            return None
        typed: str | None = None
        try:
            speaking = self.speaker.speak(line)
            self.speaker.prepare_only(self.drill.lines_that_may_follow())
        except SpeechError as exc:
            self.off = True
            self.say(f"(the prospect's lines are text only from now: {exc.problem})")
            if self.listen_first:
                self.say(shown)
            self.drill.prospect_heard(time.monotonic())
            return None
        while not speaking.wait(0.05):
            if self.interactive and lines is not None and (got := lines.poll(0)) is not None:
                speaking.stop()
                typed = got
                break
        speaking.wait(2.0)
        for error in speaking.errors:
            self.say(f"(the prospect's voice could not play: {error.problem})")
        speaking.report_to(self.drill)
        if self.listen_first:
            self.say(shown)
        if speaking.cut_in_s is not None:
            self.say(f"(you cut in with {speaking.cut_in_s:.1f} s of the line left)")
        return typed

    def speak_only(self, line: str) -> None:
        """Say `line` to its end without showing it (the call's last words)."""
        from trainer.speech.errors import SpeechError

        if self.off:
            return
        try:
            self.speaker.speak(line).wait(30.0)
        except SpeechError:
            self.off = True
