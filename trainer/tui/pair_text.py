"""How the observers' ticks read beside the partner's, on every screen that shows a pair
call (the observer's view, the partner's debrief, the attempt view): one line per answer
and observer, disagreements marked as the scorer's are ("← disagree")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.content import Content

from trainer.drill.pair import branch_place, move_names, observers_beside_partner
from trainer.safe_text import one_line
from trainer.tui import render
from trainer.tui.hanging import Hanging
from trainer.words import tag_word, ticked_words

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from trainer.drill.pair import CheckItem
    from trainer.scenario.models import Scenario
    from trainer.store.records import PairNote, PairTag

DISAGREE_STYLE = "bold $warning"


class CardRows(Hanging):
    """The pair screens' rows with hanging indents at any width: a branch's wrapped words
    under its words ("a  a good answer (score 70+) → the" / "   callback"), a move under its
    name ("5 ☐ Gives a one-line reason to take" / "    the callback"), a mark's or a hidden
    fact's under their text, the tag keys under "Tag: "."""

    lead = re.compile(r" *(?:[✓✗!•] |[a-d]  |\d [☐☑] |Tag: )?")


def card_rows(content: Content) -> CardRows:
    return CardRows(content.plain, spans=list(content.spans))


TAG_HINT = "Tag: g great line · m missed a move · i interrupted · l too long · f filler\n"


def checklist_rows(heading: str, items: Iterable[CheckItem], ticked: Collection[str]) -> Content:
    """ "Tick what you hear" and the step's moves, ☑ where ticked: the partner's and the
    observer's checklist."""
    rows = [Content.styled(f"\n{heading}\n", "bold")]
    for n, item in enumerate(items, 1):
        mark = "☑" if item.id in ticked else "☐"
        rows.append(Content.assemble(f"{n} {mark} ", render.plain_line(item.label), "\n"))
    return Content.assemble(*rows)


def tagged_line(tags: Iterable[PairTag]) -> str:
    """ "Tagged: great line 0:12, filler 1:03\n" ("" without tags)."""
    said = ", ".join(f"{tag_word(t.kind)} {render.clock_face(t.at_s)}" for t in tags)
    return f"Tagged: {said}\n" if said else ""


def observer_lines(note: PairNote, scenario: Scenario | None) -> list[Content]:
    """Each observer's ticks, comment and tags beside the partner's (empty: no observer
    ticked from their own process); the moves named as the checklist names them."""
    lines: list[Content] = []
    for row in observers_beside_partner(note, scenario):
        parts: list[Content | tuple[str, str] | str] = [
            render.plain_line(f"answer {row.seq} · {row.observer} {ticked_words(row.ticks)}")
        ]
        if row.disagree:
            parts.append((" ← disagree: " + one_line(row.differences), DISAGREE_STYLE))
        lines.append(Content.assemble(*parts, "\n"))
    for seen in note.observations:
        for tag in seen.tags:
            lines.append(
                render.plain(
                    f"{render.clock_face(tag.at_s)} {tag_word(tag.kind)}"
                    f" (answer {tag.seq}, {seen.observer})\n"
                )
            )
        if seen.comment:
            lines.append(
                Content.assemble(
                    (f"{one_line(seen.observer)}'s comment: ", "bold"),
                    render.plain(seen.comment),
                    "\n",
                )
            )
    return lines


def verdict_lines(note: PairNote, scenario: Scenario | None) -> list[Content]:
    """The partner's verdict on each answer: "answer 1: 69 · ticked Keep it brief → the
    number" (the scorer's score beside it when the answer was heard), as the partner's
    debrief and the observer's view list them."""
    lines = []
    for turn in note.turns:
        ticked = ticked_words(move_names(scenario, turn.step_id, turn.ticks))
        where = branch_place(scenario, turn.branch)
        scorer = (
            f" (scorer {render.score_text(turn.auto_score)})" if turn.auto_score is not None else ""
        )
        lines.append(
            render.plain(
                f"answer {turn.seq}: {render.score_text(turn.human_score)}{scorer}"
                f" · {ticked}{f' → {where}' if where else ''}\n"
            )
        )
    return lines
