"""Caches of checked data kept in the data folder (the scenario library, the settings): a
pickle holding the key it was made for, then the value. Read back only when the key
matches; anything wrong with the file means "no cache"; written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path


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
