"""The rep's settings, kept in `settings.toml` in the config directory (`trainer config path`).

Unknown or invalid entries never stop the app: they are reported and the default is used.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trainer.paths import settings_file


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    rep: str | None = Field(None, description="Your name, as it appears in the practice log.")
    daily_goal_minutes: int = Field(20, ge=1, le=600)
    weekly_goal_drills: int = Field(50, ge=1, le=5000)
    record_audio: bool = Field(True, description="Keep a WAV of each spoken answer.")
    recording_retention_days: int = Field(90, ge=0, le=3650, description="0 keeps them forever.")
    vosk_model: str | None = Field(None, description="Path to a Vosk model folder.")
    input_device: str | int | None = Field(
        None, description="Microphone: a device number or (part of) its name, as listed by "
        "`trainer speech check`; none uses the system's default input.")
    voice_stop_after_silence: float | None = Field(
        None, ge=0.5, le=30, description="Seconds of silence after you have started speaking "
        "that end a spoken answer by themselves; none: only the talk key ends it.")
    theme: str | None = Field(None, description="Textual theme name, e.g. textual-light.")
    keys: dict[str, str] = Field(
        default_factory=dict,
        description="Key remapping: binding id = key (`trainer config keys` lists the ids).")

    @field_validator("keys", mode="before")
    @classmethod
    def _flatten_keys(cls, value: object) -> object:
        """`drill.hint = "f1"` in a [keys] table is a nested table in TOML: flatten it."""
        return _flatten(value) if isinstance(value, dict) else value

    @field_validator("input_device", mode="before")
    @classmethod
    def _device_number(cls, value: object) -> object:
        """"2" (from `trainer config set` or TOML) means device number 2."""
        return parse_device(value) if isinstance(value, str | int) else value


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


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in force and a list of problems found (the defaults replace bad entries)."""
    path = path or settings_file()
    problems: list[str] = []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), problems
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), [f"{path}: cannot be read ({exc}); using defaults"]
    try:
        return Settings.model_validate(raw), problems
    except ValidationError as exc:
        good = dict(raw)
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else "?"
            problems.append(f"{path}: {key}: {err['msg']}; using the default")
            good.pop(key, None)
        return Settings.model_validate(good), problems


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically: a crash never leaves a half-written settings file."""
    import tomli_w

    path = path or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(exclude_none=True)
    tmp = path.with_suffix(".toml.tmp")
    with tmp.open("wb") as fh:
        tomli_w.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return path


def default_rep_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "rep"
