"""Push-to-talk voice capture: start(), live level and partial text, stop() → transcript.

Threads: the audio source's callback only queues raw blocks; one decoder thread converts
them (downmix/resample), records them, feeds the recogniser and calls the callbacks, which
are coalesced (at most one partial per `partial_interval_s`, one level per
`level_interval_s`). Callbacks run on the decoder thread: a Textual app should hand them to
the UI with `app.call_from_thread(...)` or `post_message(...)`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.speech.audio import PcmConverter, level_dbfs, level_fraction
from trainer.speech.errors import SpeechError
from trainer.speech.recogniser import Recogniser
from trainer.speech.recorder import WavWriter
from trainer.speech.sources import AudioSource, MicrophoneSource
from trainer.speech.transcript import Transcript

# Stop on silence (_SilenceWatch): a 50 ms block counts as silent when it is no louder than
# -45 dBFS, or than the room's noise (the quietest block so far) plus 10 dB, whichever is
# higher, and no new word was recognised in it. The count starts only once a word has been
# heard, so waiting for the first word never ends an answer.
SPEECH_DBFS = -45.0
NOISE_MARGIN_DB = 10.0
_END = object()


@dataclass(frozen=True, slots=True)
class CaptureResult:
    transcript: Transcript
    wav_path: Path | None  # the committed recording, or None when not recording
    audio_started_at: float | None  # time.monotonic() of the first audio sample
    peak_dbfs: float

    @property
    def first_word_at(self) -> float | None:
        """time.monotonic() when the first word began: pause = this - end of prospect line."""
        first = self.transcript.first_word_s
        if first is None or self.audio_started_at is None:
            return None
        return self.audio_started_at + first


class VoiceCapture:
    """One spoken answer. Create, `start()`, then `stop()` (or `cancel()`); not reusable."""

    def __init__(
        self,
        recogniser: Recogniser,
        source: AudioSource | None = None,
        *,
        device: str | int | None = None,
        phrases: list[str] | None = None,
        on_partial: Callable[[str], None] | None = None,
        on_level: Callable[[float], None] | None = None,
        on_auto_stop: Callable[[], None] | None = None,
        silence_stop_s: float | None = None,
        record_to: Path | None = None,
        partial_interval_s: float = 0.15,
        level_interval_s: float = 0.05,
    ) -> None:
        self.recogniser = recogniser
        self.source = source
        self.device = device
        self.phrases = phrases
        self.on_partial = on_partial
        self.on_level = on_level
        self.on_auto_stop = on_auto_stop
        self.silence_stop_s = silence_stop_s
        self.record_to = record_to
        self.partial_interval_s = partial_interval_s
        self.level_interval_s = level_interval_s
        self.first_audio = threading.Event()
        self.auto_stopped = threading.Event()  # set when stop-on-silence fired
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._result: CaptureResult | None = None
        self._error: BaseException | None = None
        self._audio_started_at: float | None = None
        self._cancelled = False

    # -- control (any thread) ------------------------------------------------------------

    def start(self) -> None:
        """Open the microphone (or the given source) and begin decoding. Raises SpeechError."""
        if self._thread is not None:
            raise RuntimeError("a VoiceCapture records one answer; make a new one")
        if self.source is None:
            self.source = MicrophoneSource(self.device, self.recogniser.sample_rate)
        converter = PcmConverter(
            self.source.rate, self.source.channels, self.recogniser.sample_rate
        )
        writer = WavWriter(self.record_to, self.recogniser.sample_rate) if self.record_to else None
        self._thread = threading.Thread(
            target=self._decode, args=(converter, writer), name="voice-capture", daemon=True
        )
        self._thread.start()
        try:
            self.source.start(self._on_audio)
        except BaseException:
            self._queue.put(_END)
            self._cancelled = True
            self._thread.join()
            raise

    def wait_for_audio(self, timeout: float = 5.0) -> bool:
        """Block until the first audio arrives (some devices take a second to start)."""
        return self.first_audio.wait(timeout)

    def stop(self) -> CaptureResult:
        """Stop listening and return the final transcript (and the committed recording)."""
        if self._thread is None:
            raise RuntimeError("stop() before start()")
        if self.source is not None:
            self.source.stop()
        self._queue.put(_END)
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, SpeechError):
                raise self._error
            raise SpeechError(
                f"speech recognition failed ({self._error})", "try again, or type your answer"
            ) from self._error
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """Stop without a result; any recording in progress is discarded."""
        self._cancelled = True
        if self._thread is not None:
            if self.source is not None:
                self.source.stop()
            self._queue.put(_END)
            self._thread.join()

    # -- audio thread --------------------------------------------------------------------

    def _on_audio(self, samples: Any) -> None:
        if not self.first_audio.is_set():
            rate = self.source.rate if self.source else 16000
            self._audio_started_at = time.monotonic() - len(samples) / rate
            self.first_audio.set()
        self._queue.put(samples)

    # -- decoder thread ------------------------------------------------------------------

    def _decode(self, converter: PcmConverter, writer: WavWriter | None) -> None:
        try:
            with self.recogniser.session(self.phrases) as decode:
                peak = self._feed_until_end(converter, writer, decode)
                if self._cancelled:
                    decode.finish()
                    if writer:
                        writer.discard()
                    return
                transcript = decode.finish()
            wav_path = writer.commit() if writer else None
            self._result = CaptureResult(transcript, wav_path, self._audio_started_at, peak)
        except BaseException as exc:
            self._error = exc
            if writer:
                writer.discard()

    def _feed_until_end(
        self, converter: PcmConverter, writer: WavWriter | None, decode: Any
    ) -> float:
        rate = self.recogniser.sample_rate
        peak = level_max = -90.0
        last_partial_at = last_level_at = 0.0
        pending_partial: str | None = None
        silence = _SilenceWatch(self.silence_stop_s) if self.silence_stop_s else None
        while True:
            item = self._queue.get()
            last = item is _END
            if last and self._cancelled:
                return peak
            samples = converter.convert(item if not last else _empty(), last=last)
            pcm = samples.tobytes()
            if writer and pcm:
                writer.write(pcm)
            text = decode.accept(pcm) if pcm else None
            if last:
                return peak
            if text is not None:
                pending_partial = text
            dbfs = level_dbfs(samples)
            peak, level_max = max(peak, dbfs), max(level_max, dbfs)
            now = time.monotonic()
            if self.on_level and now - last_level_at >= self.level_interval_s:
                self.on_level(level_fraction(level_max))
                last_level_at, level_max = now, -90.0
            if (
                self.on_partial
                and pending_partial is not None
                and now - last_partial_at >= self.partial_interval_s
            ):
                self.on_partial(pending_partial)
                last_partial_at, pending_partial = now, None
            if (
                silence
                and not self.auto_stopped.is_set()
                and len(samples)
                and silence.ended(dbfs, len(samples) / rate, decode.has_text, text)
            ):
                self.auto_stopped.set()
                if self.on_auto_stop:
                    self.on_auto_stop()


class _SilenceWatch:
    """Stop on silence (the rule by SPEECH_DBFS): counts quiet blocks once a word was heard."""

    def __init__(self, stop_after_s: float) -> None:
        self.stop_after_s = stop_after_s
        self._noise_floor = 0.0
        self._heard_speech = False
        self._silent_s = 0.0

    def ended(self, dbfs: float, block_s: float, has_text: bool, new_text: str | None) -> bool:
        """Take one block's level; True when the answer has ended by itself."""
        self._noise_floor = min(self._noise_floor, dbfs)
        quiet = dbfs <= max(SPEECH_DBFS, self._noise_floor + NOISE_MARGIN_DB)
        self._heard_speech = self._heard_speech or has_text
        self._silent_s = self._silent_s + block_s if quiet and new_text is None else 0.0
        return self._heard_speech and self._silent_s >= self.stop_after_s


def _empty() -> Any:
    import numpy

    return numpy.zeros(0, dtype=numpy.int16)
