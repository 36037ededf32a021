"""Offline speech: audio sources, the Vosk recogniser, recordings and model management.

Nothing heavy is imported here: vosk, sounddevice, numpy and soxr load inside the functions
that need them, so the core and `trainer --help` stay fast without the speech extra.

The API other parts use:
- `resolve_model(language, explicit=None)` → ModelInfo (`trainer.speech.models`)
- `Recogniser.shared(model)` → one warmed-up recogniser per model (`trainer.speech.recogniser`)
- `transcribe_file(path, language=…)` → Transcript (`trainer.speech.api`)
- `VoiceCapture` push-to-talk with live level and partial text (`trainer.speech.capture`)
- `Transcript.answer(pause_s)` → the scorer's `Answer` (`trainer.speech.transcript`)
Every failure is a `SpeechError` whose text says what to do.
"""

from __future__ import annotations

from trainer.speech.errors import SpeechError

__all__ = ["SpeechError"]
