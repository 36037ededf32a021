"""Downloads for the install commands (speech models and prospect voices): a JSON list from
the official site, and a file streamed to disk with its size and MD5 checked."""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainer.speech.errors import SpeechError

CHUNK = 1 << 16
AGAIN = "run the command again (nothing was installed)"


def fetch_json(url: str, what: str, fix: str, timeout: float) -> Any:
    """The JSON document at `url` (`what` names it in the error, `fix` says what to do)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SpeechError(f"cannot read the {what} at {url} ({exc})", fix) from exc


def download_checked(
    url: str,
    target: Path,
    *,
    name: str,
    size: int,
    md5: str | None,
    on_chunk: Callable[[int, int], None],
    timeout: float,
) -> None:
    """Stream `url` into `target` (synced to disk); `on_chunk(bytes, content_length)` after
    each piece. Raises SpeechError when it fails, is short of `size` or its MD5 differs."""
    digest = hashlib.md5(usedforsecurity=False)
    done = 0
    try:
        with (
            urllib.request.urlopen(url, timeout=timeout) as response,
            target.open("wb") as out,
        ):
            length = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                on_chunk(len(chunk), length)
            out.flush()
            os.fsync(out.fileno())
    except (urllib.error.URLError, OSError) as exc:
        raise SpeechError(f"download of {url} failed ({exc})", AGAIN) from exc
    if size and done != size:
        raise SpeechError(f"download of {name} is incomplete ({done} of {size} bytes)", AGAIN)
    if md5 and digest.hexdigest() != md5.lower():
        raise SpeechError(
            f"download of {name} is damaged (MD5 {digest.hexdigest()}, expected {md5})", AGAIN
        )
