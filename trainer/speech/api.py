"""One-call helpers for other parts (CLI `trainer score --audio`, scripts)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trainer.speech.models import ModelInfo, configured_model, resolve_model
from trainer.speech.transcript import Transcript


def model_for(language: str | None, explicit: str | Path | None = None) -> ModelInfo:
    """resolve_model() with the settings file's vosk_model filled in."""
    return resolve_model(language, explicit=explicit, configured=configured_model())


def transcribe_file(
    path: Path,
    language: str | None = None,
    model: str | Path | ModelInfo | None = None,
    phrases: Sequence[str] | None = None,
) -> Transcript:
    """Transcribe a WAV file (any rate, any channel count). Raises SpeechError."""
    from trainer.speech.audio import PcmConverter, read_wav
    from trainer.speech.recogniser import Recogniser

    audio = read_wav(Path(path))  # check the file before the slow model load
    info = model if isinstance(model, ModelInfo) else model_for(language, model)
    recogniser = Recogniser.shared(info)
    converter = PcmConverter(audio.rate, audio.channels, recogniser.sample_rate)
    pcm = converter.convert(audio.samples, last=True).tobytes()
    return recogniser.transcribe_pcm(pcm, phrases)
