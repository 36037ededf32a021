"""Drill: the conversation, a brief/persona panel, meters, the answer box and instant feedback.

The rules (timing, scoring, branching, retries, logging, recordings) are the drill service's
(`trainer.drill.run`); this screen calls it in `@work` threads and draws the immutable
`DrillView` each call returns. Screen state lives in reactive attributes: `busy` (a call to
the service is running) and `voice` (what the microphone is doing).

Voice answers: ctrl+space starts listening (the model loads in a worker the first time and
stays for the session), ctrl+space again stops (or a silence, when the
`voice_stop_after_silence` setting is on). The key shows only when a speech model and a
microphone are there; the app's `voice_wavs` play test recordings instead of the microphone.
The prospect's voice (speaking the lines, cutting in, hands-free) is the ProspectVoice
widget's (trainer/tui/widgets/prospect_voice.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from trainer.safe_text import display, kept_text
from trainer.tui import render
from trainer.tui.keys import bindings
from trainer.tui.later import LaterMixin
from trainer.tui.widgets import drill_parts as parts
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.conversation import Conversation
from trainer.tui.widgets.drill_parts import Feedback
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.next_actions import NextActions
from trainer.tui.widgets.prospect_voice import ProspectVoice, hands_free_settings
from trainer.tui.widgets.spoken_answer import SpokenAnswer

if TYPE_CHECKING:
    from trainer.drill.run import Drill, DrillView, ProspectTurn, TurnOutcome
    from trainer.drill.voice import Listening
    from trainer.scenario.library import LoadedScenario
    from trainer.tui.app import TrainerApp

__all__ = ["DrillScreen", "Feedback"]

R = TypeVar("R")
SIDE_MIN_WIDTH = 72  # narrower: no side panel (the brief is a key away)
TIMER_LABEL_WIDTH = 60  # narrower: the timer shows the time without "since their line"
TIMER_WIDTH = 23  # " since their line 0:00 "
TIMER_WIDTH_NARROW = 6  # " 0:00 "


def esc_with_enter_s(app: App[object]) -> float:
    """How soon after the enter that ended a call an esc (or `c`) counts as pressed with
    it, so the summary stays: a terminal hands esc over only after its escape delay
    (Textual's ESCDELAY, 0.1 s), once the answer may have been scored and the summary drawn.
    No delay without a terminal (a headless app reads keys as they are sent)."""
    from textual import constants

    return 0.0 if app.is_headless else constants.ESCAPE_DELAY + 0.15


class DrillScreen(LaterMixin, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("drill")

    # Until the call has started; then while the service works. Each time it is set off, an
    # esc pressed meanwhile acts (`watch_busy`).
    busy: var[bool] = var(True, always_update=True)

    def __init__(self, loaded: LoadedScenario, note: str | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.note = note  # heads the screen: the daily session's "Drill 2 of 5 · overdue"
        self.drill: Drill | None = None
        self.voice = SpokenAnswer(id="voice")
        self.prospect = ProspectVoice(id="prospect-voice")  # the prospect speaks its lines
        self.snapshot: DrillView | None = None  # all the screen reads of the drill
        self.last_feedback_ms: float | None = None  # typed answer → feedback on screen
        self.early: tuple[str, float | None] | None = None  # sent before the call started
        self.start_failed = False  # the log could not take the call: enter tries again
        self.leaving = False  # closed to go elsewhere (the palette): a daily session stops
        self.line_waits = False  # the prospect's line is not on screen yet (its voice loads)
        self.esc_waits = False  # esc pressed while the service worked: it acts once it is done
        self.line_model: tuple[ProspectTurn, Static] | None = None  # ctrl+o's, for this line
        self.summary_holds_until = 0.0  # time.monotonic(): an esc before it keeps the summary

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The drill's worker and the prospect's voice each import trainer.speech in a thread
        # of their own; two threads importing a package at once can fail in Python 3.11
        # ("Drill problem: 'trainer.speech'", seen once in a tmux test). Imported here first,
        # on the app's thread (a small module, no speech libraries).
        import trainer.speech.errors  # noqa: F401

        scenario = self.loaded.scenario
        with Horizontal(id="drill-head"):
            yield Static(parts.title(scenario, note=self.note), id="drill-title")
            yield Static("", id="timer")
        with Horizontal(id="drill-body"):
            yield Conversation(id="conversation")
            with Vertical(id="side"):
                yield Static(parts.persona_card(scenario), id="persona")
                yield Static(render.plain(scenario.brief), id="brief")
                yield Static("", id="meters")
        yield AnswerBox(self.trainer.clock.monotonic, id="answer")
        key = self.trainer.key_for
        own = {action: key(f"next.{action}") for action in ("retry", "again", "close")}
        yield NextActions(self.after_call_keys(), own, id="next")
        yield self.voice
        yield self.prospect
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#persona").border_title = "Prospect"
        self.query_one("#brief").border_title = "Brief"
        self.query_one("#meters").display = bool(self.loaded.scenario.state)
        self.query_one("#meters").border_title = "How it's going"
        answer = self.query_one(AnswerBox)
        answer.border_title = "Your answer"
        key = self.trainer.key_for
        answer.border_subtitle = (
            f"{key('answer.send')} send · "
            f"{key('answer.new-line')} new line · "
            f"{key('app.help', typing=True)} help"
        )
        answer.focus()  # typing starts at once: keys pressed while the call starts are kept
        self.app.call_later(self.trainer.release_keys)  # and those typed while it opened
        self.set_interval(1.0, self._tick)
        self.trainer.active_drill = self
        self._wait_for_line("the call is starting")
        self._start()
        app = self.trainer
        scenario = self.loaded.scenario
        self.prospect.configure(scenario, app.current_settings)
        self.voice.configure(
            scenario.language,
            scenario.phrases,
            hands_free_settings(app.current_settings),
            app.voice_wavs,
        )

    def on_unmount(self) -> None:
        self.voice.cancel()
        self.abandon_now()
        if self.trainer.active_drill is self:
            self.trainer.active_drill = None

    def watch_busy(self, busy: bool) -> None:
        self.refresh_bindings()
        if not busy:
            self._esc_acts()

    # -- the drill service, in workers ----------------------------------------------------

    @work(thread=True, exit_on_error=False, group="drill")
    def _start(self) -> None:
        from trainer.drill.run import start_drill

        app = self.trainer
        assert app.store is not None
        try:
            drill = start_drill(
                self.loaded,
                app.store,
                settings=app.current_settings,
                clock=app.clock,
                seed=app.seed,
            )
            turn = drill.start()
        except Exception as exc:  # StoreError and anything the backend raises: say it
            self.later(self._not_started, str(exc))
            return
        self.later(self._started, drill, turn, drill.view())

    def _not_started(self, error: str) -> None:
        """The call could not be logged (the team server did not answer): what was typed
        stays, and enter tries again."""
        self.start_failed, self.early = True, None
        self.query_one(AnswerBox).read_only = False
        self._failed(f"{error} Press enter to try again.")

    def _service(self, call: Callable[[Drill], R], then: Callable[[R, DrillView], None]) -> None:
        """Run `call(drill)` in a worker; `then(result, snapshot)` back on the UI thread."""
        if self.drill is not None:
            self.busy = True
            self._run_service(self.drill, call, then)

    @work(thread=True, exit_on_error=False, group="drill")
    def _run_service(
        self, drill: Drill, call: Callable[[Drill], R], then: Callable[[R, DrillView], None]
    ) -> None:
        try:
            result = call(drill)
        except Exception as exc:  # StoreError and anything the backend raises: say it
            self.later(self._failed, str(exc))
            return
        self.later(then, result, drill.view())

    # -- what the workers return ------------------------------------------------------------

    def _started(self, drill: Drill, turn: ProspectTurn, view: DrillView) -> None:
        self.drill, self.snapshot = drill, view
        self.busy = False
        if self.trainer.current_settings.hands_free and not self.voice.settled:
            self.prospect.hold()  # the first line waits until the microphone can listen
            self.voice.preload(drill.rep)
        self._show_prospect(turn.line, keep_typed=True)
        self._draw_meters()
        early, self.early = self.early, None
        if early is not None:
            self._send(*early)

    def _send(self, text: str, first_key_at: float | None) -> None:
        self._service(
            lambda d: d.answer_typed(text, first_key_at),
            partial(self._answered, time.perf_counter()),
        )

    def _answered(self, submitted_at: float, outcome: TurnOutcome, view: DrillView) -> None:
        self.snapshot = view
        if view.current is None:  # this answer ended the call: what an esc with it asked for
            self.esc_waits = False  # (the feedback and summary stay)
        self.busy = False
        step = self.loaded.scenario.step(outcome.step_id)
        if outcome.note:  # what became of an earlier answer whose acknowledgement was lost
            self._say(parts.note(outcome.note))
            self.notify(display(outcome.note), title="Earlier answer", timeout=20, markup=False)
        self._say(parts.rep_line(outcome))
        self._say(Feedback(outcome, step.model_answer))
        self._draw_meters()
        if view.current is not None:
            self._show_prospect(view.current.line)
        else:
            self._show_end()
            sent_at = self.query_one(AnswerBox).sent_at
            if sent_at is not None:  # an esc pressed with this enter may still be on its way
                self.summary_holds_until = sent_at + esc_with_enter_s(self.app)
        self.call_after_refresh(self._feedback_shown, submitted_at)

    def _feedback_shown(self, submitted_at: float) -> None:
        self.last_feedback_ms = (time.perf_counter() - submitted_at) * 1000

    def _retried(self, turn: ProspectTurn, view: DrillView) -> None:
        self.snapshot = view
        self.busy = False
        self.query("#conversation .summary, #conversation .ending").remove()
        answered = list(self.query("#conversation .rep, #conversation .feedback"))
        for widget in answered[-2:]:
            widget.add_class("retried")
        self._say(parts.note(parts.PRACTICE_NOTE if view.kept else parts.RETRY_NOTE))
        self._draw_meters()
        self._show_prospect(turn.line)

    def _ended(self, _: None, view: DrillView) -> None:
        self.snapshot = view
        self.busy = False
        self._show_end()

    def _failed(self, error: str) -> None:
        self.busy = False
        if self.drill is None:  # the call never started: no line is on its way
            self.query("#conversation > .waiting").remove()
        self.notify(
            display(error), title="Drill problem", severity="error", timeout=20, markup=False
        )

    def _esc_acts(self) -> None:
        """Esc pressed while the drill service worked acts now that it is done: mid-call it
        asks to end the call, after the call it closes (an answer that ended the call
        itself clears `esc_waits` first: `_answered`)."""
        if not self.esc_waits or self.busy:
            return
        self.esc_waits = False
        self.call_after_refresh(self.action_end_call)

    # -- showing ---------------------------------------------------------------------------

    def on_prospect_voice_text_only(self, event: ProspectVoice.TextOnly) -> None:
        """The speakers failed: a line of the conversation says so (it covers nothing)."""
        self._say(parts.note(event.text))

    def _say(self, widget: Static) -> None:
        """Add to the conversation and scroll to it."""
        self.query_one(Conversation).add(widget)

    def _show_prospect(self, line: str, keep_typed: bool = False) -> None:
        """The prospect's next line; `keep_typed` keeps what the rep typed while the call was
        starting (the pause is then zero: they were already answering)."""
        self.refresh_bindings()
        shown = parts.prospect_line(self.loaded.scenario.persona.label, line)
        if self.drill is not None:
            self.line_waits = True  # until it is on screen: no timer yet
            self.prospect.present(self.drill, line, partial(self._line_appears, shown))
            if self.line_waits:
                self._wait_for_line(self._why_the_line_waits())
        else:
            self._say(shown)
        self.query_one(NextActions).display = False
        box = self.query_one(AnswerBox)
        box.disabled = box.read_only = False
        box.display = True
        if keep_typed and box.text:
            box.first_key_at = self.trainer.clock.monotonic()
        else:
            box.reset()
        box.focus()
        self._tick()

    def _line_appears(self, shown: Static) -> None:
        """The prospect's line goes on screen (at once, or once their voice has loaded):
        the timer and the pause start now."""
        self.query("#conversation > .waiting").remove()
        self._say(shown)
        self.line_waits = False
        if self.drill is not None:
            self.drill.line_appeared()
        self._tick()

    def _wait_for_line(self, why: str) -> None:
        """Say in the conversation why the prospect's line is not there yet."""
        self.query("#conversation > .waiting").remove()
        self._say(parts.waiting_line(self.loaded.scenario.persona.label, why))

    def _why_the_line_waits(self) -> str:
        prospect = self.prospect
        if prospect.loading:
            return "their voice is loading"
        if prospect.held:
            return "the microphone is getting ready"
        return "listen" if prospect.speaking else "a moment"

    def _show_end(self) -> None:
        assert self.snapshot is not None
        self.refresh_bindings()
        box = self.query_one(AnswerBox)
        box.reset()
        box.read_only = box.disabled = True
        box.display = False
        actions = self.query_one(NextActions)
        actions.display = True
        # Retry is offered only where there is an answer to retry (not after ending early).
        actions.query_one("#next-retry").display = self.snapshot.can_retry
        actions.query_one("#next-retry" if self.snapshot.can_retry else "#next-again").focus()
        shown = self.after_call_keys()
        feedback = list(self.query("#conversation .feedback"))
        offers = [  # only what there is: no earlier feedback nor retry without an answer
            f"{shown['scroll']} earlier feedback" if feedback else "",
            f"{shown['retry']} retry the last answer" if self.snapshot.can_retry else "",
            f"{shown['again']} drill again",
            f"{shown['close']} close",
        ]
        keys = " · ".join(offer for offer in offers if offer)
        if (
            last := parts.ending_line(self.loaded.scenario.persona.label, self.snapshot)
        ) is not None:
            self._say(last)
        self._say(parts.summary(self.snapshot, keys))
        if feedback:  # the last answer's feedback first, the summary under it
            self.query_one(Conversation).show_from(feedback[-1])
        self._tick()

    def after_call_keys(self) -> dict[str, str]:
        """How the keys of the actions after a call show, on their buttons and in the
        summary alike: both key sets work then, the next actions' letters (focused) and the
        drill's own keys (docs/keys.md)."""
        key = self.trainer.key_for
        return {
            "retry": f"{key('next.retry')} or {key('drill.retry')}",
            "again": f"{key('next.again')} or {key('drill.again')}",
            "close": f"{key('next.close')} or {key('drill.end-call')}",
            "scroll": key("drill.scroll-up"),
        }

    def _draw_meters(self) -> None:
        if self.loaded.scenario.state and self.snapshot is not None:
            self.query_one("#meters", Static).update(
                parts.meters(self.loaded.scenario, self.snapshot)
            )

    def _tick(self) -> None:
        timer = self.query_one("#timer", Static)
        shown_at = self.drill.line_shown_at if self.drill is not None else None
        current = self.snapshot is not None and self.snapshot.current is not None
        if shown_at is None or not current or self.line_waits:
            timer.update("")
            return
        waited = self.trainer.clock.monotonic() - shown_at
        label = "since their line " if self.size.width >= TIMER_LABEL_WIDTH else ""
        timer.update(Content.assemble((label, "$text-muted"), (render.clock_face(waited), "bold")))

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act right now are shown dimmed in the footer."""
        view = self.snapshot
        over = view is not None and view.finished
        available = {
            "hint": view is not None and view.current is not None,
            "model_answer": view is not None and (view.answered or view.current is not None),
        }
        if action == "retry":  # hidden until there is an answer to retry
            return view is not None and view.can_retry
        if action == "again":  # hidden mid-call, and in a daily session (it goes on by itself)
            return over and self.note is None
        if action == "hint" and over:  # no line to answer any more
            return False
        if action in ("push_to_talk", "voice_off"):  # False hides the key from the footer
            return self.voice_usable == (action == "push_to_talk")
        if action == "summary":  # page down, named for what it shows once the call is over
            return over
        if action in ("end_call", "close"):  # esc ends the call, then closes the screen
            return over == (action == "close")
        return available.get(action, True) or None

    @on(AnswerBox.Submitted)
    def _typed(self, event: AnswerBox.Submitted) -> None:
        event.box.sending = False
        self._take(event)
        self._esc_acts()  # esc pressed with enter: now, unless the answer is being scored

    def _take(self, event: AnswerBox.Submitted) -> None:
        """An answer sent from the box: to the drill, or kept until the call has started.
        An answer with no words ("😀 👍") is refused as an empty one is (answer_text)."""
        from trainer.drill.run import EMPTY_ANSWER, answer_text

        text = answer_text(event.text)
        if self.drill is None and self.start_failed:  # try again; what was typed waits
            self.start_failed = False  # for the prospect's line to be seen
            self._start()
            return
        if not text:
            self.notify(EMPTY_ANSWER, timeout=3)
            return
        self.voice.cancel()  # typing wins over a capture left running
        if self.drill is not None:
            self.prospect.cut_in(self.drill)
        if self.drill is None:  # the call is still starting: send it once it has
            self.early = (text, event.box.first_key_at)
            event.box.read_only = True
            return
        if not self.busy and self.snapshot is not None and self.snapshot.current is not None:
            self._send(text, event.box.first_key_at)

    def action_hint(self) -> None:
        view = self.snapshot
        if self.drill is not None and view is not None and view.current is not None:
            self._say(parts.hint_line(self.drill.hint()))

    def action_model_answer(self) -> None:
        """The model answer to the line awaiting an answer, in the conversation (as `/model`
        in the plain drill), shown or hidden; once no line awaits one (the call is over),
        the last answer's, under its feedback. A model shown earlier stays where it is."""
        view = self.snapshot
        if view is not None and view.current is not None:
            self._toggle_line_model(view.current)
            return
        shown = list(self.query(Feedback))
        if shown:
            shown[-1].toggle_model()
            self.query_one(Conversation).following = True  # the model answer is at the end

    def _toggle_line_model(self, line: ProspectTurn) -> None:
        """Show the model answer to `line` under it, or hide it if it is shown."""
        shown = self.line_model
        if shown is not None and shown[0] is line and shown[1].is_attached:
            shown[1].remove()
            self.line_model = None
            return
        model = self.loaded.scenario.step(line.step_id).model_answer
        if not model:
            self.notify("This line has no model answer.", timeout=4)
            return
        widget = parts.model_line(model)
        self._say(widget)
        self.line_model = (line, widget)

    def action_retry(self) -> None:
        if self.drill is None or self.busy or self.snapshot is None or not self.snapshot.can_retry:
            self.notify("Nothing to retry yet: answer first.", timeout=3)
            return
        if self.typed:
            self.confirm(
                "Retry the last answer?", "What you have typed is not sent.", self._retry_now
            )
        else:
            self._retry_now()

    def _retry_now(self) -> None:
        self._service(lambda d: d.retry(), self._retried)

    @property
    def typed(self) -> bool:
        """The answer box holds text that has not been sent."""
        box = self.query_one(AnswerBox)
        return bool(box.text.strip()) and not box.read_only

    @property
    def mid_call(self) -> bool:
        return self.drill is not None and not self.drill.finished

    def confirm(self, question: str, detail: str, then: Callable[[], None]) -> None:
        """Ask first; `then()` runs on yes."""
        from trainer.tui.screens.confirm import ConfirmScreen

        dialog = ConfirmScreen(question, detail)

        def answered(yes: bool | None) -> None:
            if yes:
                then()
            else:
                self.take_paste(dialog.pasted)

        self.app.push_screen(dialog, answered)

    def take_paste(self, text: str) -> None:
        """Text pasted while a question was open, into the answer box (going back)."""
        box = self.query_one(AnswerBox)
        if text and not box.read_only and box.display:
            if box.first_key_at is None:
                box.first_key_at = self.trainer.clock.monotonic()
            box.insert(kept_text(text))  # as a paste into the box goes in
            box.focus()

    def action_end_call(self) -> None:
        if self.drill is not None and (self.busy or self.query_one(AnswerBox).sending):
            # An answer on its way or being scored (or the call ending): esc acts once the
            # drill has done its work, on the call as it is then (`_esc_acts`): never a
            # question about a call that answer has ended.
            if not self.esc_waits:
                self.esc_waits = True
                key = self.trainer.key_for("drill.end-call")
                self.notify(f"One moment: {key} acts once the drill has done its work.", timeout=3)
            return
        if self.drill is None or self.drill.finished:
            if self.typed:
                self.confirm(
                    "Close the drill?", "What you have typed is not sent.", self.action_close
                )
            else:
                self.action_close()
        else:
            self.confirm("End this call?", self.ending_now(), self._end_now)

    def leave(self, then: Callable[[], object]) -> None:
        """Close to go elsewhere (a place, another drill from the palette): mid-call or with
        a typed answer it asks as esc does; the call is kept as ended early (`on_unmount`)."""
        if self.busy and self.mid_call:
            self.notify("A moment: the drill is still working; try again.", timeout=3)
            return

        def go() -> None:
            self.leaving = True
            self.dismiss(None)
            self.app.call_later(then)

        if self.mid_call:
            self.confirm("End this call?", self.ending_now(), go)
        elif self.typed:
            self.confirm("Close the drill?", "What you have typed is not sent.", go)
        else:
            go()

    def ending_now(self) -> str:
        """What ending the call now does, as esc, leaving and quitting ask it
        (`DrillView.ending_now`), after what becomes of a typed answer."""
        typed = "What you have typed is not sent. " if self.typed else ""
        view = self.snapshot
        return (typed + (view.ending_now() if view is not None else "")).strip()

    def _end_now(self) -> None:
        if self.mid_call and not self.busy:
            self._service(lambda d: d.end(), self._ended)

    def action_close(self) -> None:
        if time.monotonic() < self.summary_holds_until:  # pressed with the last enter
            self.summary_holds_until = 0.0
            key = self.trainer.key_for("drill.end-call")
            self.notify(f"The call is over: its summary is here. {key} again closes.", timeout=4)
            return
        self.dismiss(None)

    def action_again(self) -> None:
        if self.drill is None or not self.drill.finished:
            key = self.trainer.key_for("drill.end-call")
            self.notify(f"Finish or end this call first ({key}).", timeout=3)
            return
        app = self.trainer
        self.dismiss(None)
        app.open_drill(self.loaded)

    def action_toggle_brief(self) -> None:
        """The brief in full, scrollable, over the call (the side panel may cut it)."""
        from trainer.tui.screens.brief import BriefScreen

        self.app.push_screen(BriefScreen(self.loaded.scenario))

    def action_scroll_conversation(self, pages: int) -> None:
        """Earlier feedback while the answer box keeps the focus (page up / page down)."""
        conversation = self.query_one(Conversation)
        conversation.following = pages > 0 and conversation.scroll_y >= conversation.max_scroll_y
        conversation.scroll_to(
            y=conversation.scroll_y + pages * max(1, conversation.size.height - 2), animate=False
        )

    def action_summary(self) -> None:
        """Once the call is over, page down from the last answer's feedback to the summary."""
        self.action_scroll_conversation(1)

    def on_resize(self) -> None:
        # Below SIDE_MIN_WIDTH columns the conversation takes the width; ctrl+b shows the
        # brief.
        self.query_one("#side").display = self.size.width >= SIDE_MIN_WIDTH
        timer = TIMER_WIDTH if self.size.width >= TIMER_LABEL_WIDTH else TIMER_WIDTH_NARROW
        self.query_one("#drill-title", Static).update(
            parts.title(self.loaded.scenario, self.size.width - timer, self.note)
        )
        self._tick()

    def abandon_now(self) -> None:
        """The app is closing mid-call: keep the answers, mark the attempt ended early."""
        drill = self.drill
        if drill is not None and not drill.finished and self.trainer.store is not None:
            try:
                drill.end()
            except Exception as exc:  # closing anyway: the log marks it unfinished later
                self.log.error(f"could not mark the attempt as ended early: {exc}")
                self.app.notify(
                    display(f"{exc} The call shows as unfinished; its answers are kept."),
                    title="Could not end the call",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )

    # -- voice (the SpokenAnswer widget does the work) --------------------------------------

    @property
    def voice_usable(self) -> bool:
        return self.voice.usable

    @property
    def listening(self) -> Listening | None:
        return self.voice.listening_now

    def action_push_to_talk(self) -> None:
        """Start listening (loading the model the first time), or stop and submit."""
        voice, drill = self.voice, self.drill
        if drill is None:
            return
        if voice.stop(drill.audio_reference()):
            self.busy = True
        elif not self.busy and self.snapshot is not None and self.snapshot.current is not None:
            self.prospect.cut_in(drill)  # talking over the prospect stops their line
            voice.start(drill.rep, drill.next_recording_name())

    def action_voice_off(self) -> None:
        """ctrl+space when voice cannot work here: say so (typing works as ever)."""
        self.notify(
            f"Voice answers need {self.voice.lacks()} (see `trainer speech check`). "
            "Type your answer.",
            timeout=6,
        )

    @on(SpokenAnswer.Changed)
    def _voice_changed(self) -> None:
        self.refresh_bindings()
        if self.voice.settled and self.prospect.held:
            self.prospect.release()

    @on(SpokenAnswer.Ended)
    def _voice_ended(self) -> None:
        self.action_push_to_talk()

    @on(SpokenAnswer.Heard)
    def _voice_heard(self, event: SpokenAnswer.Heard) -> None:
        spoken = event.spoken
        if spoken.answer is not None and self.drill is not None:  # busy until it is scored
            self._service(
                lambda d: d.answer_spoken(spoken), partial(self._answered, time.perf_counter())
            )
        else:
            self.busy = False

    @on(ProspectVoice.Played)
    def _prospect_played(self, event: ProspectVoice.Played) -> None:
        if event.cut_in_s is not None:
            self._say(parts.note(f"You cut in with {event.cut_in_s:.1f} s of their line left."))
        elif self.trainer.current_settings.hands_free and self.voice_usable:
            self.action_push_to_talk()  # hands-free: the microphone opens by itself

    @on(SpokenAnswer.Failed)
    def _voice_failed(self) -> None:
        self.busy = False
