"""`trainer drill`: run one scenario, in the terminal app or as plain text through a pipe."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import click

from trainer.commands.common import clock_from, fail, library_from, store_and_library

if TYPE_CHECKING:
    from trainer.drill.run import Drill, DrillExit, TurnOutcome
    from trainer.drill.voice import SpokenTurn, VoiceInput
    from trainer.scenario.library import Library
    from trainer.scenario.loader import LoadedScenario
    from trainer.settings import Settings
    from trainer.store.base import Store

PLAIN_HELP = """\
Type your answer and press Enter. Commands: /hint  /model (model answer)  /retry  /end"""
# When answers come from a pipe and the log cannot take one (the team server is down), it
# is sent again after these waits (about a minute in all) before the drill gives up.
RESEND_WAITS_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
KEPT_ANSWER = "(your answer is kept: press Enter to send it again, type another answer, or /end)"
HANDS_FREE_SILENCE_S = 1.5  # the answer ends after this much silence in phone mode
HANDS_FREE_MISSES = 3  # answers in a row with nothing heard end the phone mode
HANDS_FREE_HELP = """\
Phone mode: listen, then answer out loud; a pause ends your answer. Ctrl+C ends the call."""
VOICE_HELP = """\
Press Enter to speak and Enter again to stop, or type your answer.
Commands: /hint  /model (model answer)  /retry  /end"""


def register(group: click.Group) -> None:
    group.add_command(drill)


@click.command()
@click.argument("scenario_id", metavar="[SCENARIO]", required=False)
@click.option(
    "--due",
    is_flag=True,
    help="The daily session: today's due drills one after another, then a summary.",
)
@click.option("--rep", help="Who is drilling [default: the name in settings, else your login].")
@click.option("--seed", type=int, default=None, help="Pick prospect line variants reproducibly.")
@click.option("--plain", is_flag=True, help="Plain text: prompts on stdout, answers on stdin.")
@click.option(
    "--voice",
    is_flag=True,
    help="With --plain: answer by voice (Enter starts, Enter stops); typing still works.",
)
@click.option(
    "--model",
    metavar="PATH",
    help="Vosk model folder for --voice [default: the vosk_model setting, else an "
    "installed one for the scenario's language].",
)
@click.option(
    "--device",
    metavar="NAME|INDEX",
    help="Microphone for --voice [default: the input_device setting, else the "
    "system's]; `trainer speech check` lists them.",
)
@click.option(
    "--silence-stop",
    "silence_stop",
    type=click.FloatRange(0, 30),
    metavar="SECONDS",
    help="With --voice: also stop the answer after this much silence once you have "
    "started speaking; 0: only Enter stops it [default: the "
    "voice_stop_after_silence setting, else off].",
)
@click.option(
    "--prospect-voice",
    "prospect_voice",
    metavar="NAME|FILE",
    help="With --voice: the prospect's voice (`trainer speech voices`) [default: "
    "the prospect_voice setting, else an installed voice in the scenario's "
    "language].",
)
@click.option(
    "--mute", is_flag=True, help="With --voice: show the prospect's lines without speaking them."
)
@click.option(
    "--listen-first",
    "listen_first",
    is_flag=True,
    default=None,
    help="With --voice: show each prospect line only after it was heard.",
)
@click.option(
    "--hands-free",
    "hands_free",
    is_flag=True,
    help="Phone mode (implies --voice): the microphone opens after each line, the "
    "answer ends on silence, the next line follows; feedback at the end.",
)
@click.option(
    "--voice-from-wav",
    "voice_wavs",
    multiple=True,
    hidden=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Testing: play these WAVs (one per spoken answer) instead of the microphone.",
)
@click.pass_context
def drill(
    ctx: click.Context,
    scenario_id: str | None,
    due: bool,
    rep: str | None,
    seed: int | None,
    plain: bool,
    voice: bool,
    model: str | None,
    device: str | None,
    silence_stop: float | None,
    prospect_voice: str | None,
    mute: bool,
    listen_first: bool | None,
    hands_free: bool,
    voice_wavs: tuple[Path, ...],
) -> None:
    """Drill one SCENARIO (an id from `trainer list`); every answer is scored and logged.

    \b
    Examples:
      trainer drill objection/too-expensive
      trainer drill objection/too-expensive --plain --seed 1
      trainer drill objection/too-expensive --plain --voice --silence-stop 1.5
      trainer drill objection/too-expensive --plain --hands-free
      printf 'Fair. Compared to what?\\n' | trainer drill objection/too-expensive --plain
      trainer drill --due --plain
    """
    from trainer.scenario.library import ScenarioNotFound

    if due == bool(scenario_id):
        fail(
            "give a SCENARIO to drill, or --due for today's due drills (not both): "
            "trainer drill --due --plain",
            2,
        )
    voice = voice or bool(voice_wavs) or hands_free
    if hands_free and not plain:
        fail(
            "--hands-free goes with --plain (in the terminal app: trainer config set "
            f"hands_free true): trainer drill {scenario_id} --plain --hands-free",
            2,
        )
    if due:
        if voice:
            fail("--due runs typed drills; drill one scenario to answer by voice", 2)
        if not plain:
            from trainer.commands.app import run_app

            run_app(ctx, daily=True)
            return
        run_due_plain(ctx, rep, seed)
    assert scenario_id is not None
    if voice and not plain:
        fail(
            "--voice goes with --plain (the terminal app has its own talk key): "
            f"trainer drill {scenario_id} --plain --voice",
            2,
        )
    if plain and (sys.stdin is None or sys.stdout is None):
        fail(
            "the plain drill needs its input and output open: run it in a terminal or "
            "pipe answers in (printf 'answer\\n' | trainer drill ID --plain)",
            2,
        )

    def found(library: Library) -> LoadedScenario:
        assert scenario_id is not None
        try:
            return library.get(scenario_id)
        except ScenarioNotFound as exc:
            fail(str(exc))

    if not plain:
        from trainer.commands.app import run_app

        run_app(ctx, scenario_id=found(library_from(ctx)).scenario.id)
        return
    store, library = store_and_library(ctx, check=found)
    loaded = library.get(scenario_id)
    from trainer.drill.run import start_drill
    from trainer.settings import load_settings
    from trainer.store.base import StoreError

    settings, _ = load_settings()
    request = None
    if voice:
        from trainer.settings import parse_device

        if hands_free and silence_stop is None and not settings.voice_stop_after_silence:
            silence_stop = HANDS_FREE_SILENCE_S
        request = VoiceRequest(
            model,
            parse_device(device),
            silence_stop,
            list(voice_wavs),
            prospect_voice,
            not mute,
            settings.listen_first if listen_first is None else listen_first,
            hands_free,
        )
    _say_whose_log(store, settings, rep)
    try:
        drill = start_drill(
            loaded, store, settings=settings, clock=clock_from(ctx), rep=rep, seed=seed
        )
        if drill.pruned_recordings:
            click.echo(
                f"Deleted {drill.pruned_recordings} recording"
                f"{'' if drill.pruned_recordings == 1 else 's'} older than "
                f"{settings.recording_retention_days} days (recording_retention_days)."
            )
        _tolerant_input(sys.stdin)
        code = run_plain(drill, sys.stdin, sys.stdout, request, settings)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    raise SystemExit(int(code))


def _say_whose_log(store: Store, settings: Settings, rep: str | None) -> None:
    """Once, on stderr: the practice is logged under the computer's login name because no
    name was given or set (the app asks on its first start; a plain drill cannot ask)."""
    from trainer.safe_text import one_line
    from trainer.store.base import rep_is_login_name, rep_of

    if rep_is_login_name(store, settings, rep):
        name = rep_of(store, settings, rep)
        click.echo(
            f"Logging this practice as {one_line(name)} (this computer's login name); for your"
            ' own name: trainer config set rep "Your Name" (or give --rep NAME).',
            err=True,
        )


def run_due_plain(ctx: click.Context, rep: str | None, seed: int | None) -> None:
    """`trainer drill --due --plain`: the daily session through the drill service."""
    from trainer.drill.daily import queue_words, start_daily
    from trainer.drill.run import DrillExit, start_drill
    from trainer.safe_text import display
    from trainer.settings import load_settings
    from trainer.store.base import StoreError
    from trainer.words import plural

    if sys.stdin is None or sys.stdout is None:
        fail(
            "the plain drill needs its input and output open: run it in a terminal or "
            "pipe answers in (printf 'answer\\n' | trainer drill --due --plain)",
            2,
        )
    settings, _ = load_settings()
    store, library = store_and_library(ctx)
    _say_whose_log(store, settings, rep)
    code = DrillExit.FINISHED
    try:
        session = start_daily(store, library, settings, clock_from(ctx), rep)
        queue = session.queue
        if not queue.items:
            when = f" Next due: {queue.next_due.isoformat()}." if queue.next_due else ""
            click.echo(f"Nothing is due today.{when}")
            raise SystemExit(0)
        click.echo(
            f"Daily practice: {queue_words(queue)}, {plural(len(queue.items), 'drill')} in all."
        )
        _tolerant_input(sys.stdin)
        watched = _EndOfInput(sys.stdin)
        while (planned := session.next_item()) is not None:
            item, loaded = planned
            click.echo(f"\n--- {display(session.announce(item))} ---")
            drill = start_drill(
                loaded, store, settings=settings, clock=clock_from(ctx), rep=session.rep, seed=seed
            )
            code = run_plain(drill, cast(TextIO, watched), sys.stdout, None, settings)
            session.record(item, loaded.scenario.title, drill.view())
            if code in (DrillExit.INTERRUPTED, DrillExit.FAILED) or watched.ended:
                session.stopped = True
        click.echo("\n== " + "\n".join(display(line) for line in session.summary()))
        if not session.stopped:
            code = DrillExit.FINISHED
        elif code is DrillExit.FINISHED:
            code = DrillExit.ENDED_EARLY
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    raise SystemExit(int(code))


class _EndOfInput:
    """The answers' stream, remembering when it ran out (the session then stops)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.ended = False

    def readline(self) -> str:
        line = self._stream.readline()
        self.ended = self.ended or not line
        return line

    def isatty(self) -> bool:
        return self._stream.isatty()


def _tolerant_input(stream: TextIO) -> None:
    """Bytes that are not text in the input's encoding arrive as escapes, never as an error
    (the drill turns them into U+FFFD before they are scored or logged)."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(OSError, ValueError):
            reconfigure(errors="surrogateescape")


@dataclass(frozen=True, slots=True)
class VoiceRequest:
    """What `--voice` asked for."""

    model: str | None = None
    device: str | int | None = None  # None: the input_device setting
    silence_stop_s: float | None = None  # None: the voice_stop_after_silence setting; 0: off
    wav_files: list[Path] = field(default_factory=list)
    prospect_voice: str | None = None  # --prospect-voice
    speak: bool = True  # False: --mute
    listen_first: bool = False
    hands_free: bool = False


def run_plain(
    drill: Drill,
    inp: TextIO,
    out: TextIO,
    voice_request: VoiceRequest | None = None,
    settings: Settings | None = None,
) -> DrillExit:
    """The plain-text drill loop over the drill service; returns the exit code."""
    from trainer.drill.run import EMPTY_ANSWER, DrillExit, ProspectTurn, SessionError, answer_text
    from trainer.safe_text import display
    from trainer.speech.errors import SpeechError
    from trainer.store.base import ServerUnreachable, StoreError

    scenario = drill.loaded.scenario
    persona = scenario.persona
    interactive = inp.isatty()

    def say(text: str = "") -> None:  # content shown as text (trainer.safe_text)
        out.write(display(text) + "\n")
        out.flush()

    who = ", ".join(p for p in (persona.role, persona.company) if p)
    from trainer.words import kind_word

    say(
        f"== {scenario.title} ({kind_word(scenario.kind.value)}, difficulty "
        f"{scenario.difficulty}) =="
    )
    say(f"Prospect: {persona.label}" + (f", {who}" if who else ""))
    say(f"Brief: {scenario.brief}")
    from trainer.commands.drill_prospect import SpokenLines, load_speaker

    speaker = None
    if voice_request and voice_request.speak:
        speaker = load_speaker(drill, voice_request.prospect_voice, say, settings)
    turn = drill.start()
    if speaker is not None:
        speaker.prepare(turn.line)  # made while the speech model loads
    voice = _load_voice(drill, voice_request, say, settings) if voice_request else None
    lines = _LineReader(inp) if voice_request else None
    read = lines.readline if lines else inp.readline
    hands_free = bool(voice and voice_request and voice_request.hands_free)
    spoken_lines = (
        SpokenLines(speaker, drill, say, voice_request.listen_first, interactive)
        if speaker is not None and voice_request is not None
        else None
    )
    cut_in: list[str] = []  # what the rep entered while the prospect spoke
    kept: list[Callable[[], TurnOutcome]] = []  # an answer the log could not take yet

    def send(answering: Callable[[], TurnOutcome], text: str) -> TurnOutcome | None:
        """Give the drill an answer. When the log cannot take it the drill stays on the
        same line: in a terminal the answer is kept and Enter sends it again; from a pipe
        it is sent again after a while, a few times, when the team server is away (other
        failures end the drill). None: not taken (yet)."""
        kept.clear()
        waits = iter(() if interactive else RESEND_WAITS_S)
        while True:
            try:
                return answering()
            except StoreError as exc:
                failure = exc
            # a full disk or a refusal does not go away by itself: only a server away does
            wait = next(waits, None) if isinstance(failure, ServerUnreachable) else None
            if wait is None:
                break
            say(f"(the answer was not saved: trying again in {wait:g} s)")
            time.sleep(wait)
        if not interactive and isinstance(failure, ServerUnreachable):
            raise StoreError(
                f"{failure} Tried again for {sum(RESEND_WAITS_S):g} s; this answer was not "
                f"saved: {text!r}. Run the drill again once the team server is back."
            )
        if not interactive:
            raise failure
        click.echo(f"trainer: {failure}", err=True)
        kept.append(answering)
        say(KEPT_ANSWER)
        return None

    def present(shown: str, line: str) -> None:
        if spoken_lines is None:
            say(shown)
            if voice_request is not None:  # the pause runs from the line appearing
                drill.prospect_heard(time.monotonic())
        elif (typed := spoken_lines.present(shown, line, lines)) is not None:
            cut_in.append(typed)

    say(HANDS_FREE_HELP if hands_free else VOICE_HELP if voice else PLAIN_HELP)
    code = DrillExit.FINISHED
    misses = 0
    feedback: list[TurnOutcome] = []
    try:
        present(f"\n{persona.label}: {turn.line}", turn.line)
        while not drill.finished:
            if hands_free and voice and lines:
                try:
                    spoken = _speak(voice, drill, lines, out, hands_free=True)
                except SpeechError as exc:
                    say(f"Voice problem: {exc.line}")
                    say("Phone mode is off for the rest of this drill: type your answers.")
                    voice, hands_free = None, False
                    continue
                if spoken.answer is None:
                    misses += 1
                    if misses >= HANDS_FREE_MISSES:
                        say(
                            "(nothing heard three times: phone mode is off; press Enter to "
                            "speak, or type your answer)"
                        )
                        hands_free = False
                    else:
                        say("(nothing heard: listening again)")
                    continue
                misses = 0
                if (heard := send(partial(drill.answer_spoken, spoken), _heard(spoken))) is None:
                    hands_free = False  # Enter sends it again
                    continue
                outcome = heard
                feedback.append(outcome)
                say(f"(score {outcome.result.score:g}/100)")
                if isinstance(outcome.next, ProspectTurn):
                    present(f"\n{persona.label}: {outcome.next.line}", outcome.next.line)
                continue
            if cut_in:
                line = cut_in.pop(0)
            else:
                out.write("[Enter] speak > " if voice else "> ")
                out.flush()
                line = read()
            if not line:  # end of input: keep what was answered
                drill.end()
                say("\n(no more input: drill ended early, answers so far are kept)")
                break
            text = line.strip()
            if text and not answer_text(text):  # "😀 👍": no words, refused as an empty answer
                say(f"({EMPTY_ANSWER})")
                continue
            if not text and kept:
                if (sent := send(kept[0], "")) is None:
                    continue
                outcome = sent
                _print_feedback(say, outcome)
            elif not text and voice and lines:
                if not interactive:
                    say("(Enter)")
                try:
                    spoken = _speak(voice, drill, lines, out)
                except SpeechError as exc:
                    say(f"Voice problem: {exc.line}")
                    say("Voice is off for the rest of this drill: type your answers.")
                    voice = None
                    continue
                if spoken.answer is None:
                    say("(nothing was recognised: press Enter to try again, or type your answer)")
                    continue
                if (heard := send(partial(drill.answer_spoken, spoken), _heard(spoken))) is None:
                    continue
                outcome = heard
                _print_feedback(say, outcome)
                _debug_timing(out, spoken)
            elif not text:
                continue
            else:
                if not interactive:  # show piped answers so the transcript reads as a dialogue
                    say(text)
                if text.startswith("/"):
                    command = text.lower()
                    if command == "/hint":
                        say(f"Hint: {drill.hint()}")
                    elif command == "/model" and (model := drill.model_answer()):
                        say(f"Model answer: {model}")
                    elif command == "/retry":
                        try:
                            turn = drill.retry()
                        except SessionError as exc:
                            say(f"Cannot retry: {exc}")
                            continue
                        present(f"\n(retry) {persona.label}: {turn.line}", turn.line)
                    elif command == "/end":
                        try:
                            drill.end()
                        except StoreError as exc:
                            click.echo(f"trainer: {exc}", err=True)
                            say("(the call is still open: type /end again to end it)")
                            continue
                        kept.clear()
                        say("Call ended.")
                    else:
                        say(VOICE_HELP if voice else PLAIN_HELP)
                    continue
                # a line read: no keystroke times
                if (sent := send(partial(drill.answer_typed, text), text)) is None:
                    continue
                outcome = sent
                _print_feedback(say, outcome)
            if isinstance(outcome.next, ProspectTurn):
                present(f"\n{persona.label}: {outcome.next.line}", outcome.next.line)
        ending = drill.view().ending
        if spoken_lines is not None and ending is not None and ending.line:
            spoken_lines.speak_only(ending.line)  # the prospect's last words (shown below)
    except KeyboardInterrupt:
        drill.end()
        say("\nInterrupted: drill ended early, answers so far are kept.")
        code = DrillExit.INTERRUPTED
    except StoreError as exc:
        click.echo(f"trainer: {exc}", err=True)
        with contextlib.suppress(StoreError):
            drill.end()  # closed as ended early if the log can take it now
        return DrillExit.FAILED
    finally:
        if speaker is not None:
            speaker.close()
    if feedback:
        say("\n== Feedback ==")
        for done in feedback:
            say(f"\nYou said: {done.answer.text}")
            _print_feedback(say, done)
    _print_summary(say, drill)
    return code if code is DrillExit.INTERRUPTED else drill.exit_code()


def _load_voice(
    drill: Drill, request: VoiceRequest, say: Callable[[str], None], settings: Settings | None
) -> VoiceInput | None:
    """Load the speech model once for the drill; on any problem say why and go on typed."""
    from trainer.drill.voice import VoiceInput
    from trainer.speech.errors import SpeechError

    scenario = drill.loaded.scenario
    say("Loading speech model…")
    started = time.perf_counter()
    try:
        voice = VoiceInput.from_settings(
            scenario.language,
            drill.rep,
            phrases=scenario.phrases,
            model=request.model,
            device=request.device,
            silence_stop_s=request.silence_stop_s,
            wav_files=request.wav_files,
            settings=settings,
        )
    except SpeechError as exc:
        say(f"Voice problem: {exc.line}")
        say("Voice is off for this drill: type your answers.")
        return None
    import trainer.scoring.format
    import trainer.scoring.scorer  # noqa: F401 - loaded now, not after the first answer

    source = "test recording" if request.wav_files else "microphone"
    kept = "kept" if voice.record_dir else "not kept (record_audio is off)"
    say(
        f"Speech model {voice.model_name} ready in {time.perf_counter() - started:.1f} s "
        f"({source}; recordings {kept})."
    )
    return voice


class _LineReader:
    """Lines from a stream, read on a helper thread so that waiting for Enter can also
    watch for the end of an answer (silence). After the end of input it keeps returning ''."""

    def __init__(self, inp: TextIO) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self._eof = threading.Event()
        self._inp = inp
        threading.Thread(target=self._pump, name="stdin-lines", daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                line = self._inp.readline()
            except (OSError, ValueError):
                line = ""
            if not line:
                self._eof.set()
                self._lines.put("")
                return
            self._lines.put(line)

    def poll(self, timeout: float) -> str | None:
        """The next line, '' at the end of input, or None if none came within `timeout`."""
        if self._eof.is_set() and self._lines.empty():
            return ""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def readline(self) -> str:
        while (line := self.poll(0.1)) is None:
            pass
        return line


class _Meter:
    """Live feedback while the rep speaks: a level bar and the words so far on one
    updating line (a terminal), or a line per new partial text (a pipe or log)."""

    WIDTH = 10

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self._lock = threading.Lock()
        self._level = 0.0
        self._partial = ""
        self._shown = False

    def level(self, value: float) -> None:
        self._level = value
        if self.live:
            self._draw()

    def partial(self, text: str) -> None:
        from trainer.safe_text import one_line

        text = one_line(text)
        self._partial = text
        if self.live:
            self._draw()
        else:
            with self._lock:
                self.out.write(f"  … {text}\n")
                self.out.flush()

    def _draw(self) -> None:
        filled = round(max(0.0, min(1.0, self._level)) * self.WIDTH)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = f"● {bar} {self._partial}"
        if len(line) > width:
            line = line[: 2 + self.WIDTH + 1] + "…" + line[-(width - self.WIDTH - 4) :]
        with self._lock:
            self.out.write(f"\r\x1b[K{line}")
            self.out.flush()
            self._shown = True

    def close(self) -> None:
        with self._lock:
            if self._shown:
                self.out.write("\r\x1b[K")
                self.out.flush()
            self._shown = False
            self.live = False  # late callbacks must not redraw


def _speak(
    voice: VoiceInput, drill: Drill, lines: _LineReader, out: TextIO, hands_free: bool = False
) -> SpokenTurn:
    """One push-to-talk answer: listen until Enter, silence or the test file's end.
    Hands-free: only silence (or the test file's end) ends it; Enter still does."""
    from trainer.safe_text import display

    meter = _Meter(out)
    until = f" (or pause {voice.silence_stop_s:g} s to stop)" if voice.silence_stop_s else ""
    if hands_free:
        out.write(f"Listening… (pause {voice.silence_stop_s or 0:g} s to finish)\n")
    else:
        out.write(f"Listening… press Enter to stop{until}\n")
    out.flush()
    listening = voice.listen(
        drill.next_recording_name(),
        on_partial=meter.partial,
        on_level=meter.level,
        partial_interval_s=0.15 if meter.live else 0.4,
    )
    try:
        while not listening.done.is_set():
            if listening.file_source is not None:  # a test recording plays to its end
                listening.done.wait(0.05)
                continue
            got = lines.poll(0.05)
            if got is not None and not (hands_free and got == ""):  # Enter, a line, no input
                break
        spoken = listening.stop(drill.audio_reference())
    except BaseException:
        meter.close()
        listening.cancel()
        raise
    meter.close()
    if listening.capture.auto_stopped.is_set():
        out.write(f"(stopped after {voice.silence_stop_s:g} s of silence)\n")
    transcript = spoken.transcript
    for warning in transcript.warnings:
        out.write(f"  warning: {display(warning)}\n")
    if spoken.answer is not None:
        timings = " ".join(
            f"{display(w.word)}@{w.start - transcript.words[0].start:.2f}s"
            for w in transcript.words
        )
        pause = spoken.answer.pause_s
        out.write(f"You said: {display(transcript.text)}\n")
        out.write(
            f"  words: {timings}"
            + (f"   pause before speaking: {pause:.2f} s" if pause is not None else "")
            + "\n"
        )
    out.flush()
    return spoken


def _heard(spoken: SpokenTurn) -> str:
    return spoken.answer.text if spoken.answer is not None else ""


def _debug_timing(out: TextIO, spoken: SpokenTurn) -> None:
    """With TRAINER_VOICE_TIMING set: how long from the end of the answer to its feedback."""
    if os.environ.get("TRAINER_VOICE_TIMING"):
        decoded = 1000 * (spoken.transcript_at - spoken.stop_asked_at)
        shown = 1000 * (time.monotonic() - spoken.stop_asked_at)
        out.write(
            f"  (timing: stop → transcript {decoded:.0f} ms, stop → feedback {shown:.0f} ms)\n"
        )
        out.flush()


def _print_feedback(say: Callable[[str], None], outcome: TurnOutcome) -> None:
    from trainer.scoring.format import format_breakdown

    if outcome.note:  # what became of an earlier answer whose acknowledgement was lost
        say(f"({outcome.note})")
    say(format_breakdown(outcome.result, outcome.answer.text))


def _print_summary(say: Callable[[str], None], drill: Drill) -> None:
    from trainer.drill.debrief import fact_lines, facts_tally
    from trainer.scoring.format import score_points
    from trainer.words import result_word

    view = drill.view()
    end = view.ending
    say("")
    if end is not None and end.line:
        say(f"{drill.loaded.scenario.persona.label}: {end.line}")
    # Named as History names it: a win, ended early, no answer (rules.call_result).
    say(f"== Call over: {result_word(view.result)} ==")
    if end is not None and end.summary:
        say(end.summary)
    score = "-" if view.score is None else score_points(view.score)
    say(f"Answers: {view.answers}   Score: {score}")
    if not view.answered:
        say("No answer given, so this does not count as a drill.")
    if (tally := facts_tally(view.facts)) is not None:
        say(tally)
        for _, line in fact_lines(view.facts):
            say(f"  {line}")
    say(f"Logged as attempt {drill.attempt_id[:8]} (trainer show {drill.attempt_id[:8]})")
