"""A logged attempt as readable turns: the prospect's line, the answer with its evidence,
the coaching and (when the scenario is still in the library) the model answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from trainer.tui import render

if TYPE_CHECKING:
    from trainer.scenario.library import LoadedScenario
    from trainer.store.records import AttemptDetail, AttemptRecord, TurnRecord


def header(attempt: AttemptRecord) -> Content:
    status = attempt.outcome or attempt.status.value
    return Content.assemble(
        (attempt.scenario_title, "bold"), "\n",
        (render.when(attempt.started_at), "$text-muted"), "  ",
        ("Score ", "bold"), (render.score_text(attempt.score), render.score_style(attempt.score)),
        "  ", render.outcome(status), "  ",
        (f"{render.duration(attempt.active_s)} · {attempt.input_kind}", "$text-muted"),
    )


def model_answer_for(turn: TurnRecord, loaded: LoadedScenario | None) -> str | None:
    if loaded is None:
        return None
    try:
        return loaded.scenario.step(turn.step_id).model_answer
    except KeyError:
        return None


def turn_widgets(
    detail: AttemptDetail, loaded: LoadedScenario | None, name: str, compact: bool = False
) -> list[Static]:
    widgets: list[Static] = []
    for turn in detail.turns:
        classes = "turn retried" if turn.retried else "turn"
        widgets.append(Static(Content.assemble((f"{name}: ", "bold $accent"), turn.prospect_line),
                              classes=f"prospect {classes}"))
        answer = Content.assemble(("You: ", "bold"), render.highlight(turn.answer_text,
                                                                       turn.result))
        widgets.append(Static(answer, classes=f"rep {classes}"))
        if compact:
            marks = [Content.assemble(("✓ " if c.passed else "✗ ",
                                       render.GOOD if c.passed else render.BAD), c.label)
                     for c in turn.result.criteria]
            body = Content.assemble(("Score ", "bold"),
                                    (render.score_text(turn.score), render.score_style(turn.score)),
                                    "\n", Content("\n").join(marks))
        else:
            body = render.feedback(turn.result, model_answer_for(turn, loaded))
        card = Static(body, classes=f"feedback {classes}")
        notes = []
        if turn.retried:
            notes.append("retried")
        if turn.hint_used:
            notes.append("hint used")
        card.border_title = f"Answer {turn.seq}" + (f" · {', '.join(notes)}" if notes else "")
        widgets.append(card)
    if not detail.turns:
        widgets.append(Static(Content.styled("No answers in this attempt.", "$text-muted")))
    return widgets
