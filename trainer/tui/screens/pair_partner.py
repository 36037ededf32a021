"""Pair practice, the partner's (and observer's) screen: the prospect's card, the live
checklist, moment tags, the branch keys, then the debrief with a comment; `s` swaps roles.

The rules are the drill service's and `trainer.drill.pair`'s; this screen calls them in
`@work` threads and draws what they return. Everything from the scenario is shown as text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from trainer.drill.pair import (
    MomentTag,
    PairCall,
    PairRoles,
    branch_choices,
    checklist,
    hidden_facts,
    how_to_play,
    human_verdict,
    login_problem,
    same_person,
    side_by_side,
    ticks_against,
)
from trainer.safe_text import display
from trainer.tui import render
from trainer.tui.keys import bindings
from trainer.tui.later import LaterMixin
from trainer.tui.pair_text import (
    DISAGREE_STYLE,
    TAG_HINT,
    card_rows,
    checklist_rows,
    observer_lines,
    tagged_line,
    verdict_lines,
)
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.spoken_answer import SpokenAnswer
from trainer.words import UNANSWERED_CALL, plural, tag_word

if TYPE_CHECKING:
    from textual.timer import Timer

    from trainer.drill.run import PartnerTurn
    from trainer.drill.voice import SpokenTurn
    from trainer.scenario.library import LoadedScenario
    from trainer.scenario.models import Step
    from trainer.store.records import ObserverNote
    from trainer.tui.app import TrainerApp

BRANCH_KEYS = "abcd"
AFTER_CALL_POLL_S = 1.0  # the debrief reads the observers' notes and looks for a swap this often


class PairPartnerScreen(LaterMixin, Screen[None]):
    """The partner holds this screen; the rep answers out loud (or from their own view)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("pair")
    DEFAULT_CSS = """
    #pair-head { height: auto; }
    #pair-title { width: 1fr; }
    #pair-timer { width: auto; min-width: 8; padding: 0 1; text-align: right; }
    #pair-body { height: 1fr; }
    #pair-card { width: 2fr; padding: 0 1; border-right: solid $primary-darken-2; }
    #pair-live { width: 3fr; padding: 0 1; }
    #pair-comment { margin: 1 0; }
    """

    busy: var[bool] = var(True)
    over: var[bool] = var(False)  # the call has ended: the debrief shows

    def __init__(self, loaded: LoadedScenario, roles: PairRoles) -> None:
        super().__init__()
        self.loaded = loaded
        self.roles = roles
        self.call: PairCall | None = None
        self.reviewed: PartnerTurn | None = None  # the last step answered (shown after)
        self.voice = SpokenAnswer(id="voice")
        self.heard: SpokenTurn | None = None  # the rep's answer to this line, if listened to
        # The observers' own notes (their processes write them), read while the debrief shows.
        self.observations: list[ObserverNote] = []
        self.looking = False  # reading the log after the call (observers, a swap)
        self.after_call: Timer | None = None  # the debrief's poll
        self.handed_over = False  # the rep's screen took the card: this one follows
        self.began_at: datetime | None = None
        self.comment_saved = False  # the partner's comment is in the log

    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        app = self.app
        assert isinstance(app, TrainerApp)
        return app

    def compose(self) -> ComposeResult:
        with Horizontal(id="pair-head"):
            yield Static("", id="pair-title")
            yield Static("", id="pair-timer")
        with Horizontal(id="pair-body"):
            with VerticalScroll(id="pair-card"):
                yield Static("", id="pair-persona")
                yield Static("", id="pair-hidden")
            with VerticalScroll(id="pair-live"):
                yield Static("", id="pair-line")
                yield self.voice
                yield Static("", id="pair-heard")
                yield Static("", id="pair-checklist")
                yield Static("", id="pair-branches")
                yield Static("", id="pair-debrief")
                yield Input(
                    placeholder="A comment for the rep, then enter",
                    id="pair-comment",
                    max_length=500,
                )
                yield Static("", id="pair-review")
        yield Footer()

    def on_mount(self) -> None:
        self.trainer.active_pair = self
        self.query_one("#pair-comment").display = False
        self._draw_card()
        self.set_interval(1.0, self._tick_timer)
        self._start()
        app, scenario = self.trainer, self.loaded.scenario
        self.voice.configure(
            scenario.language, scenario.phrases, app.current_settings, app.voice_wavs
        )

    def on_unmount(self) -> None:
        self.voice.cancel()
        self.abandon_now()
        if self.trainer.active_pair is self:
            self.trainer.active_pair = None

    @property
    def mid_call(self) -> bool:
        """A call is running: ending it or quitting asks first (as in a solo drill)."""
        return self.call is not None and not self.over and not self.call.drill.finished

    def confirm(self, question: str, detail: str, then: Callable[[], None]) -> None:
        """Ask first; `then()` runs on yes."""
        from trainer.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, detail), lambda yes: then() if yes else None)

    def leave(self, then: Callable[[], object]) -> None:
        """Close to go elsewhere (a place, a drill or Settings from the palette): mid-call it
        asks as esc does; the call is kept as ended early (`on_unmount`)."""
        if self.busy and self.mid_call:
            self.notify("A moment: the call is still being logged; try again.", timeout=3)
            return

        def go() -> None:
            self.dismiss(None)
            self.app.call_later(then)

        if self.mid_call:
            self.ask_to_end(go)
        else:
            go()

    def ask_to_end(self, then: Callable[[], None]) -> None:
        """esc and leaving mid-call ask the same question."""
        self.confirm("End this call?", self.ending_now(), then)

    def ending_now(self) -> str:
        """What ending the call now does (`DrillView.ending_now`): a call without an answer
        counts for nobody."""
        call = self.call
        return call.drill.view().ending_now() if call is not None else ""

    def abandon_now(self) -> None:
        """The card closes mid-call (the app quits): the call is kept as ended early."""
        call = self.call
        if call is not None and not call.drill.finished and self.trainer.store is not None:
            try:
                call.end()
            except Exception as exc:  # closing anyway: the log marks it unfinished later
                self.log.error(f"could not mark the pair call as ended early: {exc}")

    # -- the call ---------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="pair")
    def _start(self) -> None:
        from trainer.drill.run import start_drill
        from trainer.store.records import DrillMode

        app = self.trainer
        assert app.store is not None
        if (problem := login_problem(app.store, self.roles.rep)) is not None:
            self.later(self._failed, problem)
            return
        try:
            drill = start_drill(
                self.loaded,
                app.store,
                settings=app.current_settings,
                clock=app.clock,
                rep=self.roles.rep,
                seed=app.seed,
                mode=DrillMode.PAIR,
            )
            roles = PairRoles(drill.rep, self.roles.partner, self.roles.observer)
            call = PairCall(drill, roles, app.store, monotonic=app.clock.monotonic)
            call.start()
        except Exception as exc:  # StoreError and anything the backend raises: say it
            self.later(self._failed, str(exc))
            return
        self.later(self._started, call)

    def _started(self, call: PairCall) -> None:
        self.call = call
        self.began_at = self.trainer.clock.now()  # a call started after it may take the card
        self.roles = call.roles
        self.busy = False
        self._draw()

    def _failed(self, error: str) -> None:
        self.busy = False
        self.notify(display(error), severity="error", markup=False)

    @work(thread=True, exit_on_error=False, group="pair")
    def _take(self, call: PairCall, goto: str | None, heard: SpokenTurn | None) -> None:
        try:
            turn = call.take(goto, heard)
        except Exception as exc:
            self.later(self._failed, str(exc))
            return
        self.later(self._taken, turn)

    def _taken(self, turn: PartnerTurn) -> None:
        if turn.outcome.note:  # what became of an earlier answer whose acknowledgement was lost
            self.notify(display(turn.outcome.note), timeout=20, markup=False)
        self.reviewed = turn
        self.heard = None
        self.busy = False
        if self.call is not None and self.call.drill.finished:
            self.over = True
        self._draw()

    @work(thread=True, exit_on_error=False, group="pair")
    def _finish(
        self, call: PairCall, comment: str | None, then: Callable[[], None] | None = None
    ) -> None:
        try:
            call.end(comment)
        except Exception as exc:
            self.later(self._failed, str(exc))
            return
        self.later(self._finished, then)

    def _finished(self, then: Callable[[], None] | None = None) -> None:
        self.busy = False
        self.over = True
        self._draw()
        if then is not None:
            then()

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        live = self.call is not None and not self.over
        if action in ("tick", "branch", "tag", "end_call"):
            return live
        if action == "close":  # after the call, or when it could not start
            return self.over or (self.call is None and not self.busy)
        if action == "swap":
            return self.over and self.can_swap
        if action in ("listen", "voice_off"):  # False hides the key from the footer
            return live and self.voice.usable == (action == "listen")
        return True

    def action_tick(self, n: int) -> None:
        step = self._step()
        if self.call is None or step is None:
            return
        items = checklist(step)
        if 1 <= n <= len(items):
            self.call.toggle(items[n - 1].id)
            self._draw()

    def action_branch(self, key: str) -> None:
        step = self._step()
        if self.call is None or step is None or self.busy:
            return
        choices = branch_choices(self.loaded.scenario, step)
        index = BRANCH_KEYS.find(key)
        if not choices and index == 0:
            goto: str | None = None  # a step with no branches ends the call
        elif 0 <= index < len(choices):
            goto = choices[index].goto
        else:
            return
        self.busy = True
        self.voice.cancel()
        self._take(self.call, goto, self.heard)

    def action_listen(self) -> None:
        """Start hearing the rep's answer (loading the model the first time), or stop."""
        call = self.call
        if call is None or self.busy:
            return
        if not self.voice.stop(call.drill.audio_reference()):
            self.heard = None
            self.voice.start(call.drill.rep, call.drill.next_recording_name())

    def action_voice_off(self) -> None:
        self.notify(
            f"Listening needs {self.voice.lacks()} (see `trainer speech check`); "
            "ticks work as ever.",
            timeout=6,
        )

    @on(SpokenAnswer.Changed)
    def _voice_changed(self) -> None:
        self.refresh_bindings()

    @on(SpokenAnswer.Ended)
    def _voice_ended(self) -> None:
        self.action_listen()

    @on(SpokenAnswer.Heard)
    def _voice_heard(self, event: SpokenAnswer.Heard) -> None:
        if event.spoken.answer is not None:
            self.heard = event.spoken
        self._draw()

    def action_tag(self, kind: str) -> None:
        if self.call is None:
            return
        tag = self.call.tag(MomentTag(kind))
        self.notify(
            f"Tagged {MomentTag(kind).label} at {render.clock_face(tag.at_s)}",
            markup=False,
            timeout=2,
        )
        self._draw()

    def action_end_call(self) -> None:
        if self.call is not None and not self.busy:
            self.ask_to_end(self._end_now)

    def _end_now(self) -> None:
        if self.call is not None and self.mid_call and not self.busy:
            self.busy = True
            self._finish(self.call, None)

    def action_close(self) -> None:
        self.dismiss(None)

    @property
    def can_swap(self) -> bool:
        """Whether this process may log the swapped call: on a team server only the login's
        own calls (docs/pairs.md); the footer then offers no swap."""
        store = self.trainer.store
        return store is None or login_problem(store, self.roles.partner) is None

    def action_swap(self) -> None:
        """The same scenario again, the roles reversed."""
        if not self.can_swap:
            return
        swapped = self.roles.swapped()
        self.trainer.pair_roles = swapped
        self.app.switch_screen(PairPartnerScreen(self.loaded, swapped))

    @on(Input.Submitted, "#pair-comment")
    def _comment(self, event: Input.Submitted) -> None:
        if self.call is not None:
            self.busy = True
            self._finish(self.call, event.value, then=self._comment_saved)

    def _comment_saved(self) -> None:
        """Said once the comment is in the log, never before; it stays in the box, cleaned
        (enter saves an edit), and shows in the debrief, as the observer's does."""
        if self.call is not None:
            self.query_one("#pair-comment", Input).value = self.call.comment
        self.comment_saved = True
        self.notify("Comment saved.", markup=False, timeout=2)
        self._draw()

    # -- drawing ----------------------------------------------------------------------------

    def watch_over(self, over: bool) -> None:
        comment = self.query_one("#pair-comment", Input)
        # no comment on a call that counts for nobody (ended before any answer)
        comment.display = over and self.call is not None and self.call.drill.view().answered
        if comment.display:
            comment.focus()
        if over:
            self._look_after_call()
            self.after_call = self.set_interval(AFTER_CALL_POLL_S, self._look_after_call)
        self.refresh_bindings()

    # -- after the call: the observers' notes, and a swap from the rep's screen -------------

    def _look_after_call(self) -> None:
        """One poll for what the debrief follows: the observers' notes (in a triad) and
        whether the rep's screen took the card; one worker, one read of each."""
        if self.call is None or self.began_at is None:
            return
        if not self.looking and not self.handed_over:
            self.looking = True
            self._look(self.call.drill.attempt_id, self.began_at)

    @work(thread=True, exit_on_error=False, group="pair-after-call")
    def _look(self, attempt_id: str, began_at: datetime) -> None:
        """In the worker: the observers' notes on this call, and whether the rep's screen
        took the card (`ctrl+r` there): a call started after this one, of the same
        scenario, where this card's partner answers and its rep plays."""
        from trainer.drill.pair import rep_sight

        store, roles = self.trainer.store, self.roles
        seen = self.observations
        try:
            if store is not None and roles.observer:
                seen = store.observations(attempt_id)
        except Exception:  # a busy log: try again at the next poll
            pass
        try:  # only the partner's own calls can be the swap: one person's history
            sight = (
                rep_sight(store, roles.partner, began_at, names=self.trainer.log_names)
                if store
                else None
            )
        except Exception:  # a busy log: look again at the next poll
            sight = None
        taken = (
            sight is not None
            and sight.attempt_id != attempt_id
            and sight.started_at > began_at
            and sight.scenario_id == self.loaded.scenario.id
            and same_person(sight.rep, roles.partner)
            and same_person(sight.partner, roles.rep)
        )
        self.later(self._looked, seen, taken)

    def _looked(self, seen: list[ObserverNote], taken: bool) -> None:
        self.looking = False
        if seen != self.observations:
            self.observations = seen
            self._draw()
        if not taken or self.handed_over or self.call is None:
            return
        self.handed_over = True
        typed = self.query_one("#pair-comment", Input).value
        if typed.strip() and typed != self.call.comment:  # typed, not sent: kept first
            self.busy = True
            self._finish(self.call, typed, then=self._follow)
        else:
            self._follow()

    def _follow(self) -> None:
        """This screen follows the swapped call as the rep's view (this card's partner now
        answers; the card is on the other screen)."""
        from trainer.tui.screens.pair_rep import PairRepScreen

        swapped = self.roles.swapped()
        self.trainer.pair_roles = swapped
        self.notify(
            f"Roles swapped: {swapped.partner} plays the prospect from their screen.",
            markup=False,
            timeout=6,
        )
        self.app.switch_screen(PairRepScreen(self.loaded, swapped.rep, swapped.partner))

    def watch_busy(self) -> None:
        self.refresh_bindings()

    def _step(self) -> Step | None:
        if self.call is None:
            return None
        current = self.call.drill.view().current
        return self.loaded.scenario.step(current.step_id) if current else None

    def _tick_timer(self) -> None:
        if self.call is not None:
            self.query_one("#pair-timer", Static).update(render.clock_face(self.call.elapsed_s))

    def _draw_card(self) -> None:
        scenario = self.loaded.scenario
        roles = self.roles
        self.query_one("#pair-title", Static).update(render.pair_title(scenario.title, roles.who))
        persona = Content.assemble(
            ("Your card (the rep never sees it)\n", "bold $accent"),
            *(render.plain(f"{line}\n") for line in how_to_play(scenario)),
            ("\nThe rep's brief\n", "bold"),
            render.plain(scenario.brief),
        )
        self.query_one("#pair-persona", Static).update(persona)
        facts = hidden_facts(scenario)
        parts: list[Content | tuple[str, str] | str] = [("\nHidden facts\n", "bold")]
        if not facts:
            parts.append(("none in this scenario\n", "$text-muted"))
        for fact in facts:
            parts.append(render.plain(f"• {fact.text}\n"))
            unlock = fact.unlock or "the rep asks a good question about it"
            parts.append((f"  reveal when {display(unlock)}\n", "$text-muted"))
        self.query_one("#pair-hidden", Static).update(card_rows(Content.assemble(*parts)))

    def _draw(self) -> None:
        if self.call is None:
            return
        view = self.call.drill.view()
        line = self.query_one("#pair-line", Static)
        checks = self.query_one("#pair-checklist", Static)
        branches = self.query_one("#pair-branches", Static)
        step = self._step()
        if step is not None and view.current is not None:
            line.update(
                Content.assemble(
                    ("Say: ", "bold $accent"), render.plain(f"\u201c{view.current.line}\u201d")
                )
            )
            items = checklist(step)
            verdict = human_verdict(step, frozenset(self.call.ticks))
            heading = f"Tick what you hear (your ticks score {render.score_text(verdict.score)})"
            checks.update(card_rows(checklist_rows(heading, items, self.call.ticks)))
            scenario = self.loaded.scenario
            choices = branch_choices(scenario, step)
            rows: list[Content | tuple[str, str] | str] = [
                ("\nThen react (the key takes the branch)\n", "bold")
            ]
            if not choices:
                rows.append("a  end the call\n")
            for key, choice in zip(BRANCH_KEYS, choices, strict=False):
                rows.append(Content.assemble(f"{key}  ", render.plain_line(choice.words), "\n"))
                if (against := ticks_against(choice.when, verdict, scenario, step)) is not None:
                    rows.append(
                        (f"   ✗ not what your ticks say: {display(against)}\n", DISAGREE_STYLE)
                    )
            rows.append(("\n" + TAG_HINT, "$text-muted"))
            rows.append(tagged_line(self.call.tags))
            branches.update(card_rows(Content.assemble(*rows)))
        for part in (line, checks, branches):
            part.display = step is not None and view.current is not None
        heard = self.query_one("#pair-heard", Static)
        answer = self.heard.answer if self.heard is not None else None
        heard.display = answer is not None
        if answer is not None:
            heard.update(
                Content.assemble(("Heard: ", "bold"), render.plain(f"\u201c{answer.text}\u201d"))
            )
        self._draw_review()
        debrief = self.query_one("#pair-debrief", Static)
        debrief.update(self._debrief() if self.over else "")
        debrief.display = self.over
        self._tick_timer()

    def _draw_review(self) -> None:
        """The step just answered: both verdicts, the model answer and the tips."""
        review = self.query_one("#pair-review", Static)
        turn = self.reviewed
        if turn is None:
            review.update("")
            return
        outcome = turn.outcome
        step = self.loaded.scenario.step(outcome.step_id)
        rows: list[Content | tuple[str, str] | str] = [
            ("\nLast step: ", "bold"),
            f"partner {render.score_text(outcome.result.score)}",
        ]
        if turn.auto is not None:
            rows.append(f" · scorer {render.score_text(turn.auto.score)}")
        rows.append("\n")
        for row in side_by_side(outcome.result, turn.auto):
            human = "✓" if row.human else "✗"
            auto = "" if row.auto is None else ("  scorer " + ("✓" if row.auto else "✗"))
            style = "bold $warning" if row.disagree else ""
            rows.append(
                Content.assemble(
                    (f"{human} ", style),
                    render.plain_line(row.label),
                    (auto + (" ← disagree" if row.disagree else ""), style),
                    "\n",
                )
            )
        rows += [("Model answer: ", "bold"), render.plain(step.model_answer), "\n"]
        for c in outcome.result.criteria:
            if not c.passed and c.tip:
                rows.append(Content.assemble(("tip ", "$text-muted"), render.plain(c.tip), "\n"))
        review.update(card_rows(Content.assemble(*rows)))

    def _debrief(self) -> Content:
        assert self.call is not None
        note = self.call.note()
        note.observations = self.observations
        view = self.call.drill.view()
        if not view.answered:  # no drill: no debrief
            return Content.assemble(
                ("The call is over\n", "bold $accent"),
                (f"{UNANSWERED_CALL}\n", "$text-muted"),
                self._next_rows(),
            )
        rows: list[Content | tuple[str, str] | str] = [
            ("The call is over: debrief\n", "bold $accent"),
            f"partner's score {render.score_text(note.human_score)}",
        ]
        if note.auto_score is not None:
            rows.append(f" · scorer's {render.score_text(note.auto_score)}")
        # how the call ended, as History names it: its ending's outcome, or "ended early"
        rows.append(Content.assemble(" · ", render.outcome(view.result.value)))
        rows.append(
            f"\n{plural(len(note.turns), 'answer')} · {render.clock_face(note.partner_seconds)}\n"
        )
        rows += verdict_lines(note, self.loaded.scenario)
        for tag in note.tags:
            rows.append(f"{render.clock_face(tag.at_s)}  {tag_word(tag.kind)} (answer {tag.seq})\n")
        if note.comment:
            rows.append(Content.assemble(("Comment: ", "bold"), render.plain(note.comment), "\n"))
        if note.comment and self.comment_saved:
            rows.append(
                ("your comment is saved (edit it and enter to save again)\n", "$text-muted")
            )
        beside = observer_lines(note, self.loaded.scenario)
        if beside:
            rows.append(("The observers' ticks beside yours\n", "bold"))
            rows += beside
        rows.append(self._next_rows())
        return Content.assemble(*rows)

    def _next_rows(self) -> Content:
        """What the keys do after the call: swap, close."""
        if self.can_swap:
            said = (
                f"ctrl+r: swap roles here (or {self.roles.rep} takes the card: ctrl+r on "
                "their screen) · esc: close\n"
            )
            return Content.styled(display(said), "$text-muted")
        return Content.styled(
            f"esc: close · to swap, {display(self.roles.partner)} runs the next call under "
            "their own login\n",
            "$text-muted",
        )
