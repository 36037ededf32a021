"""`trainer speech install-model` against a model site served on loopback."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from trainer.speech.errors import SpeechError
from trainer.speech.install import install_model
from trainer.speech.models import resolve_model

NAME = "vosk-model-small-xx-0.1"


def model_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{NAME}/am/final.mdl", b"acoustic model" * 1000)
        zf.writestr(f"{NAME}/graph/HCLr.fst", b"graph")
        zf.writestr(f"{NAME}/graph/Gr.fst", b"grammar")
        zf.writestr(f"{NAME}/conf/mfcc.conf", "--sample-frequency=16000\n")
        zf.writestr(f"{NAME}/README", "Small test model")
    return buf.getvalue()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path, bytes]]:
    """A model site on 127.0.0.1: model-list.json plus the zip, like the official one."""
    root = tmp_path / "site"
    root.mkdir()
    data = model_zip()
    (root / f"{NAME}.zip").write_bytes(data)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_QuietHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    catalogue = [
        {
            "lang": "xx",
            "name": NAME,
            "md5": hashlib.md5(data).hexdigest(),
            "size": len(data),
            "type": "small",
            "obsolete": "false",
            "version": "0.1",
            "url": f"{base}/{NAME}.zip",
        },
        {
            "lang": "xx",
            "name": "vosk-model-xx-0.0",
            "md5": "0" * 32,
            "size": 1,
            "type": "big",
            "obsolete": "true",
            "version": "0.0",
            "url": f"{base}/old.zip",
        },
    ]
    (root / "model-list.json").write_text(json.dumps(catalogue))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root, data
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_install_by_language_then_resolve_it(
    site: tuple[str, Path, bytes], isolated_dirs: Path
) -> None:
    base, _, data = site
    seen: list[tuple[int, int]] = []
    info = install_model(language="xx", base_url=base, progress=lambda d, t: seen.append((d, t)))
    assert info.path.name == NAME and info.language == "xx"
    assert seen[-1] == (len(data), len(data))
    assert resolve_model("xx").path == info.path
    from trainer.paths import models_dir

    assert sorted(p.name for p in models_dir().iterdir()) == [NAME]  # no leftovers


def test_damaged_download_installs_nothing(
    site: tuple[str, Path, bytes], isolated_dirs: Path
) -> None:
    base, root, data = site
    (root / f"{NAME}.zip").write_bytes(data[:-10] + b"0123456789")  # same size, other bytes
    with pytest.raises(SpeechError, match="damaged") as err:
        install_model(NAME, base_url=base)
    assert "nothing was installed" in err.value.fix
    from trainer.paths import models_dir

    assert list(models_dir().iterdir()) == []


def test_unknown_name_and_unreachable_site_say_what_to_do(
    site: tuple[str, Path, bytes], isolated_dirs: Path
) -> None:
    base, _, _ = site
    with pytest.raises(SpeechError, match="no official model called 'nope'") as err:
        install_model("nope", language="xx", base_url=base)
    assert NAME in err.value.fix
    with pytest.raises(SpeechError, match="cannot read the model list") as err:
        install_model(language="xx", base_url="http://127.0.0.1:9")
    assert "unpack it into" in err.value.fix


def test_cli_install_model_shows_progress(
    site: tuple[str, Path, bytes], isolated_dirs: Path
) -> None:
    base, _, _ = site
    out = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "install-model", NAME, "--from", base],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert f"Installing {NAME}" in out.stdout
    assert "Downloading" in out.stderr and "100%" in out.stderr
    assert "Installed:" in out.stdout
    again = subprocess.run(
        [sys.executable, "-m", "trainer", "speech", "install-model", NAME, "--from", base],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0 and "Installed:" in again.stdout
