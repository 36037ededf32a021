"""Playing back recorded answers: a WAV file through sounddevice, stoppable at any time.

`Playback(path)` reads the file and opens the output device (or raises a `SpeechError`
naming the problem and its fix); `run()` plays it to the end or until `stop()` is called
from any thread. The audio is fed to a PortAudio output stream in blocks from its callback,
resampled with soxr first when the device refuses the file's sample rate.

Nothing heavy is imported at module level: numpy, soxr and sounddevice load when a recording
is actually played.
"""

from __future__ import annotations

import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.speech.errors import SpeechError, missing_extra

if TYPE_CHECKING:
    from trainer.speech.audio import WavAudio

BLOCK_S = 0.05
NO_OUTPUT_FIX = (
    "plug in or enable speakers or headphones (check your system's sound settings; on Linux "
    "make sure PulseAudio/PipeWire is running), or open the recording in any audio player"
)
PORTAUDIO_FIX = (
    "install the PortAudio library (Debian/Ubuntu: sudo apt install libportaudio2; "
    "macOS: brew install portaudio), or open the recording in any audio player"
)
GONE_FIX = (
    "nothing to play for this answer; to keep recordings longer: "
    "trainer config set recording_retention_days 0 (0 keeps them forever)"
)


@dataclass(frozen=True, slots=True)
class RecordingInfo:
    """What the attempt view says about a turn's recording, read from the WAV header only."""

    path: Path
    seconds: float | None  # None when the file is gone or unreadable
    state: str  # "ok" | "gone" | "unreadable"

    @property
    def playable(self) -> bool:
        return self.state == "ok"


def recording_info(path: str | Path) -> RecordingInfo:
    """Length of a recording (cheap: the header only), or why it cannot be played."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as wav:
            rate, frames = wav.getframerate(), wav.getnframes()
    except FileNotFoundError:
        return RecordingInfo(path, None, "gone")
    except (OSError, wave.Error, EOFError):
        return RecordingInfo(path, None, "unreadable")
    return RecordingInfo(path, frames / rate if rate else 0.0, "ok")


def gone_error(path: Path) -> SpeechError:
    return SpeechError(
        f"the recording {path.name} is gone: it was deleted (by the retention period "
        "or `trainer forget`)",
        GONE_FIX,
    )


def _load_recording(path: Path) -> Any:
    from trainer.speech.audio import read_wav

    if not path.exists():
        raise gone_error(path)
    try:
        return read_wav(path)
    except SpeechError as exc:
        if not path.exists():  # deleted between the check and the read
            raise gone_error(path) from exc
        raise SpeechError(
            f"the recording {path} cannot be played: it is not a WAV file we can read "
            f"({exc.problem})",
            "the file may be damaged; try it in another audio player, or delete it",
        ) from exc


def _sounddevice() -> Any:
    from trainer.speech.sources import load_sounddevice

    try:
        return load_sounddevice(PORTAUDIO_FIX)
    except SpeechError as exc:
        raise SpeechError(f"cannot play recordings: {exc.problem}", exc.fix) from exc


class OutputError(SpeechError):
    """No sound can be played: no speakers or headphones, or the output is busy."""


def _output_error(exc: Exception, device: str | int | None) -> SpeechError:
    """An output's PortAudio failure in plain words (the same mapping as the microphone's)."""
    from trainer.speech.sources import portaudio_failure, short_text

    failure = portaudio_failure(exc, device)
    where = f"'{device}'" if device is not None else "the default output"
    if failure in ("none", "unknown"):
        return OutputError("no speakers or headphones found", NO_OUTPUT_FIX)
    if failure == "busy":
        return OutputError(
            f"the audio output {where} is busy",
            "close the other program using it, or pick another output device",
        )
    return OutputError(
        f"cannot open the audio output {where} (PortAudio: {short_text(str(exc))})",
        NO_OUTPUT_FIX,
    )


def output_device(device: str | int | None = None) -> Any:
    """The output that sound would play on (sounddevice's device info), found in a few
    milliseconds; a SpeechError ("no speakers or headphones found") when there is none.
    Asked before a voice loads, so that a line that cannot be heard is shown at once."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(device, "output")
    except Exception as exc:
        raise _output_error(exc, device) from exc
    if int(info["max_output_channels"]) < 1:
        raise OutputError(f"'{info['name']}' has no audio output", NO_OUTPUT_FIX)
    return info


def _resample(samples: Any, in_rate: int, out_rate: int) -> Any:
    try:
        import soxr
    except ImportError as exc:
        raise missing_extra("soxr", exc) from exc
    import numpy as np

    out = soxr.resample(samples, in_rate, out_rate)
    return np.ascontiguousarray(out, dtype=np.int16).reshape(-1, samples.shape[1])


class Playback:
    """One recording on its way to the speakers. Not reusable: make one per play."""

    def __init__(
        self, path: str | Path, device: str | int | None = None, audio: WavAudio | None = None
    ) -> None:
        """Play the WAV file at `path`, or `audio` already in memory (then `path` only
        names it, e.g. the prospect's synthesised line)."""
        self.path = Path(path)
        self.device = device
        if audio is None:  # the file first: a gone file is the likely problem
            audio = _load_recording(self.path)
        self.sd = _sounddevice()
        info = output_device(device)
        self.device_name = str(info["name"])
        samples = audio.samples
        max_channels = int(info["max_output_channels"])
        if audio.channels > max_channels:  # e.g. a stereo file on a mono device: downmix
            import numpy as np

            samples = samples.mean(axis=1, keepdims=True).astype(np.int16)
        self.channels = int(samples.shape[1])
        self.file_rate = audio.rate
        self.rate = audio.rate
        try:
            self.sd.check_output_settings(
                device=device, samplerate=self.rate, channels=self.channels, dtype="int16"
            )
        except Exception:
            device_rate = int(info["default_samplerate"])
            if device_rate != self.rate and len(samples):
                samples = _resample(samples, self.rate, device_rate)
            self.rate = device_rate
        self.samples = samples
        self.duration_s = audio.duration_s
        self._pos = 0
        self._stream: Any = None
        self._wake = threading.Event()  # the end was played, or stop() was asked
        self._stop_asked = threading.Event()
        self.finished = threading.Event()  # set when run() is over, whatever the reason
        self.stopped_early = False
        self.ended_at: float | None = None  # time.monotonic() when the sound had played out

    @property
    def position_s(self) -> float:
        """How far the playback has got (of the audio handed to the device)."""
        return min(self.duration_s, self._pos / self.rate) if self.rate else 0.0

    def stop(self) -> None:
        """Ask the playback to stop now; safe from any thread, returns at once."""
        self._stop_asked.set()
        self._wake.set()

    def run(self) -> bool:
        """Play to the end, or until `stop()`. Blocks; returns True when played to the end.
        Raises SpeechError when the output cannot be opened."""
        sd = self.sd
        samples = self.samples

        tail: list[int] = []  # frames of silence still to play after the last sample

        def callback(outdata: Any, frames: int, time_info: Any, status: Any) -> None:
            # Stopping as soon as the last block is handed over cuts the end off on sound
            # servers that buffer (PulseAudio): after the last sample, keep feeding silence
            # for as long as the device says the audio takes to reach the speaker.
            if tail:
                outdata[:] = 0
                tail[0] -= frames
                if tail[0] <= 0:
                    raise sd.CallbackStop
                return
            pos = self._pos
            chunk = samples[pos : pos + frames]
            n = len(chunk)
            outdata[:n] = chunk
            self._pos = pos + n
            if n < frames:
                outdata[n:] = 0
                lag = time_info.outputBufferDacTime - time_info.currentTime
                if time_info.currentTime <= 0 or not 0 <= lag < 2:  # no usable device clock
                    stream = self._stream
                    lag = float(stream.latency) if stream is not None else 0.2
                tail.append(int(lag * self.rate) + n)

        try:
            if self._stop_asked.is_set():
                return False
            try:
                self._stream = sd.OutputStream(
                    device=self.device,
                    samplerate=self.rate,
                    channels=self.channels,
                    dtype="int16",
                    blocksize=max(1, int(self.rate * BLOCK_S)),
                    callback=callback,
                    finished_callback=self._wake.set,
                )
                self._stream.start()
            except Exception as exc:
                raise _output_error(exc, self.device) from exc
            # A stalled device must not hang the caller: give up well after the end.
            self._wake.wait(self.duration_s + 10.0)
            self.ended_at = time.monotonic()
            self.stopped_early = self._stop_asked.is_set() or self._pos < len(samples)
            return not self.stopped_early
        finally:
            stream, self._stream = self._stream, None
            if stream is not None:
                try:
                    if self.stopped_early or stream.active:
                        stream.abort()
                finally:
                    stream.close()
            self.finished.set()


def play(path: str | Path, device: str | int | None = None) -> Playback:
    """Play a recording to the end (blocking); Ctrl+C stops it. Raises SpeechError."""
    playback = Playback(path, device)
    errors: list[SpeechError] = []

    def run() -> None:
        try:
            playback.run()
        except SpeechError as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name="playback", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        playback.stop()
        thread.join()
    if errors:
        raise errors[0]
    return playback
