"""Turning core results into styled text. Display only: no rule is decided here.

Styles use theme variables ($success, $error, $warning, $accent, $text-muted) so that the
screens read well in light and dark themes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content

from trainer.safe_text import display, one_line
from trainer.words import clock_time

if TYPE_CHECKING:
    from trainer.scoring.result import DeliveryMetric, Evidence, ScoreBand, TurnScore

GOOD = "bold $success"
BAD = "bold $error"
MUTED = "$text-muted"
EVIDENCE = "bold underline $success"
OFFENCE = "bold underline $error"

OUTCOME_STYLE = {"win": "bold $success", "callback": "bold $warning", "loss": "bold $error"}


def plain(value: str) -> Content:
    """Content from a file, an answer, a transcript or the server, as plain text: control
    characters shown as text (`trainer.safe_text.display`), markup never interpreted."""
    return Content(display(value))


def plain_line(value: str) -> Content:
    """`plain` on one line (a table cell, a heading)."""
    return Content(one_line(value))


NAME_WIDTH = 24  # the most columns of the prospect's name before each of their lines


def line_head(name: str) -> str:
    """The prospect's name as it heads their lines ("Dana Ruiz: "), cut with "…"."""
    return Content(one_line(name)).truncate(NAME_WIDTH, ellipsis=True).plain + ": "


def pair_title(title: str, who: str) -> Content:
    """A pair view's heading: the scenario's title, then who plays which part."""
    return Content.assemble((one_line(title), "bold"), (" · ", "$text-muted"), plain_line(who))


def pair_title_row(title: str, who: str) -> Content:
    """`pair_title` on one row at any width, cut with "…": the rep's and the observer's
    views, whose timer has the row under it (the partner's card wraps to say every role)."""
    from trainer.tui.clipped import Clipped

    return Clipped(pair_title(title, who), [1])


def local(moment: datetime) -> datetime:
    """Stored times are UTC; the rep reads local time."""
    return moment.astimezone()


def when(moment: datetime, *, weekday: bool = True) -> str:
    return local(moment).strftime("%a %d %b %H:%M" if weekday else "%d %b %H:%M")


def duration(seconds: float | None) -> str:
    """Time practised on a call, as every screen and command says it ("0:40", 1:02:05;
    `trainer.words.clock_time`); "—" without an end."""
    return "—" if seconds is None else clock_time(seconds)


def clock_face(seconds: float) -> str:
    """A running timer: 0:07, 1:42, 12:05 (`trainer.words.clock_time`)."""
    return clock_time(seconds)


def score_text(score: float | None) -> str:
    from trainer.scoring.format import score_points

    return "—" if score is None else score_points(score)


def score_style(score: float | None) -> str:
    if score is None:
        return MUTED
    from trainer.scoring.result import score_band

    return band_style(score_band(score))


def band_style(band: ScoreBand | None) -> str:
    """The style of a score in its band (trainer.scoring.result.score_band); None: no score."""
    return {"good": GOOD, "fair": "bold $warning", "poor": BAD}.get(band or "", MUTED)


def outcome(word: str | None) -> Content:
    if word is None:
        return Content("—")
    from trainer.words import result_word

    return Content.styled(one_line(result_word(word)), OUTCOME_STYLE.get(word, ""))


def bar(fraction: float, width: int, style: str = "$accent", empty: str = "░") -> Content:
    """A horizontal bar: filled cells for `fraction` (clamped to 0..1) of `width`."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    return Content.assemble(("█" * filled, style), (empty * (width - filled), MUTED))


def highlight(text: str, result: TurnScore) -> Content:
    """The answer with the words that earned points underlined (and offending words in red)."""
    content = Content(display(text, keep_length=True))
    for criterion in result.criteria:
        if criterion.passed:
            content = _mark(content, criterion.evidence, EVIDENCE)
    for guard in result.guards:
        if guard.triggered:
            content = _mark(content, guard.evidence, OFFENCE)
    return content


def _mark(content: Content, evidence: Iterable[Evidence], style: str) -> Content:
    for ev in evidence:
        if 0 <= ev.start < ev.end <= len(content.plain):
            content = content.stylize(style, ev.start, ev.end)
    return content


def feedback(result: TurnScore, model_answer: str | None = None) -> Content:
    """Score, each move ✓/✗ with the points it earned of its worth ("14 of 14 points"), its
    evidence or tip, guards with the points they took off, delivery, model answer."""
    from trainer.scoring.format import move_points, penalty_text, points_text, quotes

    lines: list[Content] = [
        Content.assemble(
            ("Score ", "bold"),
            (score_text(result.score), score_style(result.score)),
            ("/100", MUTED),
        )
    ]
    for c, earned, possible in move_points(result):
        points = f"  {points_text(earned, possible)}"
        if c.passed:
            said = one_line(quotes(c.evidence, 2))
            lines.append(
                Content.assemble(
                    (" ✓ ", GOOD),
                    one_line(c.label),
                    (points, GOOD),
                    (f"  {said}" if said else "", MUTED),
                    (f"  ({one_line(c.detail)})" if c.detail else "", MUTED),
                )
            )
        else:
            lines.append(
                Content.assemble(
                    (" ✗ ", BAD),
                    one_line(c.label),
                    (points, BAD),
                    (f"  ({one_line(c.detail)})" if c.detail else "", MUTED),
                )
            )
            if c.tip:
                lines.append(Content.assemble("   ", ("Tip: ", "bold $warning"), display(c.tip)))
    for g in result.guards:
        if g.triggered:
            said = one_line(quotes(g.evidence, 2))
            lines.append(
                Content.assemble(
                    (" ! ", BAD),
                    one_line(g.label),
                    (f"  {penalty_text(g.penalty)}", BAD),
                    (f"  {said}" if said else "", MUTED),
                )
            )
            if g.tip:
                lines.append(Content.assemble("   ", ("Tip: ", "bold $warning"), display(g.tip)))
    for note in result.notes:
        lines.append(Content.styled(f" {display(note)}", MUTED))
    shown = [m for m in result.delivery if m.actual is not None]
    if shown:
        parts: list[Content] = [Content.styled(" Delivery: ", "bold")]
        for i, metric in enumerate(shown):
            if i:
                parts.append(Content.styled(" · ", MUTED))
            parts.append(delivery_metric(metric))
        lines.append(Content.assemble(*parts))
    if model_answer:
        lines.append(Content.assemble((" Model answer: ", "bold $accent"), display(model_answer)))
    return Content("\n").join(lines)


def delivery_metric(metric: DeliveryMetric) -> Content:
    """'14 words ✓' or 'pause 3.1 s ✗ (0.5-2.5)'."""
    actual = metric.actual if metric.actual is not None else 0.0
    figure = f"{actual:.0f}" if float(actual).is_integer() or actual >= 10 else f"{actual:.1f}"
    unit = f" {metric.unit}" if metric.unit else ""
    text = one_line(f"{metric.label} {figure}{unit}")
    ok = metric.ok
    target = metric.target_text(compact=True)
    if target is None and metric.actual is not None:
        return Content.assemble(text, (" (no target)", MUTED))
    if ok is None or target is None:
        return Content(text)
    if ok:
        return Content.assemble(text, (" ✓", GOOD))
    return Content.assemble(text, (" ✗", BAD), (f" (target {target})", MUTED))
