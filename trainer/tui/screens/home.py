"""Home: practice today and this week against goals, the streak, what to drill next, recent
attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.safe_text import one_line
from trainer.tui import render
from trainer.tui.app import DataScreen
from trainer.tui.keys import bindings
from trainer.tui.widgets.assignments import AssignmentCards
from trainer.tui.widgets.due import due_card
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.nav import NavBar
from trainer.words import kind_word, plural, practice_minutes

if TYPE_CHECKING:
    from trainer.tui.home_view import HomeView, RecentRow

W = TypeVar("W", bound=Widget)


# A recent attempt's row around its title: date, score, outcome, gaps, the card's frame and
# the scroll bar.
RECENT_ROW_FIXED = 16 + 3 + 11 + 3 * 2 + 6
# How long Home's compose waits for the prefetch's data (trainer.tui.prefetch) so that its
# first frame has it; it is usually there already. Later data comes through a worker.
PREFETCH_WAIT_S = 0.15


class HomeScreen(DataScreen["HomeView"]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("home")
    NEEDS_LIBRARY = False  # the figures show first; suggestions when the library arrives
    PROBLEM_AT = "#today"
    recent_shown: list[RecentRow] | None = None
    prefetch_shown = False  # Home shows the prefetch's view (trainer.tui.prefetch)
    view_shown: HomeView | None = None
    composed_with: HomeView | None = None  # the prefetch's view, when Home was composed
    cards_shown: tuple[Content, Content, Content] | None = None
    recent_width = 0  # the width the recent rows were cut to

    def compose(self) -> ComposeResult:
        # The prefetch's data, when it comes in time, is composed in: the first frame shows
        # the rep's figures rather than a placeholder repainted a frame later.
        data = self.trainer.take_ready_prefetch(wait=PREFETCH_WAIT_S)
        cards = self._cards(data) if data is not None else None
        self.cards_shown = cards
        yield NavBar("Home")
        with Horizontal(id="goals"):
            yield _titled(
                Static(cards[0] if cards else "Loading your practice log…", id="today"), "Today"
            )
            yield _titled(Static(cards[1] if cards else "", id="week"), "This week")
        with Vertical(id="home-lists"):
            yield AssignmentCards(id="assignments", classes="card")
            yield _titled(Static(cards[2] if cards else "", id="due"), "Due today")
            yield _titled(OptionList(id="suggestions"), "Drill next  (enter to start)")
            yield _titled(OptionList(id="recent"), "Recent attempts  (enter to open)")
        yield Footer(compact=True)
        self.composed_with = data

    def on_mount(self) -> None:
        self.prefetched(self.composed_with)  # its lists are filled as Home mounts

    def on_resize(self) -> None:
        # the rows are cut to the width: drawn again when it changes (not on the first resize)
        if self.recent_shown is not None and self.size.width != self.recent_width:
            self._show_recent_rows(self.recent_shown)

    def fetch(self) -> HomeView:
        from trainer.tui.home_view import read_home

        app = self.trainer
        assert app.store is not None
        return read_home(app.store, app.library, app.current_settings, app.rep, app.clock)

    def reload(self) -> None:
        app = self.trainer
        if self.prefetch_shown and self.view_shown is not None:
            if not app.ready and not app.problems:
                return  # the prefetched view has the library's parts: kept until all is in
            self.prefetch_shown = False
            if app.ready and not app.changed and self.view_shown.rep == app.rep:
                # The prefetch read this log, library and settings: nothing to read again;
                # shown once more with the app's own keys (and Home settles).
                self.show(self.view_shown)
                return
        super().reload()

    def on_screen_suspend(self) -> None:
        # Left before the app had loaded: back later (another terminal may have logged a
        # drill, or the day turned), Home reads afresh instead of keeping the start-up view.
        self.prefetch_shown = False

    def prefetched(self, data: object) -> None:
        from trainer.tui.home_view import HomeView

        if isinstance(data, HomeView) and self.recent_shown is None:  # nothing newer shown
            self.read_at = self.trainer.clock.now()
            self.show(data)
            self.prefetch_shown = True

    def read_afresh(self) -> None:
        self.prefetch_shown = False  # not the start-up view again: read the log
        super().read_afresh()

    def show(self, data: HomeView) -> None:
        """Home's figures, from its worker or (at start-up) from the prefetch."""
        app = self.trainer
        self.view_shown = data
        self.query_one(AssignmentCards).show(data.assignments)
        cards = self._cards(data)
        if cards != self.cards_shown:  # an update repaints the cards a frame later
            self.cards_shown = cards
            for widget_id, card in zip(("#today", "#week", "#due"), cards, strict=True):
                self.query_one(widget_id, Static).update(card)
        self._show_recent(data)
        suggestions = self.query_one("#suggestions", OptionList)
        was = suggestions.highlighted
        suggestions.clear_options()
        if data.suggestions is None:
            suggestions.add_option(Option("Loading the scenario library…", disabled=True))
            return
        self.call_after_refresh(app.collect_garbage)  # once this frame is drawn
        if app.library is not None:  # Home has settled: ready the first drill
            self.call_after_refresh(app.warm_up)
        for s in data.suggestions:
            suggestions.add_option(
                Option(
                    Content.assemble(
                        (one_line(s.title), "bold"),
                        (f"  {kind_word(s.kind)} · {'★' * s.difficulty}", "$text-muted"),
                        "\n  ",
                        (one_line(s.reason), "$accent"),
                    ),
                    id=s.scenario_id,
                )
            )
        if not data.suggestions:
            suggestions.add_option(
                Option(
                    f"No scenarios found. Press {self.trainer.key_for('app.library')} for the "
                    "Library.",
                    disabled=True,
                )
            )
        else:  # enter starts the highlighted drill: the top one unless the rep moved
            suggestions.highlighted = min(was or 0, suggestions.option_count - 1)

    def _cards(self, data: HomeView) -> tuple[Content, Content, Content]:
        """Today's and this week's goal cards and the due card."""
        daily = data.daily_goal_minutes
        streak = f"Streak: {plural(data.streak, 'day')}" + (
            f" (best {data.longest})" if data.longest > data.streak else ""
        )
        daily_key = self.trainer.key_for("app.daily", data.daily_key)
        return (
            _goal_card(data.today.minutes, daily, data.today.drills, data.today.answers, streak),
            _goal_card(
                data.week.minutes,
                daily * 7,
                data.week.drills,
                data.week.answers,
                f"{data.week.drills} of {data.weekly_goal_drills} drills",
            ),
            due_card(data.due, data.goals, daily_key),
        )

    def _show_recent(self, data: HomeView) -> None:
        self._show_recent_rows(data.recent)

    def _show_recent_rows(self, attempts: list[RecentRow]) -> None:
        self.recent_shown = attempts
        self.recent_width = self.size.width or self.app.size.width
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        titles = [one_line(a.title) for a in attempts]
        # one row each, the outcomes in a column: titles padded to the longest, cut to fit
        room = max(8, (self.size.width or self.app.size.width) - RECENT_ROW_FIXED)
        width = min(room, max((len(t) for t in titles), default=0))
        for a, title in zip(attempts, titles, strict=True):
            fitted = title if len(title) <= width else title[: width - 1] + "…"
            recent.add_option(
                Option(
                    Content.assemble(
                        (render.when(a.started_at), "$text-muted"),
                        "  ",
                        (render.score_text(a.score).rjust(3), render.band_style(a.band)),
                        "  ",
                        fitted.ljust(width),
                        "  ",
                        render.outcome(a.result),
                    ),
                    id=a.attempt_id,
                )
            )
        if not attempts:
            recent.add_option(
                Option("No attempts yet: pick a drill above and press enter.", disabled=True)
            )

    def cannot_read(self, message: str) -> None:
        self.cards_shown = None  # the cards are drawn again when a later read succeeds
        super().cannot_read(message)

    def waiting(self) -> None:
        app = self.trainer
        if app.problems:  # the others go to the banner, whole (`boot_problems`)
            self.cards_shown = None
            if app.UNREACHABLE in app.problems:
                self.query_one("#today", Static).update(render.plain(app.UNREACHABLE))

    def opens_drill(self, key: str) -> bool:
        """Whether `key` is about to open a drill: enter on a suggestion, or Drill next (the
        app then holds the keys typed after it for the drill's answer box)."""
        suggestions = self.query_one("#suggestions", OptionList)
        if not suggestions.option_count:
            return False
        if key == "enter" and self.focused is suggestions:
            index = suggestions.highlighted
            return index is not None and suggestions.get_option_at_index(index).id is not None
        active = self.active_bindings.get(key)
        return (
            active is not None
            and active.binding.action == "drill_next"
            and active.enabled
            and suggestions.get_option_at_index(0).id is not None
        )

    def action_drill_next(self) -> None:
        suggestions = self.query_one("#suggestions", OptionList)
        if suggestions.option_count and (first := suggestions.get_option_at_index(0)).id:
            self.trainer.start_drilling(first.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if option_id is None:
            return
        if event.option_list.id == "suggestions":
            self.trainer.start_drilling(option_id)
        else:
            from trainer.tui.screens.attempt import AttemptScreen

            self.app.push_screen(AttemptScreen(option_id))


def _titled(widget: W, title: str) -> W:
    """A card with its title set before it is mounted: a title set on mount repaints the
    card a frame after the first (it would come up blank in the first frame)."""
    widget.add_class("card")
    widget.border_title = title
    return widget


def _goal_card(minutes: float, goal: int, drills: int, answers: int, extra: str) -> Content:
    fraction = minutes / goal if goal else 0.0
    return Content.assemble(
        (practice_minutes(minutes), "bold"),
        f" of {goal} min  ",
        render.bar(fraction, 12, "$success" if fraction >= 1 else "$accent"),
        (f" {min(fraction, 9.99):.0%}", "$text-muted"),
        f"\n{plural(drills, 'drill')} · {plural(answers, 'answer')}\n",
        (extra, "$text-muted"),
    )
