"""Drill: the conversation, a brief/persona panel, meters, the answer box and instant feedback.

The rules (branching, scoring, retries, logging) are the core's: this screen drives a
`DrillRecorder` and shows what it returns. Store calls run in workers; results come back as
messages.

Voice answers plug in through `action_push_to_talk` (key ctrl+space) and `submit_answer`:
a spoken `Answer` (with word timings) goes through exactly the same path as a typed one.
The `#voice` strip under the answer box is where live level and partial text belong.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.tui import render
from trainer.tui.widgets.answer_box import AnswerBox

if TYPE_CHECKING:
    from trainer.drill.recorder import DrillRecorder
    from trainer.drill.session import EndOfCall, ProspectTurn, TurnOutcome
    from trainer.scenario.library import LoadedScenario
    from trainer.scoring.answer import Answer
    from trainer.tui.app import TrainerApp


class Started(Message):
    def __init__(self, turn: ProspectTurn) -> None:
        super().__init__()
        self.turn = turn


class Answered(Message):
    def __init__(self, outcome: TurnOutcome, submitted_at: float) -> None:
        super().__init__()
        self.outcome = outcome
        self.submitted_at = submitted_at


class Retried(Message):
    def __init__(self, turn: ProspectTurn) -> None:
        super().__init__()
        self.turn = turn


class Ended(Message):
    """The rep ended the call early."""


class Failed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Feedback(Static):
    """The coaching for one answer; shows the model answer on request."""

    def __init__(self, outcome: TurnOutcome, model_answer: str) -> None:
        super().__init__(classes="feedback")
        self.outcome = outcome
        self.model_answer = model_answer
        self.with_model = False

    def on_mount(self) -> None:
        self.border_title = f"Feedback · {render.score_text(self.outcome.result.score)}"
        self.redraw()

    def toggle_model(self) -> None:
        self.with_model = not self.with_model
        self.redraw()

    def redraw(self) -> None:
        self.update(render.feedback(self.outcome.result,
                                    self.model_answer if self.with_model else None))


class DrillScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "hint", "Hint", priority=True),
        Binding("ctrl+o", "model_answer", "Model", priority=True),
        Binding("ctrl+r", "retry", "Retry", priority=True),
        Binding("ctrl+b", "toggle_brief", "Brief", priority=True),
        Binding("escape", "end_call", "End call", priority=True),
        Binding("ctrl+n", "again", "Again", priority=True),
        # Push-to-talk for voice answers (speech area): see the module docstring.
        Binding("ctrl+space,ctrl+@", "push_to_talk", "Speak", show=False, priority=True),
    ]

    def __init__(self, loaded: LoadedScenario) -> None:
        super().__init__()
        self.loaded = loaded
        self.recorder: DrillRecorder | None = None
        self.busy = True  # until the attempt is started
        self.line_shown_at = 0.0
        self.last_feedback_ms: float | None = None  # typed answer → feedback on screen

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        sc = self.loaded.scenario
        with Horizontal(id="drill-head"):
            yield Static(Content.assemble(
                (" Drill ", "bold reverse $accent"), " ", (sc.title, "bold"),
                (f"  {sc.kind.value} · {'★' * sc.difficulty}", "$text-muted")), id="drill-title")
            yield Static("", id="timer")
        with Horizontal(id="drill-body"):
            yield VerticalScroll(id="conversation")
            with Vertical(id="side"):
                yield Static(self._persona(), id="persona")
                yield Static(sc.brief, id="brief")
                yield Static("", id="meters")
        yield AnswerBox(self.trainer.clock.monotonic, id="answer")
        yield Static("", id="voice")
        yield Footer(compact=True)

    def _persona(self) -> Content:
        p = self.loaded.scenario.persona
        return Content.assemble(
            (p.name, "bold"),
            *(("\n" + x) for x in (p.role, p.company) if x),
            (f"\n{p.style}" if p.style else "", "$text-muted italic"),
        )

    def on_mount(self) -> None:
        self.query_one("#persona").border_title = "Prospect"
        self.query_one("#brief").border_title = "Brief"
        self.query_one("#meters").display = bool(self.loaded.scenario.state)
        self.query_one("#meters").border_title = "How it's going"
        self.query_one("#voice").display = False
        answer = self.query_one(AnswerBox)
        answer.border_title = "Your answer"
        answer.border_subtitle = "enter send · ctrl+j new line"
        answer.read_only = True
        self.set_interval(1.0, self._tick)
        self.trainer.active_drill = self
        self.run_worker(self._start, thread=True, name="drill-start", exit_on_error=False)

    def on_unmount(self) -> None:
        self.abandon_now()
        if self.trainer.active_drill is self:
            self.trainer.active_drill = None

    # -- the core, in workers -------------------------------------------------------------

    def _start(self) -> None:
        from trainer.drill.recorder import DrillRecorder

        app = self.trainer
        assert app.store is not None
        seed = app.seed if app.seed is not None else int(time.time())
        try:
            self.recorder = DrillRecorder(self.loaded, app.store, rep=app.rep, seed=seed)
            self.post_message(Started(self.recorder.start()))
        except Exception as exc:
            self.post_message(Failed(str(exc)))

    def submit_answer(self, answer: Answer, audio_path: str | None = None) -> None:
        """Score and log one answer (typed or spoken), then show the feedback."""
        recorder = self.recorder
        if recorder is None or self.busy or recorder.session.current is None:
            return
        self.busy = True
        submitted_at = time.perf_counter()

        def work() -> None:
            try:
                outcome = recorder.answer(answer, audio_path=audio_path)
            except Exception as exc:
                self.post_message(Failed(str(exc)))
                return
            self.post_message(Answered(outcome, submitted_at))

        self.run_worker(work, thread=True, name="drill-answer", exit_on_error=False)

    # -- messages from the workers --------------------------------------------------------

    def on_started(self, message: Started) -> None:
        self.busy = False
        self._show_prospect(message.turn.line)
        self._draw_meters()

    def on_answered(self, message: Answered) -> None:
        outcome = message.outcome
        self.busy = False
        step = self.loaded.scenario.step(outcome.step_id)
        self._say(Static(Content.assemble(("You: ", "bold"),
                                          render.highlight(outcome.answer.text, outcome.result)),
                         classes="rep"))
        self._say(Feedback(outcome, step.model_answer))
        self._draw_meters()
        from trainer.drill.session import EndOfCall

        if isinstance(outcome.next, EndOfCall):
            self._show_end(outcome.next)
        else:
            self._show_prospect(outcome.next.line)
        self.call_after_refresh(self._feedback_shown, message.submitted_at)

    def _feedback_shown(self, submitted_at: float) -> None:
        self.last_feedback_ms = (time.perf_counter() - submitted_at) * 1000

    def on_retried(self, message: Retried) -> None:
        self.busy = False
        for widget in self.query("#conversation .summary"):
            widget.remove()
        answered = list(self.query("#conversation .rep, #conversation .feedback"))
        for widget in answered[-2:]:
            widget.add_class("retried")
        self._say(Static(Content.styled("Retry: answer the same line again. The earlier answer "
                                        "stays in your log but no longer counts.", "$text-muted"),
                         classes="note"))
        self._draw_meters()
        self._show_prospect(message.turn.line)

    def on_ended(self, _: Ended) -> None:
        self.busy = False
        self._show_end(None)

    def on_failed(self, message: Failed) -> None:
        self.busy = False
        self.notify(message.error, title="Drill problem", severity="error", timeout=20)

    # -- showing ---------------------------------------------------------------------------

    def _say(self, widget: Static) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(widget)
        conversation.scroll_end(animate=False)

    def _show_prospect(self, line: str) -> None:
        self.refresh_bindings()
        name = self.loaded.scenario.persona.name
        self._say(Static(Content.assemble((f"{name}: ", "bold $accent"), line), classes="prospect"))
        box = self.query_one(AnswerBox)
        box.disabled = False
        box.read_only = False
        box.reset()
        box.focus()
        self.line_shown_at = self.trainer.clock.monotonic()
        self._tick()

    def _show_end(self, end: EndOfCall | None) -> None:
        self.refresh_bindings()
        recorder = self.recorder
        assert recorder is not None
        box = self.query_one(AnswerBox)
        box.reset()
        box.read_only = True
        box.disabled = True
        name = self.loaded.scenario.persona.name
        session = recorder.session
        parts: list[Content | str | tuple[str, str]] = []
        if end is not None and end.line:
            parts += [(f"{name}: ", "bold $accent"), end.line, "\n\n"]
        if end is not None:
            parts += [("Call over: ", "bold"), render.outcome(end.outcome.value)]
        else:
            parts += [("Call ended early", "bold"), " (your answers so far are kept)"]
        score = session.score
        parts += ["   ", ("Score ", "bold"),
                  (render.score_text(score), render.score_style(score)),
                  (f"   {_answers(len(session.counted_turns))}", "$text-muted")]
        if end is not None and end.summary:
            parts += ["\n", end.summary]
        keys = "ctrl+r retry the last answer · ctrl+n drill again · esc close"
        parts += ["\n", (keys, "$text-muted")]
        summary = Static(Content.assemble(*parts), classes="summary")
        summary.border_title = "Summary"
        self._say(summary)
        self._tick()

    def _draw_meters(self) -> None:
        meters = self.loaded.scenario.state
        if not meters or self.recorder is None:
            return
        state = self.recorder.session.state
        lines = []
        for name, meter in meters.items():
            value = state.get(name, meter.start)
            span = (meter.max - meter.min) or 1.0
            lines.append(Content.assemble(
                (f"{meter.label or name} ", "bold"),
                render.bar((value - meter.min) / span, 10), f" {value:.0f}"))
        self.query_one("#meters", Static).update(Content("\n").join(lines))

    def _tick(self) -> None:
        timer = self.query_one("#timer", Static)
        recorder = self.recorder
        if recorder is None or recorder.session.current is None:
            timer.update("")
            return
        waited = self.trainer.clock.monotonic() - self.line_shown_at
        timer.update(Content.assemble(("since their line ", "$text-muted"),
                                      (render.clock_face(waited), "bold")))

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act right now are shown dimmed in the footer."""
        recorder = self.recorder
        session = recorder.session if recorder is not None else None
        available = {
            "hint": session is not None and session.current is not None,
            "retry": session is not None and session.can_retry,
            "model_answer": bool(session is not None and session.turns),
            "again": recorder is not None and recorder.finished,
        }
        return available.get(action, True) or None

    @on(AnswerBox.Submitted)
    def _typed(self, event: AnswerBox.Submitted) -> None:
        text = event.text.strip()
        if not text:
            self.notify("Type your answer first, then press enter.", timeout=3)
            return
        now = self.trainer.clock.monotonic()
        first = event.box.first_key_at
        from trainer.scoring.answer import Answer

        pause = None if first is None else max(0.0, first - self.line_shown_at)
        spent = None if first is None else max(0.0, now - first)
        self.submit_answer(Answer.typed(text, pause_s=pause, duration_s=spent))

    def action_hint(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.session.current is None:
            return
        self._say(Static(Content.assemble(("Hint: ", "bold $warning"), recorder.hint()),
                         classes="hint"))

    def action_model_answer(self) -> None:
        shown = list(self.query(Feedback))
        if not shown:
            self.notify("Answer first; the model answer then appears under your feedback.",
                        timeout=4)
            return
        shown[-1].toggle_model()
        self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)

    def action_retry(self) -> None:
        recorder = self.recorder
        if recorder is None or self.busy or not recorder.session.can_retry:
            self.notify("Nothing to retry yet: answer first.", timeout=3)
            return
        self.busy = True

        def work() -> None:
            try:
                self.post_message(Retried(recorder.retry()))
            except Exception as exc:
                self.post_message(Failed(str(exc)))

        self.run_worker(work, thread=True, name="drill-retry", exit_on_error=False)

    def action_end_call(self) -> None:
        recorder = self.recorder
        if recorder is None or recorder.finished:
            self.dismiss(None)
            return
        if self.busy:
            return
        self.busy = True

        def work() -> None:
            try:
                recorder.abandon()
            except Exception as exc:
                self.post_message(Failed(str(exc)))
                return
            self.post_message(Ended())

        self.run_worker(work, thread=True, name="drill-end", exit_on_error=False)

    def action_again(self) -> None:
        recorder = self.recorder
        if recorder is None or not recorder.finished:
            self.notify("Finish or end this call first (esc).", timeout=3)
            return
        app = self.trainer
        self.dismiss(None)
        app.open_drill(self.loaded)

    def action_toggle_brief(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display

    def action_push_to_talk(self) -> None:
        """Voice answers start and stop here (speech area); until then, say how to answer."""
        self.notify("Voice answers are not available here yet: type your answer.", timeout=4)

    def abandon_now(self) -> None:
        """The app is closing mid-call: keep the answers, mark the attempt ended early."""
        recorder = self.recorder
        if recorder is not None and not recorder.finished and self.trainer.store is not None:
            try:
                recorder.abandon()
            except Exception as exc:  # closing anyway: the log marks it unfinished later
                self.log.error(f"could not mark the attempt as ended early: {exc}")


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")
