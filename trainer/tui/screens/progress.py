"""Progress: a calendar of practice, minutes and drills per week, the score trend per
scenario, the weak spots by the spaced-repetition model (trainer.practice.stats.weakest: recall
now, next review, interval, score trend)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.safe_text import one_line
from trainer.scoring.format import score_points
from trainer.tui import render
from trainer.tui.app import DataScreen
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.nav import NavBar
from trainer.words import practice_minutes, when_due

if TYPE_CHECKING:
    from trainer.practice.goals import Goal
    from trainer.practice.stats import SpotNames, Weak
    from trainer.store.records import DayActivity, ScoreTrend, WeekActivity

CALENDAR_WEEKS = 16
WEEKS_LISTED = 7
TRENDS_LISTED = 8
TREND_LENGTH = 12
# Narrower than this a title gets a line of its own, its scores under it (a title cut to a
# few letters cannot be told from another).
TREND_TITLE_MIN = 24
SPARKS = "▁▂▃▄▅▆▇█"
SHADES = "·░▒▓█"


@dataclass(slots=True)
class ProgressData:
    today: date
    days: list[DayActivity]  # CALENDAR_WEEKS whole weeks ending this week, zeros included
    weeks: list[WeekActivity]
    trends: list[ScoreTrend]
    weakest: list[Weak]  # weak spots: least likely to be handled now (practice.stats)
    now: datetime
    names: SpotNames  # what the rep reads for each weak spot
    streak: int = 0
    goals: list[Goal] = field(default_factory=list)  # this week's (trainer.practice.goals)
    as_partner: tuple[int, float] = (0, 0.0)  # pair calls played as the partner, seconds


class ProgressScreen(DataScreen[ProgressData]):
    PROBLEM_AT = "#calendar"

    def __init__(self) -> None:
        super().__init__()
        self.shown: ProgressData | None = None  # laid out again to a new width

    def compose(self) -> ComposeResult:
        yield NavBar("Progress")
        with Horizontal(id="progress-top"):
            yield Static("Loading…", id="calendar", classes="card")
            yield Static("", id="weeks", classes="card")
        # Whole entries, scrolled when they do not all fit (up/down, once tab reaches them).
        with Horizontal(id="progress-bottom"):
            with VerticalScroll(id="trends-box", classes="card"):
                yield Static("", id="trends")
            with VerticalScroll(id="weakest-box", classes="card"):
                yield Static("", id="weakest")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#calendar").border_title = f"Practice, last {CALENDAR_WEEKS} weeks"
        self.query_one("#weeks").border_title = "Per week"
        self.query_one("#trends-box").border_title = "Score trend per scenario"
        self.query_one("#weakest-box").border_title = "Weak spots (recall tomorrow)"

    def on_resize(self) -> None:
        if self.shown is not None:
            self.call_after_refresh(self.show, self.shown)

    def fetch(self) -> ProgressData:
        from trainer.clock import local_today
        from trainer.practice.stats import read_practice

        app = self.trainer
        assert app.store is not None and app.library is not None
        today = local_today(app.clock)
        first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
        stats = read_practice(app.store, app.rep, app.clock, since=first)
        trends = [
            t
            for t in app.store.score_trends(app.rep, recent=TREND_LENGTH, limit=TRENDS_LISTED)
            if t.scores
        ]
        from trainer.practice.daily import read_overview

        now = app.clock.now()
        names = app.spot_names()
        overview = read_overview(
            app.store, app.library, app.rep, app.clock, app.current_settings, stats
        )
        weekly = [g for g in overview.goals if g.setting.startswith("weekly_")]
        from datetime import time

        start = datetime.combine(first, time()).astimezone()  # the local day's start
        as_partner = app.store.partner_practice(app.rep, start)
        return ProgressData(
            today,
            stats.days,
            stats.weeks,
            trends,
            stats.weakest,
            now,
            names,
            stats.current_streak,
            weekly,
            as_partner,
        )

    def show(self, data: ProgressData) -> None:
        self.shown = data
        goal = self.trainer.settings.daily_goal_minutes if self.trainer.settings else 20
        self.query_one("#calendar", Static).update(calendar(data.days, goal))
        weeks = self.query_one("#weeks", Static)
        per_week = week_lines(data.weeks[-WEEKS_LISTED:], goal)
        calls, seconds = data.as_partner
        if calls:  # partner practice (docs/pairs.md): the prospect played for a colleague
            per_week += Content.styled(
                f"\nAs the partner: {calls} pair call"
                f"{'' if calls == 1 else 's'}, {practice_minutes(seconds / 60)} min",
                "$text-muted",
            )
        weeks.update(per_week)
        weeks.border_subtitle = " · ".join(
            [f"streak {data.streak} d"]
            + [f"{g.done:.0f}/{g.target} {g.label.removesuffix(' this week')}" for g in data.goals]
        )
        trends = self.query_one("#trends", Static)
        trends.update(trend_lines(data.trends, self._inside("#trends-box")))
        weakest = self.query_one("#weakest", Static)
        width = max(12, self._inside("#weakest-box") - 6)
        lines = [objection_lines(c, data, width) for c in data.weakest]
        weakest.update(
            Content("\n").join(lines)
            if lines
            else Content.styled("Drill a few scenarios to see which need work.", "$text-muted")
        )

    def _inside(self, box: str) -> int:
        """The width a card's text has: inside its border and padding, and its scrollbar."""
        return max(0, self.query_one(box).scrollable_content_region.width - 1)


def objection_lines(weak: Weak, data: ProgressData, width: int) -> Content:
    """Two lines for one objection: recall tomorrow and its name (`Weak.name`); next review,
    interval, the trend of its scores. A step whose name does not fit shows the scenario's
    title, then the prospect's line under it (what the rep recognises), on its own line."""
    card, recall = weak.card, weak.recall
    style = "bold $error" if recall < 0.7 else "bold $warning" if recall < 0.9 else "$success"
    name = weak.name(data.names)
    step = weak.step_words(data.names)
    if step and len(name) > width:
        name = data.names.name(weak.scenario_id, None)
        under: list[str | tuple[str, str]] = ["\n      ", (_clip(step, width).rstrip(), "italic")]
    else:
        under = []
    when = when_due(weak.due, data.today)
    return Content.assemble(
        (f"{recall:>4.0%}", style),
        "  ",
        _clip(name, width).rstrip(),
        *under,
        "\n      ",
        (f"{when} · every {card.interval_days}d ", "$text-muted"),
        (sparkline(card.scores[-6:]), "$accent"),
    )


def calendar(days: list[DayActivity], goal_minutes: int) -> Content:
    """Rows Monday to Sunday, one column per week; darker means more minutes (vs the goal)."""
    labels = ["Mon", "   ", "Wed", "   ", "Fri", "   ", "Sun"]
    columns = [days[i : i + 7] for i in range(0, len(days), 7)]
    rows: list[Content] = []
    for weekday in range(7):
        cells: list[Content | str | tuple[str, str]] = [(labels[weekday] + " ", "$text-muted")]
        for week in columns:
            if weekday >= len(week):
                cells.append("  ")
                continue
            cells.append(
                (
                    _shade(week[weekday].minutes, goal_minutes) + " ",
                    "$success" if week[weekday].drills else "$text-muted",
                )
            )
        rows.append(Content.assemble(*cells))
    legend = Content.assemble(
        ("    less ", "$text-muted"),
        (" ".join(SHADES[1:]), "$success"),
        (" more (goal: ", "$text-muted"),
        (f"{goal_minutes} min", "$text-muted"),
        (")", "$text-muted"),
    )
    return Content("\n").join([*rows, legend])


def _shade(minutes: float, goal: int) -> str:
    if minutes <= 0:
        return SHADES[0]
    level = 1 + min(3, int(4 * minutes / max(goal, 1)))
    return SHADES[min(level, 4)]


def week_lines(weeks: list[WeekActivity], goal_minutes: int) -> Content:
    most = max([w.minutes for w in weeks] + [goal_minutes * 7.0])
    lines = [Content.styled("week of  drills   min", "$text-muted")]
    for w in weeks:
        lines.append(
            Content.assemble(
                w.week_start.strftime("%d %b").ljust(8),
                f"{w.drills:>6} {practice_minutes(w.minutes):>5} ",
                render.bar(w.minutes / most if most else 0.0, 8, empty="·"),
            )
        )
    return Content("\n").join(lines)


def sparkline(values: list[float]) -> str:
    """Scores 0-100 as block characters, one per attempt."""
    return "".join(SPARKS[min(7, int(v / 100 * 8))] for v in values)


def trend_lines(trends: list[ScoreTrend], width: int) -> Content:
    """A line per scenario: its title, its recent scores, the last and the best; where the
    title would keep fewer than TREND_TITLE_MIN characters, the title on a line of its own
    and the rest under it."""
    if not trends:
        return Content.styled("No scored attempts yet.", "$text-muted")
    title_width = width - 25
    if title_width < TREND_TITLE_MIN:
        return Content("\n").join(
            Content.assemble(
                _clip(t.scenario_title, max(10, width)).rstrip(),
                "\n  ",
                (
                    f"last {score_points(t.scores[-1])} · best {_best(t)}  ",
                    "$text-muted",
                ),
                (sparkline(t.scores), "$accent"),
            )
            for t in trends
        )
    lines = [
        Content.styled(
            f"{'scenario'.ljust(title_width)} {'attempts'.ljust(TREND_LENGTH)} last  best",
            "$text-muted",
        )
    ]
    for t in trends:
        lines.append(
            Content.assemble(
                _clip(t.scenario_title, title_width),
                " ",
                (sparkline(t.scores).ljust(TREND_LENGTH), "$accent"),
                (f" {score_points(t.scores[-1]):>4}  {_best(t):>4}", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


def _clip(text: str, width: int) -> str:
    text = one_line(text)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _best(trend: ScoreTrend) -> str:
    """A scenario's best as every screen reads it (`rules`: a call played to its end); "—"
    while there is none, never the best of calls that do not count for it."""
    return "—" if trend.best_score is None else score_points(trend.best_score)
