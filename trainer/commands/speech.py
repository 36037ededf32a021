"""`trainer speech …`: transcribe or play a recording, check the set-up, install a model."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable

import click

from trainer.commands.common import echo, fail, settings_reported, warn
from trainer.safe_text import display, json_dumps

CHECK_HELP = """Check voice input: PortAudio, microphones and the speech model, then record
a short test and show its level and transcript."""


def register(group: click.Group) -> None:
    group.add_command(speech)


@click.group()
def speech() -> None:
    """Offline speech: transcribe or play recordings, check the microphone, install models."""


def _fail_speech(exc: Exception) -> None:
    fail(str(exc))


@speech.command()
@click.argument("wav", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--model",
    "model",
    metavar="PATH",
    help="Vosk model folder [default: the vosk_model setting, else an installed one].",
)
@click.option("--language", metavar="LANG", help="Pick an installed model for this language.")
@click.option(
    "--phrase",
    "phrases",
    multiple=True,
    metavar="TEXT",
    help="Restrict recognition to these phrases (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print text, word timings and warnings.")
@click.pass_context
def transcribe(
    ctx: click.Context,
    wav: str,
    model: str | None,
    language: str | None,
    phrases: tuple[str, ...],
    as_json: bool,
) -> None:
    """Transcribe a WAV recording (PCM or float, any sample rate, mono or stereo)."""
    from pathlib import Path

    from trainer.speech.api import model_for, transcribe_file
    from trainer.speech.audio import read_wav
    from trainer.speech.errors import SpeechError
    from trainer.speech.models import main_language, unheard_scenarios

    try:
        read_wav(Path(wav))  # a bad file is told before anything else
        info = model_for(language, model)
        transcript = transcribe_file(
            Path(wav), language=language, model=info, phrases=list(phrases) or None
        )
    except SpeechError as exc:
        _fail_speech(exc)
        return
    languages = _scenario_languages(ctx) if language is None else Counter[str]()
    if unheard := unheard_scenarios(info, languages):
        # A model in a language no scenario uses: the text is likely nonsense; say why.
        warn(
            f"warning: {unheard}; this is what a {info.language} model heard: for a recording "
            f"in {main_language(languages)}, pass --language {main_language(languages)}"
        )
    unheard_wav = (
        None
        if transcript.words
        else (
            f"{wav}: nothing was recognised in it ({transcript.duration_s:.1f} s): it is "
            f"silent, or not speech in the model's language ({info.language or 'unknown'}, "
            f"{info.name})"
        )
    )
    if as_json:  # the same verdict as below: in the warnings, on stderr and exit status 1
        shown = transcript.to_dict()
        shown["warnings"] += [unheard_wav] if unheard_wav else []
        click.echo(json_dumps(shown, indent=2))
    else:
        for warning in transcript.warnings:
            warn(f"warning: {warning}")
    if unheard_wav:
        fail(unheard_wav)
    if not as_json:
        echo(transcript.text)


def _scenario_languages(ctx: click.Context) -> Counter[str]:
    """How many scenarios each language has (the library on this machine; no server)."""
    from pathlib import Path

    from trainer.scenario.library import load_library

    dirs = [Path(d) for d in (ctx.find_root().obj or {}).get("scenario_dirs", [])]
    library = load_library(dirs)
    return Counter(loaded.scenario.language for loaded in library.scenarios.values())


@speech.command()
@click.argument("wav", type=click.Path(dir_okay=False, path_type=str))
@click.option("--device", metavar="NAME|INDEX", help="Audio output [default: the system's].")
def play(wav: str, device: str | None) -> None:
    """Play a WAV recording, such as a recorded answer.

    `trainer show ATTEMPT` lists an attempt's recordings. Ctrl+C stops."""
    from trainer.settings import parse_device
    from trainer.speech.errors import SpeechError
    from trainer.speech.playback import play as play_file
    from trainer.speech.playback import recording_info

    dev = parse_device(device)
    info = recording_info(wav)
    length = f" ({info.seconds:.1f} s)" if info.seconds is not None else ""
    try:
        if sys.stdout.isatty():
            echo(f"Playing {wav}{length}; Ctrl+C stops.")
        playback = play_file(wav, dev)
    except SpeechError as exc:
        _fail_speech(exc)
        return
    if playback.stopped_early:
        click.echo(f"Stopped at {playback.position_s:.1f} s.")


@speech.command()
def devices() -> None:
    """List the microphones: number, name, the default one. Pick one with --device NUMBER or
    NAME, or `trainer config set input_device NAME` (Settings in the app)."""
    from trainer.speech.errors import SpeechError
    from trainer.speech.sources import NO_MIC_FIX, input_devices

    try:
        found = input_devices()
    except SpeechError as exc:
        fail(exc.line)
    if not found:
        fail(SpeechError("no microphone found", NO_MIC_FIX).line)
    for d in found:
        default = "  (default)" if d.is_default else ""
        echo(f"{d.index:>3}  {d.name}  {d.channels} ch, {d.default_rate} Hz{default}")


@speech.command(help=CHECK_HELP)
@click.option(
    "--model",
    "model",
    metavar="PATH",
    help="Vosk model folder [default: the vosk_model setting, else an installed one].",
)
@click.option("--language", metavar="LANG", help="Check the model for this language.")
@click.option(
    "--device",
    metavar="NAME|INDEX",
    help="Microphone [default: the input_device setting, else the system's].",
)
@click.option(
    "--seconds",
    type=click.FloatRange(0.5, 30),
    default=3.0,
    show_default=True,
    help="Length of the test recording.",
)
@click.option("--no-record", is_flag=True, help="Skip the test recording.")
@click.pass_context
def check(
    ctx: click.Context,
    model: str | None,
    language: str | None,
    device: str | None,
    seconds: float,
    no_record: bool,
) -> None:
    from trainer.settings import parse_device
    from trainer.speech.check import (
        CheckLine,
        check_devices,
        check_model,
        check_portaudio,
        check_voice,
        record_test,
    )
    from trainer.speech.errors import SpeechError
    from trainer.speech.models import install_hint, main_language, unheard_scenarios
    from trainer.speech.recogniser import Recogniser

    dev = parse_device(device)
    if dev is None:
        dev = settings_reported().input_device

    def show(line: CheckLine) -> None:
        mark = click.style("ok     ", fg="green") if line.ok else click.style("PROBLEM", fg="red")
        click.echo(f"{line.label:<11} {mark} " + display(line.detail))
        if line.fix:
            echo(f"{'':<11}         fix: {line.fix}")

    lines = [check_portaudio()]
    show(lines[-1])
    if lines[-1].ok:
        lines.append(check_devices(dev))
        show(lines[-1])
    model_line, recogniser = check_model(language, model)
    lines.append(model_line)
    show(model_line)
    if isinstance(recogniser, Recogniser) and language is None:
        languages = _scenario_languages(ctx)
        if unheard := unheard_scenarios(recogniser.model, languages):
            main = main_language(languages)
            lines.append(CheckLine("Language", False, unheard, install_hint(main)))
            show(lines[-1])
    show(check_voice(language))  # optional: the prospect's lines are text without it
    all_ok = all(line.ok for line in lines)
    if all_ok and not no_record and recogniser is not None:
        click.echo("Test        opening the microphone…")

        def ready() -> None:
            click.echo(f"Test        speak now for {seconds:g} seconds…")
            sys.stdout.flush()

        try:
            result = record_test(recogniser, seconds, dev, on_ready=ready)
        except SpeechError as exc:
            show(CheckLine("Test", False, exc.problem, exc.fix))
            sys.exit(1)
        bar = "█" * int(max(0.0, min(1.0, (result.peak_dbfs + 60) / 60)) * 20)
        quiet = result.peak_dbfs < -50
        all_ok = not quiet
        show(
            CheckLine(
                "Level",
                not quiet,
                f"peak {result.peak_dbfs:.0f} dBFS {bar}",
                "speak louder, move closer, or check the input volume" if quiet else "",
            )
        )
        heard = result.text or "(nothing recognised)"
        show(
            CheckLine(
                "Heard",
                bool(result.text),
                heard,
                "" if result.text else "speak during the test, in the model's language",
            )
        )
    if not all_ok:
        click.echo("Typed answers work without any of this.")
        sys.exit(1)


@speech.command("install-model")
@click.argument("name", required=False)
@click.option(
    "--language",
    default="en-us",
    show_default=True,
    metavar="LANG",
    help="Without NAME: install the newest small model for this language.",
)
@click.option(
    "--from",
    "base_url",
    metavar="URL",
    help="Model site [env TRAINER_VOSK_MODELS_URL; default: the official one].",
)
def install_model_command(name: str | None, language: str, base_url: str | None) -> None:
    """Download an official Vosk model, verify it and install it in the data directory."""
    from trainer.speech.errors import SpeechError
    from trainer.speech.install import ModelEntry, install_model

    def chosen(entry: ModelEntry) -> None:
        size = f" ({entry.size / 1e6:.0f} MB)" if entry.size else ""
        echo(f"Installing {entry.name}{size}")

    progress, close = _download_progress()
    try:
        info = install_model(name, language, base_url, progress=progress, on_chosen=chosen)
    except SpeechError as exc:
        _fail_speech(exc)
        return
    finally:
        close()
    echo(f"Installed: {info.path} (language {info.language or '?'})")


def _download_progress() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress bar on a terminal (a line per quarter in a log), and its closer."""
    from click._termui_impl import ProgressBar

    bar: list[ProgressBar[int]] = []
    steps_shown: set[int] = set()

    def progress(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            step = done * 4 // total if total else 0
            if step not in steps_shown:
                steps_shown.add(step)
                click.echo(f"Downloading: {step * 25}% ({done / 1e6:.1f} MB)", err=True)
            return
        if not bar:
            new: ProgressBar[int] = click.progressbar(
                length=total or None,
                label="Downloading",
                file=sys.stderr,
                show_eta=True,
                show_percent=True,
            )
            new.__enter__()
            bar.append(new)
        bar[0].update(done - bar[0].pos)

    def close() -> None:
        if bar:
            bar[0].__exit__(None, None, None)

    return progress, close


@speech.command("voices")
@click.option("--json", "as_json", is_flag=True, help="One object per voice.")
def voices_command(as_json: bool) -> None:
    """List the prospect voices installed (data directory, voice packages) and the one used."""
    from trainer.speech.errors import SpeechError
    from trainer.speech.voices import installed_voices, resolve_voice

    found = installed_voices()
    try:
        chosen = resolve_voice(None, configured=settings_reported().prospect_voice).path
    except SpeechError:
        chosen = None
    if as_json:
        click.echo(
            json_dumps(
                [
                    {
                        "name": v.name,
                        "language": v.language,
                        "path": str(v.path),
                        "sample_rate": v.sample_rate,
                        "source": v.source,
                        "default": v.path == chosen,
                    }
                    for v in found
                ],
                indent=2,
            )
        )
        return
    if not found:
        from trainer.speech.voices import install_voice_hint

        echo("No prospect voice installed; the prospect's lines are shown as text.")
        echo(f"To hear the prospect: {install_voice_hint()}")
        return
    for v in found:
        mark = "*" if v.path == chosen else " "
        echo(f"{mark} {v.name:<28} {v.language or '?':<6} {v.sample_rate} Hz  {v.source}: {v.path}")


@speech.command("install-voice")
@click.argument("name")
@click.option(
    "--from",
    "base_url",
    metavar="URL",
    help="Voice site [env TRAINER_PIPER_VOICES_URL; default: the official one].",
)
def install_voice_command(name: str, base_url: str | None) -> None:
    """Download an official Piper voice (e.g. en_US-lessac-medium), verify it and install
    it in the data directory."""
    from trainer.speech.errors import SpeechError
    from trainer.speech.voice_install import VoiceEntry, install_voice

    def chosen(entry: VoiceEntry) -> None:
        echo(f"Installing {entry.name} ({entry.size / 1e6:.0f} MB)")

    progress, close = _download_progress()
    try:
        info = install_voice(name, base_url, progress=progress, on_chosen=chosen)
    except SpeechError as exc:
        _fail_speech(exc)
        return
    finally:
        close()
    echo(f"Installed: {info.path} (language {info.language or '?'})")


@speech.command("say")
@click.argument("text")
@click.option(
    "--voice",
    metavar="NAME|FILE",
    help="Voice (`trainer speech voices`) [default: the prospect_voice setting, else "
    "one for the language].",
)
@click.option("--language", metavar="LANG", help="Pick an installed voice for this language.")
@click.option(
    "--speed",
    type=click.FloatRange(0.5, 2.0),
    default=1.0,
    show_default=True,
    help="How fast the voice speaks: 0.5 (slow) to 2.0 (fast).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write a WAV file instead of playing.",
)
@click.option("--device", metavar="NAME|INDEX", help="Audio output [default: the system's].")
def say(
    text: str,
    voice: str | None,
    language: str | None,
    speed: float,
    out: str | None,
    device: str | None,
) -> None:
    """Say TEXT in the prospect's voice, to hear how a scenario line sounds."""
    from pathlib import Path

    from trainer.settings import parse_device
    from trainer.speech.errors import SpeechError
    from trainer.speech.playback import Playback
    from trainer.speech.voice_out import ProspectVoice, write_utterance
    from trainer.speech.voices import resolve_voice

    try:
        info = resolve_voice(
            language, explicit=voice, configured=settings_reported().prospect_voice
        )
        utterance = ProspectVoice.shared(info).synthesise(text, speed)
        if out:
            write_utterance(utterance, Path(out))
            echo(f"Wrote {out} ({utterance.duration_s:.1f} s, voice {info.name})")
            return
        playback = Playback(Path("say.wav"), parse_device(device), audio=utterance.audio)
        try:
            playback.run()
        except KeyboardInterrupt:
            playback.stop()
    except SpeechError as exc:
        _fail_speech(exc)
    except OSError as exc:
        fail(f"cannot write {out} ({exc})")
