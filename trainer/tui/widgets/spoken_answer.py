"""Push-to-talk for the drill screen: checks that voice can work, loads the speech model
once, listens and decodes in workers, and shows the level and the words heard so far.

State is reactive: `usable` (a model and a microphone, or test recordings, are there) and
`state` (what the microphone is doing). The decoded answer reaches the screen as a `Heard`
message; problems as a notification, after which typing works as ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.reactive import var

from trainer.safe_text import display
from trainer.tui.later import LaterMixin
from trainer.tui.widgets.voice_strip import VoiceStrip

if TYPE_CHECKING:
    from trainer.drill.voice import Listening, SpokenTurn, VoiceInput
    from trainer.settings import Settings


class Voice(Enum):
    OFF = "off"  # nothing running
    LOADING = "loading"  # the speech model is loading
    LISTENING = "listening"
    DECODING = "decoding"  # stopped: working out what was said


class SpokenAnswer(LaterMixin, VoiceStrip):
    usable: var[bool] = var(False)
    state: var[Voice] = var(Voice.OFF)

    class Changed(Message):
        """`usable` or `state` changed: the screen's keys may change."""

    class Heard(Message):
        def __init__(self, spoken: SpokenTurn) -> None:
            super().__init__()
            self.spoken = spoken

    class Failed(Message):
        """A problem with the voice: the answer (if any) was lost; the rep may type."""

    class Ended(Message):
        """The answer ended by itself (a silence, or a test recording's end): stop it as
        the talk key would."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.voice_input: VoiceInput | None = None  # loaded on first use, then kept
        self.listening_now: Listening | None = None
        self._language: str | None = None
        self._phrases: list[str] | None = None
        self._settings: Settings | None = None
        self._wavs: list[Path] = []
        self._listen_when_loaded: str | None = None
        self._preload_for: str | None = None  # the rep to load the model for, once usable
        self.settled = False  # the model is loaded, or voice cannot work here
        self.missing: tuple[str, ...] = ()  # what voice answers lack here, in words

    def configure(
        self,
        language: str | None,
        phrases: Sequence[str] | None,
        settings: Settings,
        wavs: Sequence[Path],
    ) -> None:
        self._language, self._phrases = language, list(phrases) if phrases else None
        self._settings, self._wavs = settings, list(wavs)
        self._check()

    def watch_usable(self) -> None:
        self.post_message(self.Changed())
        if self._preload_for is not None:
            self.preload(self._preload_for)

    def watch_state(self, state: Voice) -> None:
        if state is Voice.OFF:
            self.hide()
        elif state is Voice.LOADING:
            self.loading_text("Loading speech model…")
        elif state is Voice.DECODING:
            self.loading_text("Working out what you said…")
        elif self.listening_now is not None:
            self.listening(self.listening_now.capture.silence_stop_s)
        self.post_message(self.Changed())

    # -- what the screen asks ----------------------------------------------------------------

    def lacks(self) -> str:
        """What voice answers need and lack here: "a speech model for en and a microphone"."""
        return " and ".join(self.missing) or (
            "a speech model for this scenario's language and a microphone"
        )

    def preload(self, rep: str) -> None:
        """Load the speech model now (hands-free: while the prospect's first line plays)."""
        self._preload_for = rep
        if self.usable and self.voice_input is None and self.state is Voice.OFF:
            self.state = Voice.LOADING
            self._load(rep, None)

    def start(self, rep: str, name: str) -> None:
        """Listen for an answer recorded as `name` (loading the model the first time)."""
        if self.state is Voice.LOADING:  # asked while preloading: listen once loaded
            self._listen_when_loaded = name
            return
        if self.state is not Voice.OFF:
            return
        if self.voice_input is None:
            self.state = Voice.LOADING
            self._load(rep, name)
        else:
            self._listen(self.voice_input, name)

    def stop(self, asked_at: float) -> bool:
        """Stop listening and decode (the answer comes as `Heard`); False if not listening."""
        listening, self.listening_now = self.listening_now, None
        if listening is None:
            return False
        self.state = Voice.DECODING
        self._decode(listening, asked_at)
        return True

    def cancel(self) -> None:
        listening, self.listening_now = self.listening_now, None
        if listening is not None:
            listening.done.set()  # ends the waiting worker
            listening.cancel()
            self.state = Voice.OFF

    # -- workers -----------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="voice")
    def _check(self) -> None:
        """Cheap checks only (no model load): is there a model and a microphone?"""
        from trainer.speech.api import model_for
        from trainer.speech.errors import SpeechError
        from trainer.speech.models import DEFAULT_RATE
        from trainer.speech.sources import MicrophoneSource

        assert self._settings is not None
        missing: list[str] = []
        rate = DEFAULT_RATE
        try:
            rate = model_for(self._language).sample_rate
        except SpeechError:
            missing.append(f"a speech model for {self._language or 'this language'}")
        # No model, no microphone probe: opening the sound system in a card's first seconds
        # held up a pair call's first line (the tmux pair tests), for nothing to hear with.
        if not self._wavs and not missing:
            try:
                MicrophoneSource(self._settings.input_device, rate)
            except (SpeechError, OSError):
                missing.append("a microphone")
        if missing:
            self.later(self._unusable, tuple(missing))
            return
        self.later(setattr, self, "usable", True)

    @work(thread=True, exit_on_error=False, group="voice")
    def _load(self, rep: str, name: str | None) -> None:
        from trainer.drill.voice import VoiceInput
        from trainer.speech.errors import SpeechError

        try:
            voice = VoiceInput.from_settings(
                self._language,
                rep,
                phrases=self._phrases,
                wav_files=self._wavs,
                settings=self._settings,
            )
        except SpeechError as exc:
            self.later(self._failed, exc.problem, exc.fix)
            return
        self.later(self._loaded, voice, name)

    @work(thread=True, exit_on_error=False, group="voice")
    def _listen(self, voice: VoiceInput, name: str) -> None:
        from trainer.speech.errors import SpeechError

        try:  # the capture's callbacks run on its own thread
            listening = voice.listen(
                name,
                on_partial=partial(self.later, self._partial),
                on_level=partial(self.later, self._level),
            )
        except SpeechError as exc:
            self.later(self._failed, exc.problem, exc.fix)
            return
        self.later(self._started, listening)
        listening.done.wait()  # set by a test recording's end or the capture stopping itself
        self.later(self._done, listening)

    @work(thread=True, exit_on_error=False, group="voice")
    def _decode(self, listening: Listening, asked_at: float) -> None:
        from trainer.speech.errors import SpeechError

        listening.done.set()  # ends the worker waiting in _listen
        try:
            spoken = listening.stop(asked_at)
        except SpeechError as exc:
            self.later(self._failed, exc.problem, exc.fix)
            return
        self.later(self._heard, spoken)

    # -- results -----------------------------------------------------------------------------

    def _unusable(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        self.usable = False
        self.settled = True
        self.post_message(self.Changed())

    def _loaded(self, voice: VoiceInput, name: str | None) -> None:
        self.voice_input = voice
        self.settled = True
        self.state = Voice.OFF
        name, self._listen_when_loaded = name or self._listen_when_loaded, None
        if name is not None:
            self._listen(voice, name)

    def _started(self, listening: Listening) -> None:
        if self.listening_now is not None or self.state is not Voice.OFF:
            listening.done.set()  # already listening, or stopped meanwhile
            listening.cancel()
            return
        self.listening_now = listening
        self.state = Voice.LISTENING

    def _level(self, level: float) -> None:
        if self.listening_now is not None:
            self.set_level(level)

    def _partial(self, text: str) -> None:
        if self.listening_now is not None:
            self.set_partial(text)

    def _done(self, listening: Listening) -> None:
        """A test recording's end or a silence after the answer: stop as the key would."""
        if self.listening_now is listening and (
            listening.file_source is not None or listening.capture.auto_stopped.is_set()
        ):
            self.post_message(self.Ended())

    def _heard(self, spoken: SpokenTurn) -> None:
        self.state = Voice.OFF
        if spoken.answer is None:
            self.notify(
                "Nothing was heard: press ctrl+space and speak, or type your answer.", timeout=5
            )
        self.post_message(self.Heard(spoken))

    def _failed(self, problem: str, fix: str) -> None:
        self.listening_now = None
        self._listen_when_loaded = None
        self.settled = True
        self.state = Voice.OFF
        from trainer.speech.errors import SpeechError

        self.notify(
            display(SpeechError(problem, fix).line),
            title="Voice problem",
            severity="error",
            timeout=15,
            markup=False,
        )
        self.post_message(self.Failed())
