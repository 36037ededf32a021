"""A manager's notes on an attempt, under its header: the human score beside the automatic
one (never replacing it) and every comment, all shown as plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from trainer.safe_text import one_line
from trainer.tui import render

if TYPE_CHECKING:
    from trainer.store.records import AttemptDetail


def notes_content(detail: AttemptDetail) -> Content:
    """Empty when there is no note."""
    from trainer.store.plan_records import human_score

    if not detail.notes:
        return Content("")
    parts: list[Content | tuple[str, str] | str] = []
    scored = human_score(detail.notes)
    if scored is not None:
        parts += [
            "\n",
            ("Human score ", "bold"),
            (render.score_text(scored.human_score), render.score_style(scored.human_score)),
            (f"  by {one_line(scored.author)}, {render.when(scored.created_at)}", "$text-muted"),
        ]
    for note in detail.notes:
        if not note.body:
            continue
        where = "" if note.turn_seq is None else f" on answer {note.turn_seq}"
        parts += [
            "\n",
            (f"{one_line(note.author)}{where}: ", "bold $accent"),
            render.plain_line(note.body),
        ]
    return Content.assemble(*parts)
