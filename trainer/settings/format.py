"""The settings file's format, with its checks (pydantic): a file or a change is validated
here and converted to the plain record `trainer.settings.Settings` that everything reads, so
that a start reading the settings back from their cache never imports pydantic.

The record is the one definition of the settings (names, types, defaults); the model is
built from it (`SettingsFormat`), with the limits below and the text checks added."""

from __future__ import annotations

from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from trainer.settings import Settings, _flatten, parse_device

# The values a number may take, both ends included (docs/practice.md lists them).
LIMITS: dict[str, tuple[float, float]] = {
    "daily_goal_minutes": (1, 600),
    "weekly_goal_drills": (1, 5000),
    "daily_goal_drills": (1, 500),
    "daily_goal_due": (0, 500),
    "weekly_goal_new": (0, 200),
    "new_per_day": (0, 50),
    "recording_retention_days": (0, 3650),
    "voice_stop_after_silence": (0.5, 30),
}


class _Checks(BaseModel):
    """What the file's values must be besides their types and limits."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("rep", "vosk_model", "theme", "prospect_voice", check_fields=False)
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        from trainer.safe_text import is_safe

        if value is not None and (not is_safe(value) or "\n" in value or "\t" in value):
            raise ValueError("must be plain text on one line (no control characters)")
        return value

    @field_validator("keys", mode="before", check_fields=False)
    @classmethod
    def _flatten_keys(cls, value: object) -> object:
        """`drill.hint = "f1"` in a [keys] table is a nested table in TOML: flatten it."""
        return _flatten(value) if isinstance(value, dict) else value

    @field_validator("input_device", mode="before", check_fields=False)
    @classmethod
    def _device_number(cls, value: object) -> object:
        """ "2" (from `trainer config set` or TOML) means device number 2."""
        return parse_device(value) if isinstance(value, str | int) else value


def _field(name: str, default: object) -> Any:
    if isinstance(default, dict):  # a fresh table for each model (the record shares one)
        return Field(default_factory=dict)
    low, high = LIMITS.get(name, (None, None))
    return Field(default, ge=low, le=high)


_TYPES = get_type_hints(Settings)
_FIELDS: dict[str, Any] = {
    name: (_TYPES[name], _field(name, default))
    for name, default in Settings._field_defaults.items()
}
SettingsFormat = create_model("SettingsFormat", __base__=_Checks, **_FIELDS)


def checked(data: Any) -> Settings:
    """`data` (a settings table) checked and returned as the record; pydantic's
    ValidationError when a value is refused."""
    model = SettingsFormat.model_validate(data)
    return Settings(**{name: getattr(model, name) for name in Settings._fields})
