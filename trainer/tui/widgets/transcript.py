"""A logged attempt as readable turns: the prospect's line, the answer with its evidence,
the coaching and (when the scenario is still in the library) the model answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from trainer.safe_text import display, one_line
from trainer.tui import render
from trainer.tui.hanging import hanging
from trainer.words import retry_mark

if TYPE_CHECKING:
    from trainer.scenario.library import LoadedScenario
    from trainer.speech.playback import RecordingInfo
    from trainer.store.records import AttemptDetail, AttemptRecord, TurnRecord


def header(attempt: AttemptRecord) -> Content:
    from trainer.practice.rules import attempt_input, attempt_result

    status = attempt_result(attempt)
    answered = attempt_input(attempt)  # none for a call without an answer
    return Content.assemble(
        (one_line(attempt.scenario_title), "bold"),
        "\n",
        (render.when(attempt.started_at), "$text-muted"),
        "  ",
        ("Score ", "bold"),
        (render.score_text(attempt.score), render.score_style(attempt.score)),
        "  ",
        render.outcome(status),
        "  ",
        (
            render.duration(attempt.active_s) + (f" · {one_line(answered)}" if answered else ""),
            "$text-muted",
        ),
    )


def model_answer_for(turn: TurnRecord, loaded: LoadedScenario | None) -> str | None:
    if loaded is None:
        return None
    try:
        return loaded.scenario.step(turn.step_id).model_answer
    except KeyError:
        return None


def recording_line(
    info: RecordingInfo, selected: bool = False, playing: tuple[float, float] | None = None
) -> Content:
    """'▶ recording 4.2 s' under a spoken answer; `playing` is (position, length) in seconds."""
    if playing is not None:
        position, length = playing
        return Content.assemble(
            ("■ playing ", "bold $accent"),
            f"{position:.1f} / {length:.1f} s",
            ("  p stops", "$text-muted"),
        )
    if info.state == "gone":
        return Content.styled("✗ recording deleted (retention or trainer forget)", "$text-muted")
    if info.state == "unreadable":
        return Content.styled("✗ recording damaged: not a readable WAV", "$text-muted")
    seconds = info.seconds or 0.0
    line = Content.assemble(
        ("▶ ", "bold $accent" if selected else "$accent"),
        (f"recording {seconds:.1f} s", "bold" if selected else ""),
    )
    return line + Content.styled("  p plays", "$text-muted") if selected else line


def recording_id(turn: TurnRecord) -> str:
    return f"rec-{turn.id}"


def _retry_practice(detail: AttemptDetail) -> frozenset[int]:
    """The answers given in a retry after the call was played to its end (practice)."""
    from trainer.practice.rules import retry_practice_seqs

    return retry_practice_seqs(detail.attempt, detail.turns)


def turn_widgets(
    detail: AttemptDetail,
    loaded: LoadedScenario | None,
    name: str,
    compact: bool = False,
    recordings: Mapping[str, RecordingInfo] | None = None,
    rep: str = "You",
) -> list[Static]:
    """`recordings` (turn id → its recording) adds a line under each spoken answer; `rep`
    heads the rep's lines ("You", or the rep's name for a manager: `words.answerer`)."""
    widgets: list[Static] = []
    practice = _retry_practice(detail)
    for turn in detail.turns:
        classes = "turn retried" if turn.retried else "turn"
        widgets.append(
            Static(
                Content.assemble(
                    (render.line_head(name), "bold $accent"), display(turn.prospect_line)
                ),
                classes=f"prospect {classes}",
            )
        )
        answer = Content.assemble(
            (render.line_head(rep), "bold"), render.highlight(turn.answer_text, turn.result)
        )
        widgets.append(Static(answer, classes=f"rep {classes}"))
        info = recordings.get(turn.id) if recordings else None
        if info is not None:
            widgets.append(
                Static(recording_line(info), id=recording_id(turn), classes=f"recording {classes}")
            )
        if compact:
            marks = [
                Content.assemble(
                    ("✓ " if c.passed else "✗ ", render.GOOD if c.passed else render.BAD),
                    one_line(c.label),
                )
                for c in turn.result.criteria
            ]
            body = Content.assemble(
                ("Score ", "bold"),
                (render.score_text(turn.score), render.score_style(turn.score)),
                "\n",
                Content("\n").join(marks),
            )
        else:
            body = hanging(render.feedback(turn.result, model_answer_for(turn, loaded)))
        card = Static(body, classes=f"feedback {classes}")
        notes = []
        if mark := retry_mark(turn.retried, turn.seq in practice):
            notes.append(mark)
        if turn.hint_used:
            notes.append("hint used")
        card.border_title = f"Answer {turn.seq}" + (f" · {', '.join(notes)}" if notes else "")
        widgets.append(card)
    if not detail.turns:
        widgets.append(Static(Content.styled("No answers in this attempt.", "$text-muted")))
    return widgets
