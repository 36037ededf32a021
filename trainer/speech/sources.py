"""Audio sources behind one interface: the microphone (sounddevice) and a WAV file.

A source calls `on_audio(samples)` from its own thread with numpy arrays shaped
(frames, channels) at `rate`; `PcmConverter` turns them into what the model needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from trainer.settings import parse_device
from trainer.speech.errors import SpeechError, missing_extra

AudioCallback = Callable[[Any], None]
BLOCK_S = 0.05  # 50 ms blocks: smooth level meter, low latency

PORTAUDIO_FIX = (
    "install the PortAudio library (Debian/Ubuntu: sudo apt install libportaudio2; "
    "macOS: brew install portaudio), then try again; typed answers work meanwhile"
)
NO_DEVICE_FIX = (
    "plug in or enable a microphone, or pick one with `trainer speech devices` or in Settings "
    "(Microphone); on Linux make sure PulseAudio/PipeWire is running; or answer by typing"
)
# When no input device is listed at all there is none to pick.
NO_MIC_FIX = (
    "plug in or enable a microphone; on Linux make sure PulseAudio/PipeWire is running; "
    "or answer by typing"
)


# PortAudio's PaErrorCode values (sounddevice.PortAudioError.args[1]), from portaudio.h.
PA_INVALID_SAMPLE_RATE = -9997
PA_INVALID_DEVICE = -9996
PA_DEVICE_UNAVAILABLE = -9985  # ALSA "Device or resource busy", another program has it
COMMON_RATES = (48000, 44100, 32000, 22050, 16000, 8000)


class AudioSource(Protocol):
    rate: int
    channels: int

    def start(self, on_audio: AudioCallback) -> None: ...

    def stop(self) -> None: ...


def load_sounddevice(portaudio_fix: str = PORTAUDIO_FIX) -> Any:
    """The sounddevice module, or a SpeechError that says how to get PortAudio."""
    try:
        import sounddevice
    except OSError as exc:  # sounddevice raises OSError when libportaudio is missing
        raise SpeechError(f"PortAudio is not available ({exc})", portaudio_fix) from exc
    except ImportError as exc:
        raise missing_extra("sounddevice", exc) from exc
    return sounddevice


@dataclass(frozen=True, slots=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_rate: int
    is_default: bool


def input_devices() -> list[InputDevice]:
    sd = load_sounddevice()
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0]
    except Exception as exc:
        raise SpeechError(
            f"cannot list audio devices (PortAudio: {short_text(str(exc))})", NO_DEVICE_FIX
        ) from exc
    if default_in is None or default_in < 0:
        try:
            default_in = sd.query_devices(kind="input")["index"]
        except Exception:
            default_in = -1
    return [
        InputDevice(
            i,
            str(d["name"]),
            int(d["max_input_channels"]),
            int(d["default_samplerate"]),
            i == default_in,
        )
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]


def portaudio_code(exc: BaseException) -> int | None:
    """The PaErrorCode of a sounddevice.PortAudioError, if it carries one."""
    args: tuple[Any, ...] = exc.args
    return args[1] if len(args) > 1 and isinstance(args[1], int) else None


def describe_devices(devices: list[InputDevice]) -> str:
    """ "0 'pulse', 1 'default' (default)": what --device and input_device accept."""
    return ", ".join(
        f"{d.index} '{d.name}'" + (" (default)" if d.is_default else "") for d in devices
    )


def unknown_device_error(device: str | int, exc: BaseException) -> SpeechError:
    """The named or numbered device is not an input device here: list the ones that are."""
    try:
        devices = input_devices()
    except SpeechError:
        devices = []
    kind = "number" if isinstance(device, int) else "name"
    why = str(exc)
    if "multiple" in why.lower():
        problem = f"more than one input device matches '{device}' ({why})"
    else:
        problem = f"there is no input device with the {kind} '{device}'"
    if not devices:
        return SpeechError(problem + "; no input device is available at all", NO_DEVICE_FIX)
    return SpeechError(
        problem,
        f"pick one of: {describe_devices(devices)} (a number, or a name or part of one) with "
        "--device or `trainer config set input_device NAME`; typed answers work meanwhile",
    )


def portaudio_failure(exc: BaseException, device: str | int | None) -> str:
    """What a PortAudio failure (opening an input or an output) means, by its PaErrorCode,
    else by its text: "busy", "rate" (sample rate refused), "unknown" (the named or
    numbered `device` is not there), "none" (no device at all) or "other"."""
    lowered = str(exc).lower()
    code = portaudio_code(exc)
    if code == PA_DEVICE_UNAVAILABLE or "unavailable" in lowered or "busy" in lowered:
        return "busy"
    if code == PA_INVALID_SAMPLE_RATE or "sample rate" in lowered:
        return "rate"
    if device is not None and (
        code == PA_INVALID_DEVICE or "querying device" in lowered or isinstance(exc, ValueError)
    ):
        return "unknown"
    if (
        "querying device -1" in lowered
        or "no default" in lowered
        or any(f"no {kind}device" in lowered for kind in ("", "input ", "output "))
    ):
        return "none"
    return "other"


def _device_error(
    exc: BaseException, device: str | int | None, rate: int | None = None
) -> SpeechError:
    """A microphone's PortAudio failure in plain words (see `portaudio_failure`)."""
    text = str(exc)
    failure = portaudio_failure(exc, device)
    where = f"'{device}'" if device is not None else "the default microphone"
    if failure == "busy":
        return SpeechError(
            f"the microphone {where} is busy: another program is using it",
            "close the other program using it (a call, a recorder), or pick another "
            "device with --device; typed answers work meanwhile",
        )
    if failure == "rate":
        at = f" of {rate} Hz" if rate else ""
        return SpeechError(
            f"the microphone {where} refused the sample rate{at}",
            "pick another device with --device (see `trainer speech check`), or set its rate "
            "in your sound settings; typed answers work meanwhile",
        )
    if failure == "unknown" and device is not None:
        return unknown_device_error(device, exc)
    if failure == "none":
        return SpeechError("no microphone found", NO_DEVICE_FIX)
    # An unknown failure: PortAudio's own words, shortened, are the only clue
    return SpeechError(
        f"cannot open the microphone {where} (PortAudio: {short_text(text)})", NO_DEVICE_FIX
    )


def short_text(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MicrophoneSource:
    """Live input through sounddevice/PortAudio.

    Opens at `preferred_rate` (the model's) when the device accepts it, else at the
    device's own rate, else at the first common rate it accepts (the converter resamples).
    A device that accepts none says so. Mono if possible; stereo is downmixed."""

    def __init__(self, device: str | int | None = None, preferred_rate: int = 16000) -> None:
        device = parse_device(device)
        self.device = device
        self.sd = load_sounddevice()
        self._stream: Any = None
        self.first_audio = threading.Event()
        try:
            info = self.sd.query_devices(device, "input")
        except Exception as exc:
            raise _device_error(exc, device) from exc
        self.device_name = str(info["name"])
        self.channels = 1 if info["max_input_channels"] >= 1 else int(info["max_input_channels"])
        self.rate = self._pick_rate(int(preferred_rate), int(info["default_samplerate"]))

    def _pick_rate(self, preferred: int, device_default: int) -> int:
        tried: list[int] = []
        last: BaseException | None = None
        for rate in (preferred, device_default, *COMMON_RATES):
            if rate <= 0 or rate in tried:
                continue
            tried.append(rate)
            try:
                self.sd.check_input_settings(
                    device=self.device, samplerate=rate, channels=self.channels, dtype="int16"
                )
            except Exception as exc:
                if portaudio_failure(exc, self.device) != "rate":
                    raise _device_error(exc, self.device) from exc  # busy, gone, …
                last = exc
                continue
            return rate
        where = f"'{self.device}'" if self.device is not None else "the default microphone"
        raise SpeechError(
            f"the microphone {where} cannot record at any usable sample rate "
            f"(tried {', '.join(map(str, tried))} Hz: {last})",
            "pick another device with --device (see `trainer speech check`), or check its "
            "settings in your sound settings; typed answers work meanwhile",
        ) from last

    def start(self, on_audio: AudioCallback) -> None:
        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            self.first_audio.set()
            on_audio(indata.copy())

        try:
            self._stream = self.sd.InputStream(
                device=self.device,
                samplerate=self.rate,
                channels=self.channels,
                dtype="int16",
                blocksize=int(self.rate * BLOCK_S),
                callback=callback,
            )
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise _device_error(exc, self.device, self.rate) from exc

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
            finally:
                stream.close()


class WavFileSource:
    """A recording played as if spoken: in blocks, optionally at real-time pace."""

    def __init__(self, path: Path, realtime: bool = False) -> None:
        from trainer.speech.audio import read_wav

        self.audio = read_wav(Path(path))
        self.rate = self.audio.rate
        self.channels = self.audio.channels
        self.realtime = realtime
        self.first_audio = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.finished = threading.Event()

    def start(self, on_audio: AudioCallback) -> None:
        block = max(1, int(self.rate * BLOCK_S))

        def play() -> None:
            started = time.perf_counter()
            samples = self.audio.samples
            for n, i in enumerate(range(0, len(samples), block)):
                if self._stop.is_set():
                    break
                self.first_audio.set()
                on_audio(samples[i : i + block])
                if self.realtime:
                    delay = started + (n + 1) * BLOCK_S - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
            self.finished.set()

        self._thread = threading.Thread(target=play, name="wav-source", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def rescan_devices() -> None:
    """Make PortAudio list devices afresh (after plugging in a microphone, or a sound server
    starting); PortAudio otherwise keeps the list it saw when first loaded."""
    sd = load_sounddevice()
    sd._terminate()
    sd._initialize()
