"""`trainer speech install-voice NAME`: download an official Piper voice (the .onnx model and
its .onnx.json), check each file's size and MD5 against the official voices.json, and move
the pair into the data directory's voices folder only when both are complete.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trainer.speech.download import download_checked, fetch_json
from trainer.speech.errors import SpeechError
from trainer.speech.voices import VoiceInfo, check_voice_file

OFFICIAL_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0"
ENV_URL = "TRAINER_PIPER_VOICES_URL"
Progress = Callable[[int, int], None]  # (bytes so far, total bytes)


@dataclass(frozen=True, slots=True)
class VoiceFile:
    path: str  # relative to the voices site, e.g. en/en_US/joe/medium/en_US-joe-medium.onnx
    size: int
    md5: str | None


@dataclass(frozen=True, slots=True)
class VoiceEntry:
    name: str
    language: str
    files: tuple[VoiceFile, ...]  # the .onnx and the .onnx.json

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def voices_url() -> str:
    return os.environ.get(ENV_URL, OFFICIAL_URL).rstrip("/")


def fetch_voice_list(base: str | None = None, timeout: float = 30) -> list[VoiceEntry]:
    base = (base or voices_url()).rstrip("/")
    url = f"{base}/voices.json"
    from trainer.paths import voices_dir

    raw = fetch_json(
        url,
        "voice list",
        "check the network connection, or put a voice's .onnx and "
        f".onnx.json files into {voices_dir()} yourself",
        timeout,
    )
    entries = []
    for name, item in raw.items() if isinstance(raw, dict) else ():
        try:
            files = tuple(
                VoiceFile(
                    str(path),
                    int(meta.get("size_bytes") or 0),
                    str(meta["md5_digest"]) if meta.get("md5_digest") else None,
                )
                for path, meta in item["files"].items()
                if str(path).endswith((".onnx", ".onnx.json"))
            )
            language = str(item.get("language", {}).get("code", ""))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if len(files) == 2:
            entries.append(VoiceEntry(str(name), language, files))
    return entries


def choose_voice(entries: list[VoiceEntry], name: str) -> VoiceEntry:
    wanted = name.removesuffix(".onnx")
    for entry in entries:
        if entry.name == wanted:
            return entry
    prefix = wanted.split("-")[0].lower()
    similar = sorted(e.name for e in entries if e.name.lower().startswith(prefix))[:8]
    raise SpeechError(
        f"there is no official voice called '{wanted}'",
        "use one of: "
        + (
            ", ".join(similar)
            if similar
            else "the names on https://rhasspy.github.io/piper-samples"
        ),
    )


def install_voice(
    name: str,
    base_url: str | None = None,
    voices_root: Path | None = None,
    progress: Progress | None = None,
    on_chosen: Callable[[VoiceEntry], None] | None = None,
    timeout: float = 60,
) -> VoiceInfo:
    """Download, verify and install a voice; returns it. Raises SpeechError."""
    from trainer.paths import voices_dir

    base = (base_url or voices_url()).rstrip("/")
    root = voices_root or voices_dir()
    entry = choose_voice(fetch_voice_list(base, timeout), name)
    if on_chosen:
        on_chosen(entry)
    final = root / f"{entry.name}.onnx"
    if final.is_file() and final.with_name(final.name + ".json").is_file():
        return check_voice_file(final, source="data directory")
    root.mkdir(parents=True, exist_ok=True)
    work = root / f".{entry.name}.{os.getpid()}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    done = [0]

    def step(n: int, _length: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], entry.size)

    try:
        for file in entry.files:
            suffix = ".onnx.json" if file.path.endswith(".json") else ".onnx"
            target = work / f"{entry.name}{suffix}"
            download_checked(
                f"{base}/{file.path}",
                target,
                name=target.name,
                size=file.size,
                md5=file.md5,
                on_chunk=step,
                timeout=timeout,
            )
        check_voice_file(work / f"{entry.name}.onnx", source="download")
        # the settings file last: a voice counts as installed only once it is there
        os.replace(work / f"{entry.name}.onnx", final)
        os.replace(work / f"{entry.name}.onnx.json", final.with_name(final.name + ".json"))
    except OSError as exc:
        raise SpeechError(
            f"cannot install the voice into {root} ({exc})",
            "free some disk space or check the folder's permissions",
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return check_voice_file(final, source="data directory")
