"""What the drill screen draws, built from the drill service's immutable snapshots: the
prospect's card, lines of the conversation, the feedback on an answer, the meters and the
end-of-call summary. Pure rendering: no state, no store, no workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from trainer.safe_text import display, one_line
from trainer.tui import render
from trainer.tui.clipped import Clipped
from trainer.tui.hanging import hanging
from trainer.words import kind_word, plural

if TYPE_CHECKING:
    from trainer.drill.run import DrillView, EndOfCall, TurnOutcome
    from trainer.scenario.models import Scenario

RETRY_NOTE = (
    "Retry: answer the same line again. The earlier answer stays in your log but no longer counts."
)
# A retry once the call was played to its end (trainer.practice.rules.retry_is_practice).
PRACTICE_NOTE = (
    "Retry as practice: the call keeps its result and score. Your answers from here count "
    "as practice."
)


class Feedback(Static):
    """The coaching for one answer; shows the model answer on request. Drawn when made, so
    its height is known when the conversation scrolls to it."""

    def __init__(self, outcome: TurnOutcome, model_answer: str) -> None:
        super().__init__(hanging(render.feedback(outcome.result)), classes="feedback")
        self.outcome = outcome
        self.model_answer = model_answer
        self.with_model = False
        self.border_title = f"Feedback · {render.score_text(outcome.result.score)}"

    def toggle_model(self) -> None:
        self.with_model = not self.with_model
        model = self.model_answer if self.with_model else None
        self.update(hanging(render.feedback(self.outcome.result, model)))


MIN_TITLE = 16  # columns of the title kept beside the daily session's note


def title(scenario: Scenario, width: int = 200, note: str | None = None) -> Content:
    """The drill's heading on one line of `width` columns: " Drill  We don't have the
    budget  objection · ★★"; short of room the kind goes, then the title is cut with "…"
    (the stars always stay). `note` (the daily session's "Drill 2 of 5 · overdue 3 days")
    takes the place of " Drill ", cut to "Drill 2 of 5" when the title would have no room."""
    stars = "★" * scenario.difficulty
    about = f"  {kind_word(scenario.kind.value)} · {stars}"
    name = one_line(scenario.title)
    badge = f" {note} " if note else " Drill "
    if note and width - len(badge) - 1 - len(f"  {stars}") < MIN_TITLE:
        badge = f" {note.split(' · ')[0]} "
    lead = len(badge) + 1
    if width - lead - len(about) < len(name):  # the title whole comes before the kind
        about = f"  {stars}"
    room = max(width - lead - len(about), 1)
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return Content.assemble(
        (badge, "bold reverse $accent"), " ", (name, "bold"), (about, "$text-muted")
    )


STYLE_ROWS = 3  # the most rows the prospect's style takes in the side panel


def persona(scenario: Scenario) -> Content:
    """The prospect in full: name, role, company, style (the brief's screen)."""
    p = scenario.persona
    return Content.assemble(
        (one_line(p.label), "bold"),
        *(("\n" + one_line(x)) for x in (p.role, p.company) if x),
        (f"\n{display(p.style)}" if p.style else "", "$text-muted italic"),
    )


def persona_card(scenario: Scenario) -> Clipped:
    """The prospect in the drill's side panel: name, role and company a row each, the style
    at most STYLE_ROWS rows, cut with "…" (the brief below stays in view; ctrl+b shows all)."""
    p = scenario.persona
    short = Content.assemble(
        (one_line(p.label), "bold"),
        *(("\n" + one_line(x)) for x in (p.role, p.company) if x),
        (f"\n{one_line(p.style)}" if p.style else "", "$text-muted italic"),
    )
    heads = 1 + sum(1 for x in (p.role, p.company) if x)
    return Clipped(short, [1] * heads + [STYLE_ROWS])


def prospect_line(name: str, line: str) -> Static:
    return Static(
        Content.assemble((render.line_head(name), "bold $accent"), render.plain(line)),
        classes="prospect",
    )


def waiting_line(name: str, why: str) -> Static:
    """Where the prospect's next line will appear, while it waits: "Owen Price: … (their
    voice is loading)". The conversation is never an empty pane."""
    return Static(
        Content.assemble((render.line_head(name), "bold $accent"), (f"… ({why})", "$text-muted")),
        classes="prospect waiting",
    )


def rep_line(outcome: TurnOutcome) -> Static:
    return Static(
        Content.assemble(("You: ", "bold"), render.highlight(outcome.answer.text, outcome.result)),
        classes="rep",
    )


def hint_line(hint: str) -> Static:
    return Static(Content.assemble(("Hint: ", "bold $warning"), render.plain(hint)), classes="hint")


def model_line(model: str) -> Static:
    """The model answer asked for before answering (after, it shows under the feedback)."""
    return Static(
        Content.assemble(("Model answer: ", "bold $accent"), render.plain(model)),
        classes="model",
    )


def note(text: str) -> Static:
    return Static(Content.styled(text, "$text-muted"), classes="note")


def meters(scenario: Scenario, view: DrillView) -> Content:
    values = dict(view.meters)
    lines = []
    for name, meter in scenario.state.items():
        value = values.get(name, meter.start)
        span = (meter.max - meter.min) or 1.0
        lines.append(
            Content.assemble(
                (f"{one_line(meter.label or name)} ", "bold"),
                render.bar((value - meter.min) / span, 10),
                f" {value:.0f}",
            )
        )
    return Content("\n").join(lines)


def _fact_parts(view: DrillView) -> list[Content | str | tuple[str, str]]:
    """The hidden facts uncovered and missed, one line each (none without unlockable facts)."""
    from trainer.drill.debrief import fact_lines, facts_tally

    tally = facts_tally(view.facts)
    if tally is None:
        return []
    parts: list[Content | str | tuple[str, str]] = ["\n", (tally, "bold")]
    for uncovered, line in fact_lines(view.facts):
        parts += ["\n", (one_line(line), "$success" if uncovered else "$warning")]
    return parts


def ending_line(name: str, view: DrillView) -> Static | None:
    """The prospect's last words, a line of the conversation like the others (above the
    summary), or None when the call ended without any."""
    end: EndOfCall | None = view.ending
    if end is None or not end.line:
        return None
    line = prospect_line(name, end.line)
    line.add_class("ending")
    return line


def summary(view: DrillView, keys: str) -> Static:
    """The end of the call: how it ended, the score, what to do next."""
    end: EndOfCall | None = view.ending
    parts: list[Content | str | tuple[str, str]] = []
    kept = view.kept
    # Named as History names it: a win, ended early, no answer (rules.call_result).
    parts += [("Retry: " if kept else "Call over: ", "bold"), render.outcome(view.result)]
    if end is None and view.answered and kept is None:
        parts.append(" (your answers so far are kept)")
    # A retry's line counts the answers its score is over (rules.retry_answer_count).
    answers = view.answers if kept is None else view.retry_answers
    parts += [
        "   ",
        ("Score ", "bold"),
        (render.score_text(view.score), render.score_style(view.score)),
        (f"   {plural(answers, 'answer')}", "$text-muted"),
    ]
    if kept is not None:  # a call played to its end keeps its result (rules.retry_is_practice)
        parts += [
            "\n",
            ("Practice only: ", "bold"),
            "the call stays ",
            render.outcome(kept.result),
            ", ",
            (render.score_text(kept.score), render.score_style(kept.score)),
            ".",
        ]
    if not view.answered:
        parts += ["\n", ("No answer given, so this does not count as a drill.", "$text-muted")]
    if end is not None and end.summary:
        parts += ["\n", render.plain(end.summary)]
    parts += _fact_parts(view)
    parts += ["\n", (keys, "$text-muted")]
    widget = Static(Content.assemble(*parts), classes="summary")
    widget.border_title = "Summary"
    return widget
