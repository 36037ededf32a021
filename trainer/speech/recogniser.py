"""One long-lived, warmed-up Vosk recogniser per model, shared by every answer.

Free-form: creating a fresh KaldiRecognizer per answer decoded about 7x slower in our
measurements (its look-ahead graph caches start cold), so the free-form recogniser lives as
long as the process. Phrase lists: a grammar recogniser costs well under a millisecond to
create and decodes as fast fresh as reused (bench/bench_speech.py), so each spoken answer
gets a fresh one, which carries nothing over from the previous answer by construction.

Reusing a recogniser safely: when an answer's last block ends on a Vosk endpoint,
FinalResult() returns nothing and leaves the feature pipeline alive, and Reset() does not
clear it, so the next answer inherits stale frames and a drifting clock (word times off by
0.02-0.3 s, sometimes an extra word). `DecodeSession.finish` feeds 10 ms of silence after an
endpoint so that FinalResult() always closes the utterance fully. One decode runs at a time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trainer.speech.errors import SpeechError, missing_extra
from trainer.speech.models import ModelInfo
from trainer.speech.transcript import (
    UNKNOWN_WORD,
    Transcript,
    build_transcript,
    words_from_vosk,
)

PhraseKey = tuple[str, ...]


def load_vosk() -> Any:
    """The vosk module, quiet (its log would scribble over the terminal app)."""
    try:
        import vosk
    except (ImportError, OSError) as exc:
        raise missing_extra("vosk", exc) from exc
    vosk.SetLogLevel(-1)
    return vosk


class _Stream:
    """A Vosk recogniser plus the count of samples it has been fed (its clock)."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.samples = 0
        self.at_endpoint = False  # the last block ended an utterance (see the module doc)


class Recogniser:
    """A loaded model with warm recognisers. Use `Recogniser.shared(model)`."""

    _shared: dict[Path, Recogniser] = {}  # noqa: RUF012 - process-wide cache by design
    _shared_lock = threading.Lock()

    def __init__(self, model: ModelInfo, warm_up: bool = True) -> None:
        self.model = model
        self.sample_rate = model.sample_rate
        vosk = load_vosk()
        started = time.perf_counter()
        try:
            self._model = vosk.Model(str(model.path))
        except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
            raise SpeechError(
                f"the speech model in {model.path} could not be loaded ({exc}); "
                "it may be damaged or for another Vosk version",
                "reinstall it with `trainer speech install-model`, or pick another with --model",
            ) from exc
        self.load_s = time.perf_counter() - started
        self._lock = threading.Lock()
        self._free = self._new_stream(None)
        self._vocabulary_cache: dict[str, bool] = {}
        self.warm_up_s = 0.0
        if warm_up:
            self.warm_up()

    @classmethod
    def shared(cls, model: ModelInfo) -> Recogniser:
        """The process-wide recogniser for this model, loaded on first use."""
        key = model.path.resolve()
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(model)
            return cls._shared[key]

    # -- vocabulary and phrase lists -------------------------------------------------

    def knows(self, word: str) -> bool:
        if word not in self._vocabulary_cache:
            self._vocabulary_cache[word] = self._model.vosk_model_find_word(word) >= 0
        return self._vocabulary_cache[word]

    def check_phrases(self, phrases: Sequence[str]) -> tuple[PhraseKey, list[str]]:
        """Phrases cut down to words the model knows, and a warning per unknown word.

        Vosk drops unknown grammar words silently; we say so instead."""
        kept: list[str] = []
        unknown: list[str] = []
        for phrase in phrases:
            words = [w for w in str(phrase).split() if w]
            known = [w for w in words if self.knows(w)]
            unknown += [w for w in words if w not in known and w not in unknown]
            if known:
                kept.append(" ".join(known))
        warnings = [
            f"phrase list: '{w}' is not in the speech model's vocabulary and cannot be heard"
            for w in unknown
        ]
        return tuple(dict.fromkeys(kept)), warnings

    # -- decoding -------------------------------------------------------------------------

    def _new_stream(self, phrases: PhraseKey | None) -> _Stream:
        vosk = load_vosk()
        if phrases is None:
            handle = vosk.KaldiRecognizer(self._model, self.sample_rate)
        else:
            grammar = list(phrases)
            if self.knows(UNKNOWN_WORD):
                grammar.append(UNKNOWN_WORD)  # other speech becomes [unk], not a forced match
            # Always valid JSON built here: malformed grammar JSON can crash the process.
            handle = vosk.KaldiRecognizer(
                self._model, self.sample_rate, json.dumps(grammar, ensure_ascii=False)
            )
        handle.SetWords(True)
        return _Stream(handle)

    def _stream_for(self, phrases: PhraseKey | None) -> _Stream:
        """The warm free-form recogniser, or a fresh one for a phrase list (under 1 ms)."""
        return self._new_stream(phrases) if phrases else self._free

    @contextmanager
    def session(self, phrases: Sequence[str] | None = None) -> Iterator[DecodeSession]:
        """Exclusive use of a warm recogniser for one answer."""
        warnings: list[str] = []
        key: PhraseKey | None = None
        if phrases:
            key, warnings = self.check_phrases(phrases)
            if not key:
                warnings.append("phrase list: no usable words; recognising freely instead")
        with self._lock:
            stream = self._stream_for(key)
            stream.handle.Reset()
            yield DecodeSession(stream, self.sample_rate, tuple(warnings))

    def transcribe_pcm(self, pcm: bytes, phrases: Sequence[str] | None = None) -> Transcript:
        """Transcribe int16 mono PCM at the model's rate."""
        with self.session(phrases) as decode:
            step = self.sample_rate // 5 * 2  # 0.2 s chunks
            for i in range(0, len(pcm), step):
                decode.accept(pcm[i : i + step])
            return decode.finish()

    def warm_up(self, seconds: float = 1.0) -> None:
        """Run silence through the free-form recogniser so the first answer is not slow."""
        started = time.perf_counter()
        self.transcribe_pcm(b"\0\0" * int(self.sample_rate * seconds))
        self.warm_up_s = time.perf_counter() - started


class DecodeSession:
    """Feeds one answer's PCM to a recogniser; gives partial text and the final transcript."""

    def __init__(self, stream: _Stream, sample_rate: int, warnings: tuple[str, ...]) -> None:
        self._stream = stream
        self._rate = sample_rate
        self._offset_s = stream.samples / sample_rate  # Vosk's clock runs across answers
        self._fed = 0
        self._words: list[Any] = []
        self._partial = ""
        self.warnings = warnings

    @property
    def has_text(self) -> bool:
        """Whether any word has been heard yet in this answer."""
        return bool(self._partial)

    @property
    def duration_s(self) -> float:
        return self._fed / self._rate

    def accept(self, pcm: bytes) -> str | None:
        """Feed int16 mono PCM; returns the whole answer's text so far when it changed."""
        if not pcm:
            return None
        handle = self._stream.handle
        self._fed += len(pcm) // 2
        self._stream.samples += len(pcm) // 2
        self._stream.at_endpoint = bool(handle.AcceptWaveform(pcm))
        if self._stream.at_endpoint:
            self._words += words_from_vosk(handle.Result(), -self._offset_s)
            partial = ""
        else:
            partial = json.loads(handle.PartialResult()).get("partial", "")
        text = " ".join(
            [w.word for w in self._words] + [p for p in partial.split() if p != UNKNOWN_WORD]
        )
        if text != self._partial and (text or not self._partial):  # no flicker to blank
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        stream = self._stream
        if stream.at_endpoint:  # make FinalResult() close the utterance (see the module doc)
            pad = self._rate // 100
            if stream.handle.AcceptWaveform(b"\0\0" * pad):
                self._words += words_from_vosk(stream.handle.Result(), -self._offset_s)
            stream.samples += pad
            stream.at_endpoint = False
        words = self._words + words_from_vosk(stream.handle.FinalResult(), -self._offset_s)
        return build_transcript(words, self.duration_s, self.warnings)
