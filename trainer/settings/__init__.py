"""The rep's settings, kept in `settings.toml` in the config directory (`trainer config path`).

Unknown or invalid entries never stop the app: they are reported (every command and the app
show the problems) and the default is used. `trainer config set` refuses an invalid value, and
a settings file that cannot be written (a folder in its place, a read-only config folder) is a
`SettingsProblem` with a message that says what to do.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from trainer.paths import settings_file


class Settings(NamedTuple):
    """The settings in force: a plain immutable record, cheap to read back from the cache
    (no pydantic), and the one definition of the settings' names, types and defaults.
    Every value in one has been checked by trainer.settings.format, whose model is built
    from this record (with the numbers' limits); `changed` makes a checked copy with new
    values."""

    rep: str | None = None  # your name, as it appears in the practice log
    daily_goal_minutes: int = 20
    weekly_goal_drills: int = 50
    daily_goal_drills: int = 5  # drills a day (a goal)
    daily_goal_due: int = 5  # due drills to clear a day (a goal; 0: no goal)
    weekly_goal_new: int = 3  # new scenarios to try a week (a goal; 0: no goal)
    new_per_day: int = 2  # new scenarios the daily practice introduces a day
    record_audio: bool = True  # keep a WAV of each spoken answer
    recording_retention_days: int = 90  # 0 keeps them forever
    vosk_model: str | None = None  # path to a Vosk model folder
    # Microphone: a device number or (part of) its name, as `trainer speech check` lists
    # them; None: the system's default input.
    input_device: str | int | None = None
    # Seconds of silence after the rep started speaking that end a spoken answer by
    # themselves; None: only the talk key ends it.
    voice_stop_after_silence: float | None = None
    speak_prospect: bool = True  # the prospect's lines aloud when a voice is installed
    # The prospect's Piper voice: an installed voice's name (`trainer speech voices`) or
    # the path of its .onnx file.
    prospect_voice: str | None = None
    listen_first: bool = False  # the prospect's line shown only after it was heard
    # Phone mode in the app: the microphone opens after each spoken line and the answer
    # ends on silence.
    hands_free: bool = False
    theme: str | None = None  # Textual theme name, e.g. textual-light
    # Key remapping: binding id = key (`trainer config keys` lists the ids). One default
    # dict is shared by every record made with it: never change a record's keys in place
    # (`_replace(keys=...)` with a new dict).
    keys: dict[str, str] = {}  # noqa: RUF012


def changed(settings: Settings, **changes: object) -> Settings:
    """`settings` with `changes` checked as a settings file's values would be (e.g. "2" for a
    number); pydantic's ValidationError, the first error naming the setting, when refused."""
    from trainer.settings.format import checked

    return checked({**settings._asdict(), **changes})


def parse_device(value: str | int | None) -> str | int | None:
    """A device as given on the command line or in settings: a number is an index."""
    if isinstance(value, str):
        value = value.strip()
        if value.isdigit():
            return int(value)
        return value or None
    return value


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


class SettingsProblem(Exception):
    """The settings file cannot be read or written; the message says what to do."""


def _read_problem(path: Path, exc: Exception) -> str:
    import errno

    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return (
            f"{path} is a folder, not a settings file; remove or rename it (defaults are"
            " in force until then)"
        )
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM):
        return f"{path} cannot be read (permission denied); make it readable (chmod u+r)"
    if isinstance(exc, UnicodeDecodeError):
        return f"{path} is not UTF-8 text; save it as UTF-8 (defaults are in force until then)"
    if isinstance(exc, tomllib.TOMLDecodeError):
        return f"{path} is not valid TOML ({exc}); fix it (defaults are in force until then)"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{path} cannot be read ({reason}); using defaults"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in force and a list of problems found (the defaults replace bad entries;
    unknown keys are reported and ignored). Read back from a cache while the file is as it
    was (see `_cached_settings`), else read and checked."""
    path = path or settings_file()
    key = _cache_key(path)
    cached = _cached_settings(path, key)
    if cached is not None:
        return cached
    try:
        text: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    except (OSError, UnicodeDecodeError) as exc:  # not cached: say so at every start
        return Settings(), [_read_problem(path, exc)]
    settings, problems = _checked_settings(path, text)
    if key is not None and not _settling(path):
        _save_cache(path, key, (settings, problems))
    return settings, problems


def _checked_settings(path: Path, text: str | None) -> tuple[Settings, list[str]]:
    """The settings in the file's `text` (None: no file) and the problems found."""
    problems: list[str] = []
    if text is None:
        return Settings(), problems
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [_read_problem(path, exc)]
    from pydantic import ValidationError

    from trainer.settings.format import checked

    for key in raw:
        if key not in Settings._fields:
            names = ", ".join(Settings._fields)
            problems.append(f"{path}: unknown setting {key!r} is ignored (settings: {names})")
    try:
        return checked(raw), problems
    except ValidationError as exc:
        good = dict(raw)
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else "?"
            message = refused_value(err)
            problems.append(f"{path}: {key}: {message}; using the default")
            good.pop(key, None)
        return checked(good), problems


# -- the cache of checked settings ----------------------------------------------------------
#
# Checking the settings needs pydantic (50-100 ms at every start: its import, the model's
# build, its plugin lookup, which scans every installed package's entry points). So the
# settings as checked (the plain record), with the problems found, are
# kept in a pickle in the data folder's `cache/`, used only while its key matches: the cache
# format, the trainer, Python and pydantic versions, this code, and the settings file as stat
# sees it (inode, size, modification and change times; or its absence). A file changed in the
# last SETTLE_S seconds is not cached (a later edit in the same clock tick could go unseen),
# nor is one that could not be read. Anything wrong with the cache means a normal read.

CACHE_FORMAT = 3  # 3: plain-text key (2: a plain record; 1 held pydantic models)
SETTLE_S = 2.0


def _cache_file(path: Path) -> Path:
    from trainer.keyed_pickle import short_name
    from trainer.paths import data_dir

    return data_dir() / "cache" / f"settings-{short_name(str(path.absolute()))}.pickle"


def _cache_key(path: Path) -> str | None:
    """What the checked settings depend on (trainer.keyed_pickle); None when the file cannot
    be looked at."""
    import sys

    from trainer import __version__, safe_text
    from trainer.keyed_pickle import pydantic_version_file, stamp

    here = Path(__file__).parent
    files = [pydantic_version_file(), here / "__init__.py", here / "format.py"]
    try:
        stamps = [stamp(f) for f in [*files, Path(safe_text.__file__), path]]
    except ValueError:  # a path stat refuses (a NUL in it)
        return None
    return "\n".join(
        [
            f"format {CACHE_FORMAT}",
            f"trainer {__version__} python {sys.version}",
            f"record {Settings._fields} {Settings._field_defaults}",
            *map(repr, stamps),
        ]
    )


def _settling(path: Path) -> bool:
    from trainer.keyed_pickle import settling, stamp

    return settling([stamp(path)], SETTLE_S)


def _cached_settings(path: Path, key: str | None) -> tuple[Settings, list[str]] | None:
    from trainer.keyed_pickle import read_keyed

    found = read_keyed(_cache_file(path), key) if key is not None else None
    if not (isinstance(found, tuple) and len(found) == 2):
        return None
    settings, problems = found
    if isinstance(settings, Settings) and all(isinstance(p, str) for p in problems):
        return settings, list(problems)
    return None


def _save_cache(path: Path, key: str, value: tuple[Settings, list[str]]) -> None:
    from trainer.keyed_pickle import write_keyed

    try:
        cache = _cache_file(path)
    except Exception:  # no data folder: no cache, no harm
        return
    write_keyed(cache, key, value)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically: a crash never leaves a half-written settings file. SettingsProblem
    (saying what to do) when the file or its folder cannot be written."""
    import tomli_w

    path = path or settings_file()
    if path.is_dir():
        raise SettingsProblem(
            f"cannot save the settings: {path} is a folder, not a file; remove or rename it"
        )
    data = {name: value for name, value in settings._asdict().items() if value is not None}
    tmp = path.with_suffix(".toml.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            tomli_w.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SettingsProblem(_write_problem(path, exc)) from None
    return path


def _write_problem(path: Path, exc: OSError) -> str:
    import errno

    folder = path.parent
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"cannot save the settings in {folder}: it is not writable; make it writable"
            " (chmod u+w) or choose another folder with TRAINER_CONFIG_DIR"
        )
    if exc.errno == errno.ENOSPC:
        return f"cannot save the settings in {folder}: the disk is full; free some space"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return (
            f"cannot save the settings: {folder} (or a folder above it) is a file, not a"
            " folder; remove it or set TRAINER_CONFIG_DIR"
        )
    return f"cannot save the settings to {path}: {exc.strerror or exc}"


def default_rep_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "rep"


def refused_value(error: Mapping[str, Any]) -> str:
    """Why a setting's value was refused, in plain words, from one pydantic error:
    "type a whole number" rather than "Input should be a valid integer, unable to parse…"."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    plain = {
        "int_parsing": "type a whole number",
        "int_type": "type a whole number",
        "float_type": "type a number",
        "bool_type": "type yes or no",
        "string_type": "type a name or a path",
        "int_from_float": "type a whole number",
        "float_parsing": "type a number",
        "bool_parsing": "type yes or no",
        "missing": "a value is needed",
    }
    if kind in plain:
        return plain[kind]
    for key, words in (
        ("ge", "at least"),
        ("gt", "more than"),
        ("le", "at most"),
        ("lt", "less than"),
    ):
        if key in ctx:
            return f"must be {words} {ctx[key]}"
    return str(error.get("msg", "not a valid value")).removeprefix("Value error, ")
