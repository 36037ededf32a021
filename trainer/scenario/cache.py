"""A cache of the checked scenario library, so that a start does not parse and validate every
scenario file again (`load_library` uses it; deleting it loses nothing), and of the scorer's
shipped techniques (`trainer.scoring.techniques.core_techniques`) on the same terms.

The cache is a pickle of the `Library` (plain records, trainer.scenario.models: reading it
back needs no pydantic) in the data folder's `cache/`, one file per set of scenario
folders. It is used only when its key still matches: the trainer version, the Python
version, the installed pydantic (which checked the files) as stat sees it, the scenario
package's own code, and every scenario folder,
technique file and scenario file as stat sees it now (path, inode, size, modification and
change times; a folder's entry changes when a file is added, removed or renamed in it).
Anything else (a missing, corrupt, truncated or foreign file) means the library is read from
the files again, silently, and the cache is rewritten. A library read while one of its files
was changing (modified within the last `SETTLE_S` seconds) is not cached: a later edit in
the same clock tick could otherwise go unseen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from trainer.keyed_pickle import (
    Stamp,
    pydantic_version_file,
    read_keyed,
    settling,
    short_name,
    stamp,
    write_keyed,
)

if TYPE_CHECKING:
    from trainer.scenario.library import Library, ScenarioRoot
    from trainer.scenario.models import Technique

FORMAT = 2  # bump when the cached layout changes
SETTLE_S = 2.0


def cache_file(roots: Iterable[ScenarioRoot]) -> Path:
    """Where the cache for these folders lives."""
    from trainer.paths import data_dir

    names = "\0".join(f"{r.source}:{_absolute(r.path)}" for r in roots)
    return data_dir() / "cache" / f"library-{short_name(names)}.pickle"


def cached_library(roots: list[ScenarioRoot], read: Callable[[], Library]) -> Library:
    """The library for `roots`: from the cache when it is current, else `read()` (and the
    cache rewritten). Never raises because of the cache."""
    from trainer.scenario.library import Library

    try:
        key, stamps = library_key(roots)
    except OSError:
        return read()
    return _cached(cache_file(roots), key, stamps, read, Library)


def cached_techniques(path: Path, read: Callable[[], dict[str, Technique]]) -> dict[str, Technique]:
    """The techniques of one technique file (the scorer's shipped core.yaml), read by `read()`
    only when the file (or the code) changed since the cache was written."""
    stamps = [stamp(path)]
    key = "\n".join([*_header(), *map(repr, stamps)])
    name = short_name(_absolute(path))
    from trainer.paths import data_dir

    return _cached(data_dir() / "cache" / f"techniques-{name}.pickle", key, stamps, read, dict)


T = TypeVar("T")


def _cached(path: Path, key: str, stamps: list[Stamp], read: Callable[[], T], kind: type) -> T:
    cached = read_keyed(path, key)
    if isinstance(cached, kind):
        return cast("T", cached)
    value = read()
    if not settling(stamps, SETTLE_S):
        write_keyed(path, key, value)
    return value


@lru_cache(maxsize=1)
def _header() -> tuple[str, ...]:
    """What every cached value depends on besides its files: this code and the versions."""
    from trainer import __version__

    code = sorted(Path(__file__).parent.glob("*.py"))
    return (
        f"format {FORMAT}",
        f"trainer {__version__}",
        f"python {sys.version}",
        f"pydantic {stamp(pydantic_version_file())}",
        f"records {_record_layout()}",
        *(repr(stamp(p)) for p in code),
    )


def _record_layout() -> str:
    """The fields of the records as this process defined them (records are pickled by
    position): a cache written by older code running on while the code was updated on
    disk has a key of its own."""
    from trainer.scenario import models

    records = (v for v in vars(models).values() if isinstance(v, type) and issubclass(v, tuple))
    return ";".join(f"{r.__name__}:{','.join(getattr(r, '_fields', ()))}" for r in records)


def library_key(roots: Iterable[ScenarioRoot]) -> tuple[str, list[Stamp]]:
    """A digest of everything the library is made from, and the file stamps it covers."""
    stamps: list[Stamp] = []
    for root in roots:
        stamps.append(stamp(root.path))
        if not root.path.is_dir():
            continue
        for folder, dirs, files in os.walk(root.path, followlinks=False):
            dirs.sort()
            here = Path(folder)
            stamps += [stamp(here / d) for d in dirs]
            stamps += [stamp(here / f) for f in sorted(files) if f.endswith((".yaml", ".yml"))]
    places = [f"{r.source}:{r.required}:{r.path}:{_absolute(r.path)}" for r in roots]
    return "\n".join([*_header(), *places, *map(repr, stamps)]), stamps


def _absolute(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())
