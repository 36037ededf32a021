"""`trainer score`: score one answer against a scenario step and show every point's evidence.

Managers use it to tune rubrics; `--json` prints a stable format documented in docs/scoring.md.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from trainer.commands.common import echo, fail, library_from, warn
from trainer.safe_text import json_dumps, undecodable_replaced
from trainer.words import plural

if TYPE_CHECKING:
    from trainer.scenario.models import Scenario
    from trainer.scoring.answer import Answer

JSON_FORMAT = "trainer-score/1"
MAX_INPUT_BYTES = 1_000_000


def register(group: click.Group) -> None:
    """Add this module's commands to the `trainer` group."""
    group.add_command(score_command)


@click.command("score")
@click.option(
    "--scenario",
    "scenario_id",
    required=True,
    metavar="ID",
    help="Scenario id (see `trainer list`).",
)
@click.option("--step", "step_id", metavar="ID", help="Step id [default: the first step].")
@click.option(
    "--line",
    "line_no",
    type=click.IntRange(min=1),
    help="Which of the step's prospect lines the answer replies to [default: the first "
    "that needs no words from earlier in the call].",
)
@click.option("--text", help="The answer, typed.")
@click.option(
    "--file",
    "file_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A text file holding the answer.",
)
@click.option(
    "--transcript",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A speech transcript with word timings (JSON; see `trainer docs scoring`).",
)
@click.option(
    "--audio",
    "audio",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.wav",
    help="A spoken answer (WAV), transcribed offline with Vosk.",
)
@click.option(
    "--model",
    "model",
    metavar="PATH",
    help="Vosk model folder for --audio [default: one for the scenario's language].",
)
@click.option(
    "--pause", "pause_s", type=float, metavar="SECONDS", help="Pause before answering, if known."
)
@click.option(
    "--uncovered",
    "uncovered",
    metavar="IDS",
    help="Hidden facts uncovered earlier in the call (ids, comma-separated), for a step that"
    " scores the facts uncovered.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stable JSON format.")
@click.pass_context
def score_command(
    ctx: click.Context,
    scenario_id: str,
    step_id: str | None,
    line_no: int | None,
    text: str | None,
    file_path: Path | None,
    transcript: Path | None,
    audio: Path | None,
    model: str | None,
    pause_s: float | None,
    uncovered: str | None,
    as_json: bool,
) -> None:
    """Score one answer to a scenario step: each move ✓/✗ with evidence or tip, guards,
    delivery against targets, and the total.

    \b
    Examples:
      trainer score --scenario objection/too-expensive --text "Fair. Compared to what?"
      trainer score --scenario gatekeeper/screen --step ask --file answer.txt --json
      trainer score --scenario cold-call/busy-prospect --transcript words.json
      trainer score --scenario cold-call/busy-prospect --audio answer.wav --json
      trainer score --scenario discovery/it-lead-peer --step peer-view \\
        --uncovered lost-mornings --text "Fair. What did you like in their plan?"
    """
    from trainer.drill.alone import score_alone
    from trainer.scenario.errors import ScenarioNotFound
    from trainer.scoring.format import format_breakdown

    given = [x for x in (text, file_path, transcript, audio) if x is not None]
    if len(given) != 1:
        fail("give the answer with exactly one of --text, --file, --transcript or --audio.", 2)
    if model is not None and audio is None:
        fail("--model goes with --audio.", 2)
    if pause_s is not None and (not math.isfinite(pause_s) or pause_s < 0):
        fail("--pause must be a number of seconds, 0 or more.", 2)
    if audio is not None and not audio.is_file():
        fail(f"{audio}: no such file.")
    answer = _read_answer(text, file_path, transcript, pause_s) if audio is None else None

    library = library_from(ctx)
    try:
        loaded = library.get(scenario_id)
    except ScenarioNotFound as exc:
        broken = [b for b in library.broken if scenario_id in str(b.path)]
        extra = (
            f" ({plural(len(broken), 'broken file')} match; run `trainer validate`)"
            if broken
            else ""
        )
        fail(f"{exc}{extra}")
    scenario = loaded.scenario
    ids = [s.id for s in scenario.steps]
    chosen = step_id or scenario.first_step
    if chosen not in ids:
        fail(f"scenario {scenario.id!r} has no step {chosen!r}; its steps: {', '.join(ids)}.")
    step = scenario.step(chosen)
    from trainer.drill.templates import fill, standalone_line

    if line_no is None:  # outside a call the rep said nothing for "{competitor}" to pick up
        line_no = standalone_line(step.prospect)
    if line_no > len(step.prospect):
        fail(
            f"step {chosen!r} has {plural(len(step.prospect), 'prospect line')}; "
            f"--line {line_no} is out of range.",
            2,
        )
    line = fill(step.prospect[line_no - 1], {})  # as a drill says it: fallback words
    if answer is None:
        assert audio is not None
        answer = _audio_answer(audio, scenario.language, model, scenario.phrases, pause_s)

    result, _ = score_alone(scenario, step, answer, line, _fact_ids(uncovered, scenario))
    if as_json:
        payload: dict[str, Any] = {
            "format": JSON_FORMAT,
            "scenario": {"id": scenario.id, "version": scenario.version, "sha256": loaded.sha256},
            "step": chosen,
            "prospect_line": line,
            "answer": {
                "text": answer.text,
                "input_kind": answer.input_kind,
                "pause_s": answer.pause_s,
                "duration_s": answer.duration_s,
                **_words_field(answer, audio),
            },
            **result.to_dict(),
        }
        click.echo(json_dumps(payload, indent=2))
        return
    echo(f"{scenario.title} - step {chosen}")
    echo(f"{scenario.persona.label}: {line}")
    echo(f"You: {answer.text}")
    echo("")
    echo(format_breakdown(result, answer.text))


def _fact_ids(given: str | None, scenario: Scenario) -> frozenset[str]:
    """The ids --uncovered names, each one a hidden fact of the scenario."""
    ids = [i.strip() for i in (given or "").split(",") if i.strip()]
    known = {f.id for f in scenario.facts}
    for fact_id in ids:
        if fact_id not in known:
            from trainer.scenario.suggest import did_you_mean

            listed = ", ".join(sorted(known)) or "none"
            hint = did_you_mean(fact_id, known)
            fail(f"--uncovered: no hidden fact {fact_id!r}{hint}; its facts: {listed}.", 2)
    return frozenset(ids)


def _read_answer(
    text: str | None, file_path: Path | None, transcript: Path | None, pause_s: float | None
) -> Answer:
    from trainer.scoring.answer import Answer

    if text is not None:
        # An argument that is not UTF-8 (Latin-1 under LANG=C) arrives surrogate-escaped.
        text, replaced = undecodable_replaced(text)
        if replaced:
            warn(f"warning: {plural(replaced, 'byte')} of --text not UTF-8, replaced by �")
        return Answer.typed(text, pause_s=pause_s)
    path = file_path or transcript
    assert path is not None
    raw = _read_text(path)
    if file_path is not None:
        return Answer.typed(raw.strip(), pause_s=pause_s)
    return _transcript_answer(path, raw, pause_s)


def _words_field(answer: Answer, audio: Path | None) -> dict[str, Any]:
    """With --audio, what was heard: each word with its start and end (seconds)."""
    if audio is None:
        return {}
    return {
        "audio": str(audio),
        "words": [{"word": w.word, "start": w.start, "end": w.end} for w in answer.words],
    }


def _audio_answer(
    path: Path,
    language: str,
    model: str | None,
    phrases: list[str] | None,
    pause_s: float | None,
) -> Answer:
    """Transcribe a spoken answer with the scenario's language and phrase list."""
    from trainer.speech.api import transcribe_file
    from trainer.speech.errors import SpeechError

    try:
        transcript = transcribe_file(path, language=language, model=model, phrases=phrases)
    except SpeechError as exc:
        fail(str(exc))
    for warning in transcript.warnings:
        warn(f"warning: {warning}")
    if not transcript.words:
        fail(
            f"{path}: no speech was recognised in it (is it in the scenario's language, "
            f"{language!r}, and audible?)."
        )
    return transcript.answer(pause_s=pause_s)


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            fail(f"{path}: larger than {MAX_INPUT_BYTES // 1000} kB; an answer should be short.")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file.")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text; save it as UTF-8 and try again.")
    except OSError as exc:
        fail(f"{path}: cannot read it ({exc.strerror or exc}).")


def _transcript_answer(path: Path, raw: str, pause_s: float | None) -> Answer:
    """Words with timings: a JSON list of {word, start, end[, conf]}, or a Vosk result
    ({"result": [...]}), or {"words": [...], "pause_s": 1.2}."""
    import json

    from trainer.scoring.answer import Answer, TimedWord

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        fail(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}).")
    items: Any = data
    if isinstance(data, dict):
        items = data.get("words", data.get("result"))
        if pause_s is None and isinstance(data.get("pause_s"), int | float):
            pause_s = float(data["pause_s"])
    if not isinstance(items, list):
        fail(
            f"{path}: expected a list of words like "
            '[{"word": "hi", "start": 0.0, "end": 0.3}] (or {"words": [...]}).'
        )
    words: list[TimedWord] = []
    for n, item in enumerate(items, start=1):
        try:
            word = TimedWord(
                word=str(item["word"]),
                start=float(item["start"]),
                end=float(item["end"]),
                conf=float(item.get("conf", 1.0)),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            fail(f'{path}: word {n} needs "word", "start" and "end" (seconds).')
        if not (math.isfinite(word.start) and math.isfinite(word.end)) or word.end < word.start:
            fail(f"{path}: word {n} ({word.word!r}) has bad times; start <= end, in seconds.")
        words.append(word)
    words.sort(key=lambda w: w.start)
    return Answer.spoken(words, pause_s=pause_s)
