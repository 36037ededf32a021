"""Recordings of spoken answers: WAV files written atomically, kept per rep, pruned by age.

A recording is written to a hidden temporary file beside its final name and renamed into
place only when complete (after fsync), so a crash never leaves a half-written WAV.
Layout: <data dir>/recordings/<rep>/<name>.wav (the store links the path from the turn).
"""

from __future__ import annotations

import os
import re
import shutil
import time
import wave
from pathlib import Path

from trainer.paths import sync_folder

_SAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def _safe_name(text: str) -> str:
    name = _SAFE.sub("_", text.strip()).strip("._")
    return name[:80] or "_"


def recordings_root() -> Path:
    from trainer.paths import recordings_dir

    return recordings_dir()


def rep_recordings_dir(rep: str, root: Path | None = None) -> Path:
    return (root or recordings_root()) / _safe_name(rep)


def recording_path(rep: str, name: str, root: Path | None = None) -> Path:
    """Where a rep's recording called `name` (e.g. '<attempt id>-<turn no>') goes."""
    return rep_recordings_dir(rep, root) / f"{_safe_name(name)}.wav"


class WavWriter:
    """Streams 16-bit mono PCM into `path` atomically: `commit()` publishes, `discard()` not."""

    def __init__(self, path: Path, rate: int) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self._file = self._tmp.open("wb")
        self._wav = wave.open(self._file, "wb")  # noqa: SIM115 - closed by commit/discard
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)
        self.frames = 0

    def write(self, pcm: bytes) -> None:
        self._wav.writeframesraw(pcm)
        self.frames += len(pcm) // 2

    def commit(self) -> Path:
        self._wav.close()  # patches the header sizes
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._tmp, self.path)
        sync_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        try:
            self._wav.close()
        finally:
            self._file.close()
            self._tmp.unlink(missing_ok=True)


def write_wav(path: Path, pcm: bytes, rate: int) -> Path:
    """Write a whole recording atomically."""
    writer = WavWriter(path, rate)
    try:
        writer.write(pcm)
    except BaseException:
        writer.discard()
        raise
    return writer.commit()


def prune_recordings(
    retention_days: int, root: Path | None = None, now: float | None = None
) -> list[Path]:
    """Delete recordings older than `retention_days` (0 keeps them forever); returns them."""
    root = root or recordings_root()
    if retention_days <= 0 or not root.is_dir():
        return []
    cutoff = (now if now is not None else time.time()) - retention_days * 86400
    removed = []
    for wav in root.rglob("*.wav"):
        try:
            if wav.stat().st_mtime < cutoff:
                wav.unlink()
                removed.append(wav)
        except FileNotFoundError:
            continue
    return removed


def delete_rep_recordings(rep: str, root: Path | None = None) -> int:
    """Delete every recording of `rep` for good (for `trainer forget --rep`); returns a count."""
    folder = rep_recordings_dir(rep, root)
    if not folder.is_dir():
        return 0
    count = sum(1 for _ in folder.rglob("*.wav"))
    shutil.rmtree(folder)
    return count
