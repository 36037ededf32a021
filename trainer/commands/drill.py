"""`trainer drill`: run one scenario, in the terminal app or as plain text through a pipe."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import click

from trainer.commands.common import fail, library_from, rep_from, store_from

if TYPE_CHECKING:
    from trainer.drill.recorder import DrillRecorder
    from trainer.drill.session import EndOfCall, TurnOutcome

PLAIN_HELP = """\
Type your answer and press Enter. Commands: /hint  /model (model answer)  /retry  /end"""


def register(group: click.Group) -> None:
    group.add_command(drill)


@click.command()
@click.argument("scenario_id", metavar="SCENARIO")
@click.option("--rep", help="Who is drilling [default: the name in settings, else your login].")
@click.option("--seed", type=int, default=None, help="Pick prospect line variants reproducibly.")
@click.option("--plain", is_flag=True, help="Plain text: prompts on stdout, answers on stdin.")
@click.pass_context
def drill(
    ctx: click.Context, scenario_id: str, rep: str | None, seed: int | None, plain: bool
) -> None:
    """Drill one SCENARIO (an id from `trainer list`); every answer is scored and logged.

    \b
    Examples:
      trainer drill objection/too-expensive
      trainer drill objection/too-expensive --plain --seed 1
      printf 'Fair. Compared to what?\\n' | trainer drill objection/too-expensive --plain
    """
    from trainer.scenario.library import ScenarioNotFound

    library = library_from(ctx)
    try:
        loaded = library.get(scenario_id)
    except ScenarioNotFound as exc:
        fail(str(exc))
    if not plain:
        from trainer.commands.app import run_app

        run_app(ctx, scenario_id=loaded.scenario.id)
        return
    from trainer.drill.recorder import DrillRecorder

    store = store_from(ctx)
    recorder = DrillRecorder(
        loaded, store, rep=rep_from(rep), seed=seed if seed is not None else int(time.time())
    )
    try:
        code = run_plain(recorder, sys.stdin, sys.stdout)
    finally:
        store.close()
    raise SystemExit(code)


def run_plain(recorder: DrillRecorder, inp: TextIO, out: TextIO) -> int:
    """The plain-text drill loop. Returns the exit code (0 finished, 130 abandoned)."""
    from trainer.drill.session import SessionError
    from trainer.scoring.answer import Answer
    from trainer.store.base import StoreError

    scenario = recorder.loaded.scenario
    interactive = inp.isatty()

    def say(text: str = "") -> None:
        out.write(text + "\n")
        out.flush()

    persona = scenario.persona
    who = ", ".join(p for p in (persona.role, persona.company) if p)
    say(f"== {scenario.title} ({scenario.kind.value}, difficulty {scenario.difficulty}) ==")
    say(f"Prospect: {persona.name}" + (f", {who}" if who else ""))
    say(f"Brief: {scenario.brief}")
    say(PLAIN_HELP)
    try:
        turn = recorder.start()
        say(f"\n{persona.name}: {turn.line}")
        asked_at = time.monotonic()
        while not recorder.finished:
            out.write("> ")
            out.flush()
            line = inp.readline()
            if not line:  # end of input: keep what was answered
                recorder.abandon()
                say("\n(no more input: drill ended early, answers so far are kept)")
                break
            text = line.strip()
            if not text:
                continue
            if not interactive:  # show piped answers so the transcript reads as a dialogue
                say(text)
            if text.startswith("/"):
                step = recorder.session.current_step
                command = text.lower()
                if command == "/hint":
                    say(f"Hint: {recorder.hint()}")
                elif command == "/model" and step is not None:
                    say(f"Model answer: {step.model_answer}")
                elif command == "/retry":
                    try:
                        turn = recorder.retry()
                    except SessionError as exc:
                        say(f"Cannot retry: {exc}")
                        continue
                    say(f"\n(retry) {persona.name}: {turn.line}")
                    asked_at = time.monotonic()
                elif command == "/end":
                    recorder.abandon()
                    say("Call ended.")
                else:
                    say(PLAIN_HELP)
                continue
            took = time.monotonic() - asked_at if interactive else None
            outcome = recorder.answer(Answer.typed(text, duration_s=took))
            _print_feedback(say, outcome, text)
            if not recorder.finished:
                nxt = outcome.next
                say(f"\n{persona.name}: {getattr(nxt, 'line', '')}")
                asked_at = time.monotonic()
    except KeyboardInterrupt:
        recorder.abandon()
        say("\nInterrupted: drill ended early, answers so far are kept.")
    except StoreError as exc:
        say(f"\ntrainer: {exc}")
        return 1
    _print_summary(say, recorder)
    return 0 if recorder.session.ending is not None else 130


def _print_feedback(say: Callable[[str], None], outcome: TurnOutcome, text: str) -> None:
    from trainer.scoring.format import format_breakdown

    say(format_breakdown(outcome.result, text))


def _print_summary(say: Callable[[str], None], recorder: DrillRecorder) -> None:
    session = recorder.session
    end: EndOfCall | None = session.ending
    score = session.score
    say("")
    if end is not None:
        if end.line:
            say(f"{recorder.loaded.scenario.persona.name}: {end.line}")
        say(f"== Call over: {end.outcome.value} ({end.ending_id}) ==")
        if end.summary:
            say(end.summary)
    else:
        say("== Drill ended early ==")
    counted = len(session.counted_turns)
    say(f"Answers: {counted}   Score: {'-' if score is None else round(score)}")
    say(f"Logged as attempt {recorder.attempt.id[:8]} (trainer show {recorder.attempt.id[:8]})")
