"""The settings file's format, with its checks (pydantic): a file or a change is validated
here and converted to the plain record `trainer.settings.Settings` that everything reads, so
that a start reading the settings back from their cache never imports pydantic. Fields and
defaults match the record's (a test holds them equal)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from trainer.settings import Settings, _flatten, parse_device


class SettingsFormat(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rep: str | None = Field(None, description="Your name, as it appears in the practice log.")
    daily_goal_minutes: int = Field(20, ge=1, le=600)
    weekly_goal_drills: int = Field(50, ge=1, le=5000)
    daily_goal_drills: int = Field(5, ge=1, le=500, description="Drills a day (a goal).")
    daily_goal_due: int = Field(
        5, ge=0, le=500, description="Due drills to clear a day (a goal; 0: no goal)."
    )
    weekly_goal_new: int = Field(
        3, ge=0, le=200, description="New scenarios to try a week (a goal; 0: no goal)."
    )
    new_per_day: int = Field(
        2,
        ge=0,
        le=50,
        description="New scenarios the daily practice introduces a day (spaced repetition).",
    )
    record_audio: bool = Field(True, description="Keep a WAV of each spoken answer.")
    recording_retention_days: int = Field(90, ge=0, le=3650, description="0 keeps them forever.")
    vosk_model: str | None = Field(None, description="Path to a Vosk model folder.")
    input_device: str | int | None = Field(
        None,
        description="Microphone: a device number or (part of) its name, as listed by "
        "`trainer speech check`; none uses the system's default input.",
    )
    voice_stop_after_silence: float | None = Field(
        None,
        ge=0.5,
        le=30,
        description="Seconds of silence after you have started speaking "
        "that end a spoken answer by themselves; none: only the talk key ends it.",
    )
    speak_prospect: bool = Field(
        True, description="Speak the prospect's lines aloud when a voice is installed."
    )
    prospect_voice: str | None = Field(
        None,
        description="The prospect's Piper voice: an installed voice's name "
        "(`trainer speech voices`) or the path of its .onnx file.",
    )
    listen_first: bool = Field(
        False, description="Show the prospect's line only after it was heard."
    )
    hands_free: bool = Field(
        False,
        description="Phone mode in the app: the microphone opens after each spoken "
        "line and the answer ends on silence.",
    )
    theme: str | None = Field(None, description="Textual theme name, e.g. textual-light.")
    keys: dict[str, str] = Field(
        default_factory=dict,
        description="Key remapping: binding id = key (`trainer config keys` lists the ids).",
    )

    @field_validator("rep", "vosk_model", "theme", "prospect_voice")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        from trainer.safe_text import is_safe

        if value is not None and (not is_safe(value) or "\n" in value or "\t" in value):
            raise ValueError("must be plain text on one line (no control characters)")
        return value

    @field_validator("keys", mode="before")
    @classmethod
    def _flatten_keys(cls, value: object) -> object:
        """`drill.hint = "f1"` in a [keys] table is a nested table in TOML: flatten it."""
        return _flatten(value) if isinstance(value, dict) else value

    @field_validator("input_device", mode="before")
    @classmethod
    def _device_number(cls, value: object) -> object:
        """ "2" (from `trainer config set` or TOML) means device number 2."""
        return parse_device(value) if isinstance(value, str | int) else value


def checked(data: Any) -> Settings:
    """`data` (a settings table) checked and returned as the record; pydantic's
    ValidationError when a value is refused."""
    model = SettingsFormat.model_validate(data)
    return Settings(**{name: getattr(model, name) for name in Settings._fields})
