"""Playing recordings back: through a real PulseAudio null sink whose monitor is recorded,
so the tests hear what a rep would hear (the tones, their order and their length)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.speech.conftest import pulse_env, require_part, run_cli  # noqa: F401 - fixtures
from trainer.speech.errors import SpeechError

MONITOR_RATE = 16000  # the fixture's null sink runs at 16 kHz mono


def tone(path: Path, *parts: tuple[float, int], rate: int = 22050, channels: int = 1) -> Path:
    """A WAV of sine tones at half scale: parts are (seconds, hertz), one after the other."""
    require_part("sox", shutil.which("sox") is not None)
    pieces = []
    for n, (seconds, hertz) in enumerate(parts):
        piece = path.with_name(f"{path.stem}-{n}.wav")
        subprocess.run(
            [
                "sox",
                "-n",
                "-r",
                str(rate),
                "-c",
                str(channels),
                "-b",
                "16",
                str(piece),
                "synth",
                str(seconds),
                "sine",
                str(hertz),
                "vol",
                "0.5",
            ],
            check=True,
            capture_output=True,
        )
        pieces.append(str(piece))
    if len(pieces) == 1:
        Path(pieces[0]).replace(path)
    else:
        subprocess.run(["sox", *pieces, str(path)], check=True, capture_output=True)
    return path


class Monitor:
    """Records the null sink's monitor with parec: what reached the 'speakers'."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [
                "parec",
                "-d",
                "trainer_mic.monitor",
                f"--rate={MONITOR_RATE}",
                "--channels=1",
                "--format=s16le",
                "--raw",
                "--latency-msec=20",
            ],
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.data = bytearray()
        self.flowing = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self.flowing.wait(10), "the sink monitor gave no audio within 10 s"
        time.sleep(0.2)  # a little silence before the sound

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read1(4096):  # type: ignore[attr-defined]
            self.data.extend(chunk)
            self.flowing.set()

    def blocks(self) -> list[tuple[float, float, int]]:
        """(time, rms, dominant hertz) per 10 ms block recorded so far."""
        import numpy as np

        data = bytes(self.data)
        x = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
        block = MONITOR_RATE // 100
        out = []
        for i in range(len(x) // block):
            seg = x[i * block : (i + 1) * block].astype(np.float64)
            spectrum = np.abs(np.fft.rfft(seg, MONITOR_RATE // 10))
            out.append((i / 100, float(np.sqrt(np.mean(seg * seg))), int(np.argmax(spectrum) * 10)))
        return out

    def stop(self) -> list[tuple[float, float, int]]:
        """Stop once the sound has been heard and followed by 0.3 s of silence (a slow
        machine delivers the monitor's audio late: wait for it rather than for a clock)."""
        for _ in range(200):
            blocks = self.blocks()
            if loud(blocks) and not loud(blocks[-30:]) and len(blocks) >= 30:
                break
            time.sleep(0.05)
        self.proc.terminate()
        self.proc.wait(5)
        self._reader.join(5)
        return self.blocks()


def pitched(blocks: list[tuple[float, float, int]], hertz: int) -> bool:
    """Every block's strongest frequency is `hertz` (within the 10 Hz bins' smear), but one:
    on a loaded machine the sound server may smear a single 10 ms block."""
    off = sum(abs(hz - hertz) > 20 for _, _, hz in blocks)
    return len(blocks) > 10 and off <= 1


def loud(blocks: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    return [b for b in blocks if b[1] > 1000]  # a half-scale tone has an RMS of ~11 600


@pytest.fixture
def speakers(
    pulse_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[dict[str, str]]:
    """PortAudio in this process pointed at the test's PulseAudio (null sink = speakers)."""
    from trainer.speech.sources import rescan_devices

    require_part("parec (pulseaudio-utils)", shutil.which("parec") is not None)
    for key, value in pulse_env.items():
        monkeypatch.setenv(key, value)
    rescan_devices()
    yield pulse_env


@pytest.mark.real_part
def test_a_recording_is_heard_whole_and_in_order(speakers: dict[str, str], tmp_path: Path) -> None:
    from trainer.speech.playback import Playback

    wav = tone(tmp_path / "two.wav", (0.5, 440), (0.5, 880))
    playback = Playback(wav)
    assert playback.rate == 22050  # the device takes the file's own rate
    monitor = Monitor(speakers)
    assert playback.run() is True
    heard = loud(monitor.stop())
    length = len(heard) / 100
    assert 0.9 <= length <= 1.1, f"heard {length:.2f} s of a 1.0 s recording"
    first, last = heard[: len(heard) // 2 - 5], heard[len(heard) // 2 + 5 :]
    assert pitched(first, 440) and pitched(last, 880)
    assert playback.position_s == pytest.approx(1.0)


@pytest.mark.real_part
def test_a_rate_the_device_refuses_is_resampled(speakers: dict[str, str], tmp_path: Path) -> None:
    """PortAudio refuses 768 kHz here, so the file is resampled to the device's own rate."""
    from trainer.speech.playback import Playback

    wav = tone(tmp_path / "high.wav", (0.5, 1000), rate=768000)
    playback = Playback(wav)
    assert playback.file_rate == 768000 and playback.rate != 768000
    monitor = Monitor(speakers)
    assert playback.run() is True
    heard = loud(monitor.stop())
    assert 0.4 <= len(heard) / 100 <= 0.6
    assert pitched(heard[2:-2], 1000)


@pytest.mark.real_part
def test_a_stereo_recording_plays(speakers: dict[str, str], tmp_path: Path) -> None:
    from trainer.speech.playback import Playback

    wav = tone(tmp_path / "stereo.wav", (0.4, 660), rate=44100, channels=2)
    monitor = Monitor(speakers)
    assert Playback(wav).run() is True
    heard = loud(monitor.stop())
    assert 0.3 <= len(heard) / 100 <= 0.5
    assert pitched(heard[2:-2], 660)


@pytest.mark.real_part
def test_stop_cuts_the_playback_short(speakers: dict[str, str], tmp_path: Path) -> None:
    from trainer.speech.playback import Playback

    wav = tone(tmp_path / "long.wav", (5.0, 440))
    playback = Playback(wav)
    monitor = Monitor(speakers)
    thread = threading.Thread(target=playback.run)
    thread.start()
    for _ in range(200):  # until the device has taken half a second of audio
        if playback.position_s >= 0.5:
            break
        time.sleep(0.02)
    playback.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert playback.stopped_early and playback.finished.is_set()
    heard = loud(monitor.stop())
    assert 0.1 <= len(heard) / 100 < 2.5, "stop() should end the sound well before 5 s"


@pytest.mark.real_part
def test_cli_plays_a_recording(speakers: dict[str, str], tmp_path: Path) -> None:
    wav = tone(tmp_path / "cli.wav", (0.6, 440))
    monitor = Monitor(speakers)
    out = run_cli("speech", "play", str(wav), env=speakers)
    heard = loud(monitor.stop())
    assert out.returncode == 0, out.stderr
    assert 0.5 <= len(heard) / 100 <= 0.7


def test_a_deleted_recording_says_it_is_gone_and_how_to_keep_them(tmp_path: Path) -> None:
    from trainer.speech.playback import Playback, recording_info

    missing = tmp_path / "gone.wav"
    with pytest.raises(SpeechError) as caught:
        Playback(missing)
    assert caught.value.problem.startswith("the recording gone.wav is gone: it was deleted")
    assert "recording_retention_days" in caught.value.fix
    assert recording_info(missing).state == "gone"


def test_a_file_that_is_not_a_wav_is_refused_clearly(tmp_path: Path) -> None:
    from trainer.speech.playback import Playback, recording_info

    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(SpeechError) as caught:
        Playback(bad)
    assert "it is not a WAV file we can read" in caught.value.problem
    assert "damaged" in caught.value.fix
    assert recording_info(bad).state == "unreadable"


def test_recording_info_reads_the_length_from_the_header(tmp_path: Path) -> None:
    from trainer.speech.playback import recording_info
    from trainer.speech.recorder import write_wav

    wav = write_wav(tmp_path / "a.wav", b"\0\0" * 16000 * 3, 16000)
    info = recording_info(wav)
    assert info.playable and info.seconds == pytest.approx(3.0)


def test_cli_with_no_audio_output_gives_the_fix(tmp_path: Path) -> None:
    """No sound server and no sound card: PortAudio finds no output at all."""
    from trainer.speech.recorder import write_wav

    wav = write_wav(tmp_path / "a.wav", b"\0\0" * 1600, 16000)
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    env = {
        "XDG_RUNTIME_DIR": str(run),
        "HOME": str(tmp_path),
        "PULSE_SERVER": f"unix:{run}/nothing-here",
    }
    out = run_cli("speech", "play", str(wav), env=env)
    assert out.returncode == 1
    assert "no speakers or headphones found" in out.stderr
    assert "fix: plug in or enable speakers or headphones" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_without_portaudio_says_how_to_install_it(tmp_path: Path) -> None:
    """sounddevice raises OSError when libportaudio is missing; simulate exactly that."""
    from trainer.speech.recorder import write_wav

    wav = write_wav(tmp_path / "a.wav", b"\0\0" * 1600, 16000)
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    out = run_cli(
        "speech", "play", str(wav), env={"PYTHONPATH": os.pathsep.join([str(fake), os.getcwd()])}
    )
    assert out.returncode == 1
    assert "cannot play recordings: PortAudio is not available" in out.stderr
    assert "sudo apt install libportaudio2" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_with_a_missing_file(tmp_path: Path) -> None:
    out = run_cli("speech", "play", str(tmp_path / "nope.wav"))
    assert out.returncode == 1
    assert "the recording nope.wav is gone" in out.stderr
    assert "Traceback" not in out.stderr
