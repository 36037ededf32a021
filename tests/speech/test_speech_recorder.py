"""Recordings: atomic WAV files, per-rep folders, retention and deletion."""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path

from trainer.speech.recorder import (
    WavWriter,
    delete_rep_recordings,
    prune_recordings,
    recording_path,
    write_wav,
)


def test_recording_is_published_whole_and_readable(tmp_path: Path) -> None:
    path = recording_path("Ana Lima", "attempt1-3", root=tmp_path)
    writer = WavWriter(path, 16000)
    writer.write(b"\x01\x00" * 8000)
    assert not path.exists()  # nothing visible until committed
    writer.write(b"\x02\x00" * 8000)
    writer.commit()
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getnframes()) == (16000, 1, 16000)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_discarded_recording_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "rep" / "x.wav"
    writer = WavWriter(path, 16000)
    writer.write(b"\0\0" * 100)
    writer.discard()
    assert list(path.parent.iterdir()) == []


def test_rep_names_cannot_escape_the_recordings_folder(tmp_path: Path) -> None:
    path = recording_path("../../etc", "../passwd", root=tmp_path)
    assert tmp_path in path.parents


def test_retention_deletes_only_old_recordings(tmp_path: Path) -> None:
    old = write_wav(recording_path("ana", "old", root=tmp_path), b"\0\0", 16000)
    new = write_wav(recording_path("ana", "new", root=tmp_path), b"\0\0", 16000)
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert prune_recordings(0, root=tmp_path) == []  # 0 keeps them forever
    assert prune_recordings(30, root=tmp_path) == [old]
    assert not old.exists() and new.exists()


def test_forgetting_a_rep_deletes_all_their_recordings_only(tmp_path: Path) -> None:
    for n in range(3):
        write_wav(recording_path("ana", f"a{n}", root=tmp_path), b"\0\0", 16000)
    bob = write_wav(recording_path("bob", "b", root=tmp_path), b"\0\0", 16000)
    assert delete_rep_recordings("ana", root=tmp_path) == 3
    assert not (tmp_path / "ana").exists()
    assert bob.exists()
    assert delete_rep_recordings("nobody", root=tmp_path) == 0
