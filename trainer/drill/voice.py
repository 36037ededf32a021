"""Spoken answers for a drill: the model loaded once, one push-to-talk capture per answer.

The plain drill (`trainer drill --plain --voice`) drives this; it knows nothing of terminals.
Every failure is a `SpeechError` (problem + fix); the caller falls back to typed answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.scoring.answer import Answer

if TYPE_CHECKING:
    from trainer.settings import Settings
    from trainer.speech.capture import VoiceCapture
    from trainer.speech.recogniser import Recogniser
    from trainer.speech.sources import WavFileSource
    from trainer.speech.transcript import Transcript


@dataclass(frozen=True, slots=True)
class SpokenTurn:
    """One spoken answer, ready for the scorer (or `answer` None when nothing was heard)."""

    transcript: Transcript
    answer: Answer | None
    wav_path: Path | None
    stop_asked_at: float  # time.monotonic() when the rep stopped (or silence/file end did)
    transcript_at: float  # time.monotonic() when the final transcript was ready


@dataclass(slots=True)
class Listening:
    """A capture in progress. `done` is set when it should stop by itself (silence, or
    the end of a test recording); otherwise the caller stops it on the rep's key."""

    capture: VoiceCapture
    done: threading.Event
    file_source: WavFileSource | None

    def stop(self, asked_at: float) -> SpokenTurn:
        """Stop and decode; `asked_at` is when the prospect's line was shown (for the pause)."""
        stop_asked_at = time.monotonic()
        result = self.capture.stop()
        transcript_at = time.monotonic()
        transcript = result.transcript
        if not transcript.words:
            if result.wav_path is not None:  # nothing said: keep no empty recording
                result.wav_path.unlink(missing_ok=True)
            return SpokenTurn(transcript, None, None, stop_asked_at, transcript_at)
        pause = None
        if result.first_word_at is not None:
            pause = round(max(0.0, result.first_word_at - asked_at), 3)
        return SpokenTurn(
            transcript,
            transcript.answer(pause_s=pause),
            result.wav_path,
            stop_asked_at,
            transcript_at,
        )

    def cancel(self) -> None:
        self.capture.cancel()


@dataclass(slots=True)
class VoiceInput:
    """Spoken answers for one drill. Build it with `VoiceInput.load(...)`."""

    recogniser: Recogniser
    phrases: list[str] | None = None
    device: str | int | None = None
    silence_stop_s: float | None = None
    wav_files: Sequence[Path] = ()  # test recordings played instead of the microphone
    record_dir: Callable[[str], Path] | None = None  # name → WAV path; None: keep no WAVs
    _turns: int = field(default=0, init=False)

    @classmethod
    def load(
        cls,
        language: str | None,
        model: str | Path | None = None,
        *,
        phrases: Sequence[str] | None = None,
        device: str | int | None = None,
        silence_stop_s: float | None = None,
        wav_files: Sequence[Path] = (),
        record_dir: Callable[[str], Path] | None = None,
    ) -> VoiceInput:
        """Load (or reuse) the shared recogniser and check the microphone. Raises SpeechError."""
        from trainer.speech.api import model_for
        from trainer.speech.recogniser import Recogniser
        from trainer.speech.sources import MicrophoneSource, WavFileSource

        if wav_files:
            for path in wav_files:
                WavFileSource(Path(path))  # a bad test file fails now, not mid-drill
        info = model_for(language, model)
        if not wav_files:  # no PortAudio, no microphone: say so before the slow model load
            MicrophoneSource(device, info.sample_rate)
        recogniser = Recogniser.shared(info)
        return cls(
            recogniser,
            list(phrases) if phrases else None,
            device,
            silence_stop_s,
            list(wav_files),
            record_dir,
        )

    @classmethod
    def from_settings(
        cls,
        language: str | None,
        rep: str,
        *,
        phrases: Sequence[str] | None = None,
        model: str | Path | None = None,
        device: str | int | None = None,
        silence_stop_s: float | None = None,
        wav_files: Sequence[Path] = (),
        settings: Settings | None = None,
    ) -> VoiceInput:
        """`load` with the voice settings for what is not given: the microphone
        (`input_device`), stop on silence (`voice_stop_after_silence`; 0 turns it off) and
        keeping `rep`'s recordings (`record_audio`). `settings`: already loaded ones, else
        they are read now. Raises SpeechError."""
        from trainer.settings import load_settings
        from trainer.speech.recorder import recording_path

        if settings is None:
            settings, _ = load_settings()
        if silence_stop_s is None:
            silence_stop_s = settings.voice_stop_after_silence
        return cls.load(
            language,
            model,
            phrases=phrases,
            device=device if device is not None else settings.input_device,
            silence_stop_s=silence_stop_s or None,
            wav_files=wav_files,
            record_dir=(lambda name: recording_path(rep, name)) if settings.record_audio else None,
        )

    @property
    def model_name(self) -> str:
        return self.recogniser.model.name

    def listen(
        self,
        name: str,
        on_partial: Callable[[str], None] | None = None,
        on_level: Callable[[float], None] | None = None,
        partial_interval_s: float = 0.15,
    ) -> Listening:
        """Start capturing an answer recorded as `name`. Raises SpeechError."""
        from trainer.speech.capture import VoiceCapture
        from trainer.speech.sources import WavFileSource

        done = threading.Event()
        source: WavFileSource | None = None
        if self.wav_files:
            path = self.wav_files[min(self._turns, len(self.wav_files) - 1)]
            source = WavFileSource(Path(path), realtime=True)
        self._turns += 1
        capture = VoiceCapture(
            self.recogniser,
            source,
            device=self.device,
            phrases=self.phrases,
            on_partial=on_partial,
            on_level=on_level,
            on_auto_stop=done.set,
            silence_stop_s=self.silence_stop_s,
            record_to=self.record_dir(name) if self.record_dir else None,
            partial_interval_s=partial_interval_s,
        )
        if source is not None:
            finished = source.finished

            def watch() -> None:  # a test recording ends the answer when it has played
                finished.wait()
                done.set()

            threading.Thread(target=watch, name="wav-end", daemon=True).start()
        capture.start()
        return Listening(capture, done, source)
