"""PCM conversion for the recogniser: always 16-bit mono at the model's rate.

Vosk silently returns wrong text for stereo input or a sample rate other than the one it
was created with, so every source goes through `PcmConverter` (downmix, then resample with
soxr) before the recogniser sees a byte.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.speech.errors import SpeechError, missing_extra

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Int16Array = npt.NDArray[np.int16]

SILENCE_DBFS = -90.0


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as exc:
        raise missing_extra("numpy", exc) from exc
    return numpy


class PcmConverter:
    """Streams audio of any rate/channel count into int16 mono at `out_rate`."""

    def __init__(self, in_rate: int, channels: int, out_rate: int) -> None:
        self.in_rate = int(in_rate)
        self.channels = int(channels)
        self.out_rate = int(out_rate)
        self._resampler: Any = None
        if self.in_rate != self.out_rate:
            try:
                import soxr
            except ImportError as exc:
                raise missing_extra("soxr", exc) from exc
            self._resampler = soxr.ResampleStream(self.in_rate, self.out_rate, 1, dtype="int16")

    def convert(self, samples: Any, last: bool = False) -> Int16Array:
        """`samples`: int16 or float array, shape (frames,) or (frames, channels)."""
        np = _numpy()
        data = np.asarray(samples)
        if data.dtype.kind == "f":
            data = np.clip(data * 32767.0, -32768, 32767)
        if data.ndim == 2:
            data = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
        mono = np.ascontiguousarray(data, dtype=np.int16)
        if self._resampler is None:
            return mono  # type: ignore[no-any-return]
        out = self._resampler.resample_chunk(mono, last=last)
        return np.ascontiguousarray(out, dtype=np.int16)  # type: ignore[no-any-return]


def level_dbfs(pcm: Any) -> float:
    """RMS level of an int16 chunk in dBFS (0 = full scale; quiet room ≈ -60)."""
    np = _numpy()
    data = np.asarray(pcm, dtype=np.float64)
    if data.size == 0:
        return SILENCE_DBFS
    rms = math.sqrt(float(np.mean(data * data))) / 32768.0
    return max(SILENCE_DBFS, 20.0 * math.log10(rms)) if rms > 0 else SILENCE_DBFS


def level_fraction(dbfs: float, floor_dbfs: float = -60.0) -> float:
    """A level meter's fill, 0.0-1.0, from a dBFS value."""
    return min(1.0, max(0.0, (dbfs - floor_dbfs) / -floor_dbfs))


@dataclass(frozen=True, slots=True)
class WavAudio:
    samples: Any  # numpy int16, shape (frames, channels)
    rate: int
    channels: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


WAVE_FORMAT_PCM = 1
WAVE_FORMAT_IEEE_FLOAT = 3
WAVE_FORMAT_EXTENSIBLE = 0xFFFE  # the real format is the first two bytes of its sub-format


def read_wav(path: Path) -> WavAudio:
    """Read a WAV file: integer PCM (8/16/24/32-bit) or float (32/64-bit), plain or
    WAVE_FORMAT_EXTENSIBLE (what sox and many recorders write), any rate, any channels."""
    np = _numpy()
    fix = f"convert it to 16-bit PCM WAV, e.g. sox '{path}' -b 16 out.wav"
    try:
        tag, rate, channels, width, raw = _wav_chunks(path)
    except FileNotFoundError as exc:
        raise SpeechError(f"{path}: no such file", "check the path of the recording") from exc
    except IsADirectoryError as exc:
        raise SpeechError(f"{path}: is a folder, not a WAV file", "give a .wav file") from exc
    except OSError as exc:
        raise SpeechError(f"{path}: cannot read it ({exc.strerror or exc})", fix) from exc
    except ValueError as exc:
        raise SpeechError(f"{path}: not a PCM WAV file we can read ({exc})", fix) from exc
    if tag == WAVE_FORMAT_IEEE_FLOAT and width in (4, 8):
        floats = np.frombuffer(raw[: len(raw) - len(raw) % width], dtype=f"<f{width}")
        data = np.clip(floats * 32767.0, -32768, 32767).astype(np.int16)
    elif tag != WAVE_FORMAT_PCM:
        raise SpeechError(f"{path}: sample format {tag:#06x} is not PCM or float", fix)
    elif width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) << 8
    elif width == 2:
        data = np.frombuffer(raw[: len(raw) - len(raw) % 2], dtype="<i2")
    elif width == 3:
        b = np.frombuffer(raw[: len(raw) - len(raw) % 3], dtype=np.uint8).reshape(-1, 3)
        data = ((b[:, 2].astype(np.int8).astype(np.int16) << 8) | b[:, 1]).astype(np.int16)
    elif width == 4:
        data = (np.frombuffer(raw[: len(raw) - len(raw) % 4], dtype="<i4") >> 16).astype(np.int16)
    else:
        raise SpeechError(f"{path}: {width * 8}-bit samples are not supported", fix)
    usable = len(data) - len(data) % channels
    return WavAudio(samples=data[:usable].reshape(-1, channels), rate=rate, channels=channels)


def _wav_chunks(path: Path) -> tuple[int, int, int, int, bytes]:
    """(format tag, rate, channels, bytes per sample, sample data) from a RIFF WAVE file.
    The standard library's `wave` reads plain PCM only (WAVE_FORMAT_EXTENSIBLE from Python
    3.12 on, float never), so the two chunks that matter are read here. ValueError."""
    blob = Path(path).read_bytes()
    if len(blob) < 12 or blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise ValueError("no RIFF WAVE header")
    fmt: bytes | None = None
    pos = 12
    while pos + 8 <= len(blob):
        chunk, size = blob[pos : pos + 4], struct.unpack_from("<I", blob, pos + 4)[0]
        body = blob[pos + 8 : pos + 8 + size]  # a streamed file's data size may overshoot
        if chunk == b"fmt ":
            fmt = body
        elif chunk == b"data" and fmt is not None:
            if len(fmt) < 16:
                break
            tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", fmt)
            if tag == WAVE_FORMAT_EXTENSIBLE and len(fmt) >= 26:
                tag = struct.unpack_from("<H", fmt, 24)[0]
            if not channels or not rate or bits % 8:
                raise ValueError(f"{channels} channels at {rate} Hz, {bits}-bit")
            return tag, rate, channels, bits // 8, body
        pos += 8 + size + (size & 1)
    raise ValueError("no format or no data chunk")
