"""The prospect's voice: a Piper voice loaded once and kept warm, turning a line of text
into audio on the CPU (no network), ready for `Playback`.

`ProspectVoice.shared(info)` loads a voice (or reuses it); `synthesise(text)` returns an
`Utterance` (int16 mono audio at the voice's rate). Nothing heavy is imported at module
level: piper and onnxruntime load with the first voice.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from trainer.speech.audio import WavAudio
from trainer.speech.errors import SpeechError
from trainer.speech.voices import VOICE_EXTRA, VoiceInfo

SPEED_RANGE = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class Utterance:
    """A line, synthesised."""

    text: str
    audio: WavAudio
    synth_s: float  # how long the whole line took to make
    first_audio_s: float  # how long until its first sentence was ready

    @property
    def duration_s(self) -> float:
        return self.audio.duration_s


def _piper() -> Any:
    try:
        import piper
    except ImportError as exc:
        raise SpeechError(
            f"the prospect's voice is not available: piper cannot be loaded ({exc})", VOICE_EXTRA
        ) from exc
    return piper


class ProspectVoice:
    """One loaded Piper voice. Thread-safe: synthesis holds the voice's lock."""

    _cache: ClassVar[dict[Path, ProspectVoice]] = {}
    _cache_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, info: VoiceInfo) -> None:
        piper = _piper()
        started = time.perf_counter()
        try:
            self._voice = piper.PiperVoice.load(str(info.path), config_path=str(info.config_path))
        except Exception as exc:  # onnxruntime's errors have no common type
            raise SpeechError(
                f"the voice {info.name} could not be loaded: the file is damaged "
                f"({exc.__class__.__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''})"
                f" ({info.source}: {info.path})",
                "reinstall the voice (`trainer speech install-voice NAME`), or pick another "
                "with --voice",
            ) from exc
        self.load_s = time.perf_counter() - started
        self.info = info
        self.sample_rate = int(getattr(self._voice.config, "sample_rate", info.sample_rate))
        self._lock = threading.Lock()

    @classmethod
    def shared(cls, info: VoiceInfo) -> ProspectVoice:
        """The voice at `info.path`, loaded on first use and then kept."""
        with cls._cache_lock:
            voice = cls._cache.get(info.path)
            if voice is None:
                voice = cls._cache[info.path] = cls(info)
            return voice

    def synthesise(self, text: str, speed: float = 1.0) -> Utterance:
        """`text` as audio; `speed` > 1 talks faster. Raises SpeechError."""
        import numpy as np

        piper = _piper()
        lo, hi = SPEED_RANGE
        config = piper.SynthesisConfig(length_scale=1.0 / min(hi, max(lo, speed)))
        started = time.perf_counter()
        first: float | None = None
        parts: list[Any] = []
        with self._lock:
            try:
                for chunk in self._voice.synthesize(text, syn_config=config):
                    if first is None:
                        first = time.perf_counter() - started
                    parts.append(np.asarray(chunk.audio_int16_array, dtype=np.int16))
            except Exception as exc:
                raise SpeechError(
                    f"the voice {self.info.name} could not say the line "
                    f"({exc.__class__.__name__}: {exc})",
                    "pick another voice with --voice",
                ) from exc
        synth_s = time.perf_counter() - started
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
        audio = WavAudio(samples.reshape(-1, 1), self.sample_rate, 1)
        return Utterance(text, audio, synth_s, first if first is not None else synth_s)


def write_utterance(utterance: Utterance, path: Path) -> Path:
    """Write a synthesised line as a 16-bit mono WAV, atomically."""
    from trainer.speech.recorder import write_wav

    return write_wav(path, utterance.audio.samples.tobytes(), utterance.audio.rate)
