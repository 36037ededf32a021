"""Pair practice, the observer's screen (a triad): the prospect's lines as they are said,
the current step's checklist to tick (`1`-`9`) and the tag keys, the partner's verdicts
with this observer's ticks beside them (disagreements marked), and a comment at the end.

It follows the call the partner's process logs (the shared log or the team server, read
every half second, as the rep's view does) and writes only the observer's own notes
(`ObserverCall`, their own row), one save at a time, never the partner's. Notes the log did
not take (the team server away, a busy file) stay on the screen, marked not saved, and are
sent again every `TrainerApp.STORE_AGAIN_S` (a timer of this screen's) until the log has them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Static

from trainer.drill.pair import (
    MomentTag,
    ObserverCall,
    PairRoles,
    checklist,
    observer_problem,
)
from trainer.safe_text import display
from trainer.tui import render
from trainer.tui.keys import bindings, keys_shown
from trainer.tui.pair_text import (
    TAG_HINT,
    card_rows,
    checklist_rows,
    observer_lines,
    tagged_line,
    verdict_lines,
)
from trainer.tui.screens.pair_rep import PairRepScreen
from trainer.tui.widgets.footer import Footer
from trainer.words import UNANSWERED_CALL, tag_word

if TYPE_CHECKING:
    from trainer.drill.pair import RepSight
    from trainer.scenario.library import LoadedScenario
    from trainer.scenario.models import Step
    from trainer.store.records import ObserverNote, PairNote


class PairObserverScreen(PairRepScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("pair-observer")
    DEFAULT_CSS = """
    #pair-rep-body { height: 1fr; padding: 0 1; }
    #pair-obs-comment { margin: 1 0; }
    """

    def __init__(self, loaded: LoadedScenario, rep: str, partner: str, observer: str | None):
        super().__init__(loaded, rep, partner)
        self.observer = observer
        self.seen: ObserverCall | None = None  # this observer's notes on the call followed
        self.problem: str | None = None  # why this process only watches
        self.saving = False
        self.dirty = False
        self.comment_pending = False
        self.comment_saved = False  # this observer's comment on the call shown is in the log
        self.unsaved: str | None = None  # why the newest notes are not in the log yet
        self._again: Timer | None = None  # the next try to send them
        self.backlog: list[ObserverNote] = []  # an earlier call's notes not saved yet

    def compose(self) -> ComposeResult:
        scenario = self.loaded.scenario
        who = self._who(self.rep, self.partner)
        yield Static(render.pair_title_row(scenario.title, who), id="pair-title")
        yield Static("", id="pair-timer")
        with VerticalScroll(id="pair-rep-body"):
            yield Static("", id="pair-obs-status")
            yield Static("", id="pair-obs-checklist")
            yield Input(
                placeholder="Your comment for the rep, then enter",
                id="pair-obs-comment",
                max_length=500,
            )
            yield Static("", id="pair-lines")
            yield Static(
                Content.assemble(
                    ("The rep's brief\n", "bold $accent"), render.plain(scenario.brief)
                ),
                id="pair-brief",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pair-obs-comment").display = False
        super().on_mount()

    def _who(self, rep: str, partner: str) -> str:
        """Who plays what, this viewer's part said as it is: observing (ticking), or
        watching only (`problem`; the call's own observer, if any, named after)."""
        if self.observer and self.problem is None:
            return PairRoles(rep, partner, self.observer).who
        named = self.note.observer if self.note is not None else None
        return PairRoles(rep, partner, named).watched_by(self.observer)

    def _may_swap(self) -> bool:
        return False  # the pair swaps; the observer goes on observing (and follows)

    def _notice_rows(self, sight: RepSight) -> list[Content | tuple[str, str] | str]:
        return []  # after a swap the title says who answers now

    # -- following the call -----------------------------------------------------------------

    def _seen(self, sight: RepSight | None, note: PairNote | None) -> None:
        super()._seen(sight, note)
        sight, store = self.sight, self.trainer.store
        if sight is None or note is None or store is None:
            return
        if self.seen is None or self.seen.attempt_id != sight.attempt_id:
            self.problem = observer_problem(store, self.observer, note)
            if self.seen is not None:  # a new call (the pair swapped): its own comment box
                if self.unsaved is not None:  # the last call's notes are still sent first
                    self.backlog.append(self.seen.note())
                comment = self.query_one("#pair-obs-comment", Input)
                comment.display, comment.value, self.comment_saved = False, "", False
            self.seen = None
            if self.problem is None and note.observer:
                self.seen = ObserverCall.resumed(
                    store,
                    sight.attempt_id,
                    note.observer,  # as the partner spelt it ("Cy" is "cy": same_person)
                    sight.started_at,
                    note,
                    clock=self.trainer.clock,
                )
            self.refresh_bindings()
            self._draw()
        if self.seen is not None and self.seen.witness(note, sight.finished):
            self._save()  # an answer followed, ticked or not, is compared with the partner's
            self._draw()
        comment = self.query_one("#pair-obs-comment", Input)
        # no comment on a call that counts for nobody (ended before any answer)
        if sight.finished and sight.answered and self.seen is not None and not comment.display:
            comment.value = self.seen.comment  # a reopened view shows the comment saved
            self.comment_saved = bool(self.seen.comment)
            comment.display = True
            comment.focus()
            self.refresh_bindings()

    def _step(self) -> Step | None:
        """The step being answered now (None between calls or once it is over)."""
        sight, note = self.sight, self.note
        if sight is None or note is None:
            return None
        return ObserverCall.step_answered(self.loaded.scenario, note, sight.finished)

    @property
    def answer_seq(self) -> int:
        return ObserverCall.answer_seq(self.note) if self.note is not None else 1

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tick", "tag"):
            return self.seen is not None and self._step() is not None
        return super().check_action(action, parameters)  # no swap: the observer observes

    def action_tick(self, n: int) -> None:
        step = self._step()
        if self.seen is None or step is None:
            return
        items = checklist(step)
        if 1 <= n <= len(items):
            self.seen.toggle(self.answer_seq, step, items[n - 1].id)
            self._save()
            self._draw()

    def action_tag(self, kind: str) -> None:
        if self.seen is None or self._step() is None:
            return
        tag = self.seen.tag(MomentTag(kind), self.trainer.clock.now(), self.answer_seq)
        self.notify(
            f"Tagged {MomentTag(kind).label} at {render.clock_face(tag.at_s)}",
            markup=False,
            timeout=2,
        )
        self._save()
        self._draw()

    @on(Input.Submitted, "#pair-obs-comment")
    def _comment(self, event: Input.Submitted) -> None:
        if self.seen is not None:
            self.seen.set_comment(event.value)
            event.input.value = self.seen.comment  # stays in the box, cleaned: enter saves edits
            self.comment_pending = True  # "Comment saved." once it is in the log
            self._save()
            self._draw()

    # -- saving: one at a time, the newest notes last ----------------------------------------

    def _save(self) -> None:
        if self.seen is None and not self.backlog:
            return
        if self.saving:
            self.dirty = True
            return
        self.saving, self.dirty = True, False
        announce, self.comment_pending = self.comment_pending, False
        notes = [*self.backlog, *([self.seen.note()] if self.seen is not None else [])]
        self._write(notes, announce)

    @work(thread=True, exit_on_error=False, group="pair-observer-save")
    def _write(self, notes: list[ObserverNote], announce: bool) -> None:
        """Each note in turn (an earlier call's first); stops at the first the log refuses."""
        store = self.trainer.store
        sent, error = 0, None
        try:
            for note in notes:
                if store is not None:
                    store.save_observation(note)
                sent += 1
        except Exception as exc:  # StoreError and anything the backend raises: say it
            error = str(exc)
        self.later(self._written, error, announce, sent)

    def _written(self, error: str | None, announce: bool, sent: int = 0) -> None:
        self.saving = False
        done = min(sent, len(self.backlog))
        self.backlog = self.backlog[done:]  # those in the log now
        if error is not None:
            # kept on the screen and sent again on the app's timer: nothing is lost
            self.comment_pending = self.comment_pending or announce
            if self.unsaved is None:
                self.notify(
                    display(f"{error} {self.not_saved_words()}"), severity="error", markup=False
                )
            self.unsaved = error
            if self._again is None:
                self._again = self.set_timer(self.trainer.STORE_AGAIN_S, self._try_again)
            self._draw()
            return
        if self.unsaved is not None:
            self.unsaved = None
            self.notify("Your ticks, tags and comment are saved now.", markup=False, timeout=4)
            self._draw()
        if announce:
            self.comment_saved = True
            self.notify("Comment saved.", markup=False, timeout=2)
            self._draw()
        if self.dirty:
            self._save()

    def _try_again(self) -> None:
        self._again = None
        if self.unsaved is not None:
            self._save()

    def not_saved_words(self) -> str:
        """What the status line and the first failure say while notes wait to be sent."""
        return (
            "Your ticks, tags and comment stay here, not saved yet: trying again every "
            f"{self.trainer.STORE_AGAIN_S:g} s."
        )

    def action_close(self) -> None:
        """Close; with notes the log has not taken yet, only once the observer says so."""
        if self.unsaved is None:
            self.dismiss(None)
            return
        from trainer.tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Close without your unsaved notes?",
                "Your newest ticks, tags or comment are not in the log yet (it is tried again "
                f"every {self.trainer.STORE_AGAIN_S:g} s). "
                f"{keys_shown(self.app, 'confirm.no', most=1)}: stay until they are saved.",
            ),
            answered,
        )

    # -- drawing ----------------------------------------------------------------------------

    def _draw(self) -> None:
        super()._draw()
        if self.sight is not None and self.sight.finished and self.note is not None:
            # the call's length as the partner timed it (one figure for both screens)
            timer = self.query_one("#pair-timer", Static)
            timer.update(f"call over · {render.clock_face(self.note.partner_seconds)}")
        status = self.query_one("#pair-obs-status", Static)
        checks = self.query_one("#pair-obs-checklist", Static)
        if self.unsaved is not None:  # first: what is not in the log yet
            status.update(Content.styled(self.not_saved_words(), "bold $warning"))
        elif self.problem:
            status.update(Content.styled(display(self.problem), "$text-muted"))
        elif self.seen is not None:
            said = f"Ticking as {display(self.seen.observer)}"
            if self.comment_saved:
                said += " · your comment is saved (edit it and enter to save again)"
            status.update(Content.styled(said, "$text-muted"))
        else:
            status.update("")
        step = self._step()
        checks.display = step is not None
        if step is None:
            return
        ticks = self.seen.ticks(self.answer_seq) if self.seen is not None else set()
        heading = f"Tick what you hear (answer {self.answer_seq})"
        rows: list[Content | tuple[str, str] | str] = [
            checklist_rows(heading, checklist(step), ticks)
        ]
        if self.seen is not None:
            rows.append(("\n" + TAG_HINT, "$text-muted"))
            rows.append(tagged_line(self.seen.tags))
        # the lines below open with a gap
        checks.update(card_rows(Content.assemble(*rows).rstrip()))

    def _more_rows(self, sight: RepSight) -> list[Content | tuple[str, str] | str]:
        note = self.note
        if note is None:
            return []
        if self.seen is not None:  # this observer's notes as they are now, not as last read
            mine = self.seen.note()
            others = [o for o in note.observations if o.observer != mine.observer]
            note = replace(note, observations=[*others, mine])
        scenario = self.loaded.scenario
        rows: list[Content | tuple[str, str] | str] = []
        if sight.finished:  # first, where an 80x24 screen shows it whatever follows
            said = "The call is over." if sight.answered else UNANSWERED_CALL
            rows.append((f"\n{said}\n", "$text-muted"))
        if note.turns or note.tags:
            rows.append(("\nThe partner's verdicts\n", "bold"))
        rows += verdict_lines(note, scenario)
        for tag in note.tags:
            rows.append(render.plain(f"{render.clock_face(tag.at_s)} {tag_word(tag.kind)}\n"))
        beside = observer_lines(note, scenario)
        if beside:
            rows.append(("\nThe observers' ticks beside the partner's\n", "bold"))
            rows += beside
        return rows
