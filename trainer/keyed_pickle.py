"""Caches of checked data kept in the data folder (the scenario library, the settings): a
pickle holding the key it was made for, then the value. Read back only when the key
matches; anything wrong with the file means "no cache"; written whole or not at all.

A key is plain text compared whole (no digest: hashlib costs a start more than comparing a
few kilobytes), built from the code and versions the value depends on and the `stamp` of
each file it was read from. A value read while one of its files was changing (`settling`)
is not cached: a later edit in the same clock tick could otherwise go unseen."""

from __future__ import annotations

import contextlib
import os
import pickle
import time
import zlib
from collections.abc import Iterable
from pathlib import Path

Stamp = tuple[str, int, int, int, int]  # path, inode, size, mtime_ns, ctime_ns
_MISSING = (-1, -1, -1, -1)


def stamp(path: Path) -> Stamp:
    """A file or folder as stat sees it (a missing one has a stamp too); a link changing
    counts as well as what it points to."""
    try:
        st = path.stat()
    except OSError:
        return (str(path), *_MISSING)
    try:
        lst = path.lstat()
        ctime = max(st.st_ctime_ns, lst.st_ctime_ns)
    except OSError:
        ctime = st.st_ctime_ns
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns, ctime)


def settling(stamps: Iterable[Stamp], settle_s: float) -> bool:
    """One of these files changed in the last `settle_s` seconds."""
    newest = max((max(s[3], s[4]) for s in stamps), default=0)
    return newest > time.time_ns() - int(settle_s * 1e9)


def short_name(text: str) -> str:
    """A short file name for what a cache is of (two sharing one only rebuild each other's
    cache: the key inside is checked)."""
    return f"{zlib.crc32(text.encode()):08x}"


def read_keyed(path: Path, key: str) -> object:
    """The value cached at `path` for `key`; None when missing, stale or unreadable."""
    try:
        with path.open("rb") as fh:
            if pickle.load(fh) != key:
                return None
            return pickle.load(fh)
    except Exception:  # missing, unreadable, truncated, corrupt or from other code
        return None


def write_keyed(path: Path, key: str, value: object) -> None:
    """Cache `value` for `key` at `path`; readers see the old file or the new one, never
    half of one. A read-only or full disk, or an unpicklable value: no cache, no harm."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(key, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except Exception:
        with contextlib.suppress(OSError):
            tmp.unlink()


def pydantic_version_file() -> Path:
    """pydantic's version module, found without importing pydantic (a reinstall or an
    upgrade rewrites it, which changes its stamp): part of the key of data it checked."""
    from importlib.util import find_spec

    spec = find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    return Path(origin).parent / "version.py" if origin else Path("pydantic-missing")
