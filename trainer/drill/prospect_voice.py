"""The prospect speaks: each line of a drill synthesised (ahead of time where possible) and
played, stoppable when the rep cuts in. Front ends (the plain drill, the app) drive this;
it knows nothing of terminals or Textual.

Every failure is a `SpeechError`: the caller says it in one line and the drill goes on
with the line as text only.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.drill.run import Drill
    from trainer.scenario.models import Scenario
    from trainer.settings import Settings
    from trainer.speech.errors import SpeechError
    from trainer.speech.playback import Playback
    from trainer.speech.voice_out import ProspectVoice, Utterance


@dataclass(slots=True)
class Speaking:
    """A line being played. `finished` is set once it has played out or was stopped."""

    utterance: Utterance
    playback: Playback
    finished: threading.Event
    errors: list[SpeechError] = field(default_factory=list)
    reported: bool = False  # the drill has been told (once: a cut-in and the end race)

    def stop(self) -> None:
        """Stop the line now (the rep cut in); safe from any thread."""
        self.playback.stop()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    @property
    def ended_at(self) -> float:
        """time.monotonic() when the line had played out (or was stopped)."""
        return self.playback.ended_at or time.monotonic()

    @property
    def cut_in_s(self) -> float | None:
        """Seconds of the line left when it was stopped; None when it played out."""
        if not self.playback.stopped_early:
            return None
        return max(0.0, self.utterance.duration_s - self.playback.position_s)

    def report_to(self, drill: Drill) -> None:
        """Tell the drill the line is over: the pause runs from then on. Only the first
        call counts."""
        if not self.reported:
            self.reported = True
            drill.prospect_heard(self.ended_at, self.cut_in_s)


class ProspectSpeaker:
    """The prospect's voice for one drill: lines synthesised on a worker thread (the next
    one while the rep reads or answers), played through the audio output."""

    def __init__(
        self, voice: ProspectVoice, speed: float = 1.0, device: str | int | None = None
    ) -> None:
        self.voice = voice
        self.speed = speed
        self.device = device
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="prospect-voice")
        self._ready: dict[str, Future[Utterance]] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        scenario: Scenario,
        settings: Settings,
        voice: str | Path | None = None,
        device: str | int | None = None,
    ) -> ProspectSpeaker:
        """Find and load the voice (`voice`: --prospect-voice, else the persona's voice when
        it is installed, else the prospect_voice setting, else an installed voice in the
        scenario's language) at the persona's speed. Raises SpeechError; OutputError first,
        with no speakers: the voice takes seconds to load and would wait for nothing."""
        from trainer.speech.errors import SpeechError
        from trainer.speech.playback import output_device
        from trainer.speech.voice_out import ProspectVoice
        from trainer.speech.voices import resolve_voice

        output_device(device)
        persona = scenario.persona
        info = None
        if voice is None and persona.voice:
            try:
                info = resolve_voice(scenario.language, explicit=persona.voice)
            except SpeechError:  # the author's voice is not installed here: use the default
                info = None
        if info is None:
            info = resolve_voice(
                scenario.language, explicit=voice, configured=settings.prospect_voice
            )
        return cls(ProspectVoice.shared(info), speed=persona.voice_speed or 1.0, device=device)

    @property
    def name(self) -> str:
        return self.voice.info.name

    def prepare(self, line: str) -> None:
        """Start synthesising `line` in the background (e.g. while the brief is read)."""
        with self._lock:
            if line not in self._ready:
                self._ready[line] = self._pool.submit(self.voice.synthesise, line, self.speed)

    def prepare_only(self, lines: tuple[str, ...]) -> None:
        """Make `lines` ahead (those that may come next) and forget any others made."""
        with self._lock:
            for line in list(self._ready):
                if line not in lines:
                    self._ready.pop(line).cancel()
        for line in lines:
            self.prepare(line)

    def utterance(self, line: str) -> Utterance:
        """`line` synthesised (waiting for `prepare`'s work if it was started)."""
        self.prepare(line)
        with self._lock:
            future = self._ready[line]
        return future.result()

    def speak(self, line: str) -> Speaking:
        """Start playing `line`; returns at once. Raises SpeechError (no output, no voice)."""
        from trainer.speech.errors import SpeechError
        from trainer.speech.playback import Playback

        utterance = self.utterance(line)
        playback = Playback(Path("prospect.wav"), self.device, audio=utterance.audio)
        speaking = Speaking(utterance, playback, threading.Event())

        def run() -> None:
            try:
                playback.run()
            except SpeechError as exc:
                speaking.errors.append(exc)
            finally:
                speaking.finished.set()

        threading.Thread(target=run, name="prospect-playback", daemon=True).start()
        return speaking

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
