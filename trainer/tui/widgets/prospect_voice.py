"""The prospect speaks on the drill screen: the voice loads in a worker, each line is said
(synthesised and played in workers) and shown before it plays, or after it with
*listen first*. Push-to-talk while a line plays cuts in: the line stops and the drill
service is told how much of it was left (a delivery note on the answer). When a line has
played out the drill's pause clock restarts from its end (`Drill.prospect_heard`).

No piper, no voice, no speakers, or `speak_prospect = false`: every line is shown at once,
exactly as without this widget. The widget itself is invisible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from trainer.safe_text import display
from trainer.tui.later import LaterMixin

if TYPE_CHECKING:
    from trainer.drill.prospect_voice import ProspectSpeaker, Speaking
    from trainer.drill.run import Drill
    from trainer.scenario.models import Scenario
    from trainer.settings import Settings

HANDS_FREE_SILENCE_S = 1.5  # an answer ends after this much silence in hands-free mode
Show = Callable[[], None]


def hands_free_settings(settings: Settings) -> Settings:
    """The settings the microphone uses: hands-free answers end on silence by themselves."""
    if settings.hands_free and not settings.voice_stop_after_silence:
        return settings._replace(voice_stop_after_silence=HANDS_FREE_SILENCE_S)
    return settings


class ProspectVoice(LaterMixin, Widget):
    DEFAULT_CSS = "ProspectVoice { display: none; }"

    usable: var[bool] = var(False)  # a voice is loaded and has not failed
    speaking: var[bool] = var(False)

    class Played(Message):
        """A line has been said: played out (`cut_in_s` None) or cut short by the rep."""

        def __init__(self, cut_in_s: float | None) -> None:
            super().__init__()
            self.cut_in_s = cut_in_s

    class TextOnly(Message):
        """The speakers failed: the screen says so in its conversation (no toast over the
        answer box or the after-call buttons)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.speaker: ProspectSpeaker | None = None
        self.speaking_now: Speaking | None = None
        self.listen_first = False
        self.loading = False
        self.held = False  # lines wait (hands-free: until the microphone can listen)
        self._waiting: tuple[Drill, str, Show] | None = None  # a line said once loaded

    def configure(self, scenario: Scenario, settings: Settings) -> None:
        if settings.speak_prospect:
            self.listen_first = settings.listen_first
            self.loading = True
            self._load(scenario, settings)

    def present(self, drill: Drill, line: str, show: Show) -> None:
        """Say `line` and `show` it (before it plays, or after with listen first)."""
        self.cut_in(drill)  # a line still playing (e.g. a retry) stops first
        if self.loading or self.held:
            self._waiting = (drill, line, show)
            if self.speaker is not None:  # held: made while the microphone loads
                self.speaker.prepare(line)
        elif self.speaker is None or not self.usable:
            show()
        else:
            if not self.listen_first:
                show()
            self.speaking = True
            self._say(self.speaker, drill, line, show)

    def hold(self) -> None:
        """Keep the next line until `release()` (hands-free: the microphone is loading)."""
        self.held = True

    def release(self) -> None:
        self.held = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.present(*waiting)

    def cut_in(self, drill: Drill) -> bool:
        """The rep starts answering: stop the line now; False if none was playing."""
        speaking, self.speaking_now = self.speaking_now, None
        if speaking is None:
            return False
        speaking.stop()
        speaking.wait(1.0)
        speaking.report_to(drill)
        return True

    # -- workers -------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="prospect-voice")
    def _load(self, scenario: Scenario, settings: Settings) -> None:
        from trainer.drill.prospect_voice import ProspectSpeaker
        from trainer.speech.errors import SpeechError
        from trainer.speech.playback import OutputError

        try:
            speaker = ProspectSpeaker.load(scenario, settings)
        except OutputError as exc:  # no speakers: found before the voice loads, said once
            self.later(self._loaded, None)
            self.later(self._failed, exc.problem, None)
            return
        except SpeechError:
            self.later(self._loaded, None)  # no voice: text, as ever (`speech check` says why)
            return
        self.later(self._loaded, speaker)

    @work(thread=True, exit_on_error=False, group="prospect-voice")
    def _say(self, speaker: ProspectSpeaker, drill: Drill, line: str, show: Show) -> None:
        from trainer.speech.errors import SpeechError

        try:
            speaking = speaker.speak(line)
        except SpeechError as exc:
            self.later(self._failed, exc.problem, show)
            return
        self.later(setattr, self, "speaking_now", speaking)
        speaker.prepare_only(drill.lines_that_may_follow())  # made while the rep answers
        speaking.wait()
        speaking.report_to(drill)  # the pause runs from the end of the line
        self.later(self._played, speaking, show)

    # -- results ---------------------------------------------------------------------------------

    def _loaded(self, speaker: ProspectSpeaker | None) -> None:
        self.loading = False
        self.speaker = speaker
        self.usable = speaker is not None
        if not self.held:
            self.release()
        elif speaker is not None and self._waiting is not None:
            speaker.prepare(self._waiting[1])  # made while the microphone loads

    def _played(self, speaking: Speaking, show: Show) -> None:
        if self.speaking_now is speaking:
            self.speaking_now = None
        self.speaking = False
        if self.listen_first:
            show()
        if speaking.errors:
            self._failed(speaking.errors[0].problem, None)
            return
        self.post_message(self.Played(speaking.cut_in_s))

    def _failed(self, problem: str, show: Show | None) -> None:
        """The speakers failed: the rest of the call is text only, said once."""
        self.usable = False
        self.speaking = False
        if show is not None and self.listen_first:
            show()
        from trainer.tui.app import TrainerApp

        message = display(f"The prospect's lines are text only: {problem}")
        app = self.app
        if not isinstance(app, TrainerApp) or app.first_time(message):  # once a run
            self.post_message(self.TextOnly(message))

    def on_unmount(self) -> None:
        if self.speaking_now is not None:
            self.speaking_now.stop()
        if self.speaker is not None:
            self.speaker.close()
