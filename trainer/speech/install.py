"""`trainer speech install-model`: download an official Vosk model, verify it, unpack it
atomically into the data directory's models folder.

The official list (model-list.json) gives each model's size and MD5; both are checked.
The archive is unpacked into a hidden folder and renamed into place only when complete.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from trainer.speech.download import download_checked, fetch_json
from trainer.speech.errors import SpeechError
from trainer.speech.models import INFO_FILE, ModelInfo, _looks_like_model, check_model_dir

OFFICIAL_URL = "https://alphacephei.com/vosk/models"
ENV_URL = "TRAINER_VOSK_MODELS_URL"
Progress = Callable[[int, int], None]  # (bytes so far, total bytes)


@dataclass(frozen=True, slots=True)
class ModelEntry:
    name: str
    language: str
    url: str
    size: int
    md5: str | None
    kind: str  # small | big | ...
    version: str
    obsolete: bool


def models_url() -> str:
    return os.environ.get(ENV_URL, OFFICIAL_URL).rstrip("/")


def _manual_fix(base: str) -> str:
    from trainer.paths import models_dir

    return (
        f"check the network connection, or download a model from {base} yourself and "
        f"unpack it into {models_dir()}"
    )


def fetch_catalogue(base: str | None = None, timeout: float = 30) -> list[ModelEntry]:
    base = (base or models_url()).rstrip("/")
    url = f"{base}/model-list.json"
    raw = fetch_json(url, "model list", _manual_fix(base), timeout)
    entries = []
    for item in raw if isinstance(raw, list) else []:
        try:
            name = str(item["name"])
            entries.append(
                ModelEntry(
                    name=name,
                    language=str(item.get("lang", "")).lower(),
                    url=str(item.get("url") or f"{base}/{name}.zip"),
                    size=int(item.get("size") or 0),
                    md5=str(item["md5"]) if item.get("md5") else None,
                    kind=str(item.get("type", "")),
                    version=str(item.get("version", "")),
                    obsolete=str(item.get("obsolete", "false")).lower() == "true",
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return entries


def choose_model(entries: list[ModelEntry], name: str | None, language: str) -> ModelEntry:
    """The entry called `name`, else the newest small, current model for `language`."""
    from trainer.speech.models import language_matches

    if name:
        wanted = name.removesuffix(".zip")
        for entry in entries:
            if entry.name == wanted:
                return entry
        similar = [e.name for e in entries if language_matches(language, e.language)][:6]
        raise SpeechError(
            f"there is no official model called '{wanted}'",
            "use one of: " + (", ".join(similar) if similar else "the names on the model page"),
        )
    candidates = [e for e in entries if not e.obsolete and language_matches(language, e.language)]
    small = [e for e in candidates if e.kind == "small"] or candidates
    if not small:
        langs = sorted({e.language for e in entries})
        raise SpeechError(
            f"no official model for language '{language}'",
            "pick a language among: " + ", ".join(langs[:40]),
        )
    exact = [e for e in small if e.language == language.lower()] or small
    return max(exact, key=lambda e: (e.version, e.name))


def _download(entry: ModelEntry, target: Path, progress: Progress | None, timeout: float) -> None:
    done = [0]

    def step(n: int, length: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], entry.size or length)

    download_checked(
        entry.url,
        target,
        name=entry.name,
        size=entry.size,
        md5=entry.md5,
        on_chunk=step,
        timeout=timeout,
    )


def _unpack(archive: Path, into: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.infolist():
                parts = PurePosixPath(member.filename).parts
                if member.filename.startswith("/") or ".." in parts:
                    raise SpeechError(
                        f"the archive holds an unsafe path: {member.filename}",
                        "do not use this archive",
                    )
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise SpeechError(
            f"the downloaded archive is not a valid zip ({exc})",
            "run the command again (nothing was installed)",
        ) from exc
    if _looks_like_model(into):
        return into
    inner = [p for p in into.iterdir() if p.is_dir() and _looks_like_model(p)]
    if len(inner) != 1:
        raise SpeechError(
            "the archive does not contain a Vosk model folder",
            "pick another model (nothing was installed)",
        )
    return inner[0]


def install_model(
    name: str | None = None,
    language: str = "en-us",
    base_url: str | None = None,
    models_root: Path | None = None,
    progress: Progress | None = None,
    on_chosen: Callable[[ModelEntry], None] | None = None,
    timeout: float = 60,
) -> ModelInfo:
    """Download, verify and atomically install a model; returns it. Raises SpeechError."""
    from trainer.paths import models_dir

    root = models_root or models_dir()
    entry = choose_model(fetch_catalogue(base_url, timeout), name, language)
    if on_chosen:
        on_chosen(entry)
    final = root / entry.name
    if final.is_dir() and _looks_like_model(final):
        return check_model_dir(final, source="data directory")
    if final.exists():
        raise SpeechError(
            f"{final} exists but is not a complete model",
            f"delete {final} and run the command again",
        )
    root.mkdir(parents=True, exist_ok=True)
    work = root / f".{entry.name}.{os.getpid()}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        archive = work / "download.zip"
        _download(entry, archive, progress, timeout)
        unpacked = _unpack(archive, work / "unpacked")
        info: dict[str, Any] = {
            "name": entry.name,
            "language": entry.language,
            "url": entry.url,
            "md5": entry.md5,
            "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (unpacked / INFO_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")
        os.replace(unpacked, final)
    except OSError as exc:
        raise SpeechError(
            f"cannot install the model into {root} ({exc})",
            "free some disk space or check the folder's permissions",
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check_model_dir(final, source="data directory")
