"""Team (managers): one row per rep with the figures of `trainer team report`
(trainer.practice.team), and under the table the highlighted rep's due backlog, weak spots
(as the rep's Progress shows them), pair practice and latest pair note; enter opens a
rep's attempts, read-only, and enter again the attempt itself (transcript, evidence,
recordings, notes)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from trainer.practice.team import (
    RepSchedule,
    TeamReport,
    TeamRow,
    latest_pair_text,
    pair_minutes,
    pair_text,
    week_text,
)
from trainer.safe_text import display
from trainer.store.records import AttemptRecord
from trainer.tui import render
from trainer.tui.app import DataScreen
from trainer.tui.keys import bindings
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.nav import NavBar
from trainer.tui.widgets.table import clipped, fit_columns
from trainer.words import plural

# key, heading, width (None: takes the rest)
COLUMNS: list[tuple[str, str, int | None]] = [
    ("rep", "Rep", 10),
    ("this", "This wk", 8),
    ("last", "Last wk", 8),
    ("assignments", "Assigned", 12),
    ("due", "Due", 5),
    ("average", "Avg", 3),
    ("best", "Best", 4),
    ("weakest", "Weak spots", None),
    ("pair", "Pair calls", 26),
    ("day", "Last day", 10),
]
NARROW = 2  # columns left out narrower than WIDE (the panel under the table has them)
WIDE = 110


def assigned(row: TeamRow) -> str:
    """ "2/3 done", "0/2 · 1 late", "—"."""
    total = len(row.open_assignments)
    if not total:
        return "—"
    return f"{row.done}/{total}" + (f" · {row.overdue} late" if row.overdue else " done")


REP_ATTEMPTS = 200
# A rep's attempts: key, heading, width (None: the title takes the rest)
REP_COLUMNS: list[tuple[str, str, int | None]] = [
    ("date", "Date", 16),
    ("scenario", "Scenario", None),
    ("score", "Score", 5),
    ("outcome", "Outcome", 12),
    ("time", "Time", 7),
]


def due(row: TeamRow, known: bool = True) -> str:
    """ "3", "3 (1)": drills due today, of them overdue in brackets ("…" while read); the
    narrow column's form of the report's "3 · 1 late" (the legend under the table says so)."""
    if not known:
        return "…"
    return f"{row.due} ({row.due_overdue})" if row.due_overdue else str(row.due)


def weak_spots(row: TeamRow, report: TeamReport) -> str:
    """ "Price too high 62%; Budget 70%": the rep's weak spots, recall tomorrow ("…" while read;
    the panel under the table adds the lapses)."""
    if not report.schedules_read:
        return "…"
    spots = [f"{w.name(report.names)} {w.recall:.0%}" for w in row.weakest]
    return "; ".join(spots) or "—"


def reading_text(done: int, total: int) -> str:
    """ "Reading each rep's practice schedule: 3 of 50…" (Due and Weak spots show "…")."""
    return f"Reading each rep's practice schedule: {done} of {total}… (Due, Weak spots follow)"


def cells(row: TeamRow, report: TeamReport) -> list[str]:
    due_known = report.schedules_read
    return [
        row.rep,
        week_text(row.drills_this_week, row.minutes_this_week),
        week_text(row.drills_last_week, row.minutes_last_week),
        assigned(row),
        due(row, due_known),
        render.score_text(row.assigned_average),
        render.score_text(row.assigned_best),
        weak_spots(row, report),
        "—" if row.pair is None else pair_text(row),  # the screen's dash, not the report's
        "—" if row.last_day is None else f"{row.last_day:%a %d %b}",
    ]


def rep_panel(row: TeamRow, report: TeamReport) -> str:
    """The highlighted rep in a few lines: due backlog, pair practice, latest pair note."""
    lines = [
        f"{row.rep} · {plural(row.due, 'drill')} due today in their daily practice, "
        f"{row.due_overdue} overdue"
        if report.schedules_read
        else f"{row.rep} · reading their daily practice schedule…"
    ]
    if row.weakest:
        lines.append("Weak spots (recall tomorrow): " + "; ".join(report.weak_texts(row)))
    since = f"{report.since:%a %d %b}"
    pair = row.pair
    lines.append(
        f"No pair calls since {since}."
        if pair is None
        else f"Pair calls since {since}: {pair.calls_as_rep} as the rep · "
        f"{pair.partner_calls} as the partner ({pair_minutes(pair.partner_seconds)} min) · "
        f"{pair.observer_calls} as the observer ({pair_minutes(pair.observer_seconds)} min)"
    )
    latest = latest_pair_text(row)
    if latest:
        lines.append(latest[0].upper() + latest[1:])
    lines.append(
        "Never practised." if row.last_day is None else f"Last practised {row.last_day:%a %d %b}."
    )
    return "\n".join(lines)


class TeamScreen(DataScreen[TeamReport]):
    PROBLEM_AT = "#team-status"
    BINDINGS: ClassVar[list[BindingType]] = bindings("team")

    def __init__(self) -> None:
        super().__init__()
        self.report: TeamReport | None = None

    def compose(self) -> ComposeResult:
        yield NavBar("Team")
        yield DataTable(id="team", cursor_type="row", zebra_stripes=True)
        yield Static("", id="team-rep")
        yield Static("", id="team-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#team", DataTable).focus()

    def on_resize(self) -> None:
        self.redraw()

    def waiting(self) -> None:
        self.query_one("#team-status", Static).update(self.waiting_text("Loading the team…"))

    def fetch(self) -> TeamReport:
        from trainer.practice.assignments import scenario_facts
        from trainer.practice.team import read_team

        app = self.trainer
        assert app.store is not None and app.library is not None
        facts, names = scenario_facts(app.library), app.spot_names()
        return read_team(app.store, facts, app.clock, with_schedules=False, names=names)

    def show(self, data: TeamReport) -> None:
        self.report = data
        self.redraw()
        self.run_worker(
            lambda: self._schedules(data),
            thread=True,
            exclusive=True,
            group="due",
            name="due",
            exit_on_error=False,
        )

    def _schedules(self, report: TeamReport) -> tuple[TeamReport, dict[str, RepSchedule]]:
        """Every rep's due backlog and weak spots (a worker: the first read on a machine
        replays each rep's log into the schedule cache)."""
        from trainer.practice.assignments import scenario_facts
        from trainer.practice.team import read_rep_schedules

        app = self.trainer
        assert app.store is not None and app.library is not None
        reps = [r.rep for r in report.rows]

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._reading, done, total)

        facts = scenario_facts(app.library)
        return report, read_rep_schedules(app.store, reps, facts, app.clock, progress)

    def _reading(self, done: int, total: int) -> None:
        """The loading line while the schedules are read (the first read after an upgrade
        replays every rep's log: it can take half a minute on a large team)."""
        if self.report is not None and not self.report.schedules_read and done < total:
            self.query_one("#team-status", Static).update(reading_text(done, total))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "due":
            super().on_worker_state_changed(event)
            return
        result = event.worker.result
        if event.state is WorkerState.SUCCESS and isinstance(result, tuple):
            report, found = result
            if isinstance(report, TeamReport) and report is self.report:  # not replaced since
                report.with_schedules(found)
                self.redraw()
        elif event.state is WorkerState.ERROR and self.lost_server(event.worker.error):
            return
        elif event.state is WorkerState.ERROR:
            self.notify(
                display(str(event.worker.error)),
                title="Could not read the reps' practice schedules",
                severity="error",
                markup=False,
            )

    def redraw(self) -> None:
        report = self.report
        if report is None:
            return
        table = self.query_one("#team", DataTable)
        cursor = table.cursor_row
        wide = self.size.width >= WIDE
        widths = fit_columns(table, COLUMNS if wide else COLUMNS[:-NARROW], self.size.width)
        for row in report.rows:
            shown = [render.plain_line(c) for c in cells(row, report)]
            if row.overdue:
                shown[3] = Content.styled(shown[3].plain, "bold $error")
            if row.due_overdue:
                shown[4] = Content.styled(shown[4].plain, "bold $warning")
            table.add_row(*clipped(shown if wide else shown[:-NARROW], widths), key=row.rep)
        if report.rows:
            table.move_cursor(row=min(cursor, len(report.rows) - 1))
        self._show_rep(table.cursor_row)
        self.query_one("#team-status", Static).update(
            (
                f"{plural(len(report.rows), 'rep')} · Due: due today (overdue) · scores and "
                f"pair calls since {report.since:%a %d %b} · enter: a rep's attempts"
                if report.schedules_read
                else reading_text(0, len(report.rows))
            )
            if report.rows
            else "No reps yet: the admin adds them with `trainer team add-rep`."
        )

    def _show_rep(self, index: int) -> None:
        report = self.report
        panel = self.query_one("#team-rep", Static)
        if report is None or not 0 <= index < len(report.rows):
            panel.update("")
            return
        panel.update(render.plain(rep_panel(report.rows[index], report)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "team":
            self._show_rep(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(RepScreen(str(event.row_key.value)))

    def action_open_rep(self) -> None:
        """The highlighted rep's attempts (enter on the table does the same)."""
        report, index = self.report, self.query_one("#team", DataTable).cursor_row
        if report is not None and 0 <= index < len(report.rows):
            self.app.push_screen(RepScreen(report.rows[index].rep))


class RepScreen(DataScreen[list[AttemptRecord]]):
    """One rep's attempts, newest first, read-only; enter opens one."""

    PROBLEM_AT = "#rep-head"
    BINDINGS: ClassVar[list[BindingType]] = bindings("rep")

    def __init__(self, rep: str) -> None:
        super().__init__()
        self.rep = rep
        self.attempts: list[AttemptRecord] | None = None

    def compose(self) -> ComposeResult:
        yield Static(render.plain_line(f"Attempts of {self.rep} (read-only)"), id="rep-head")
        yield DataTable(id="rep-attempts", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#rep-attempts", DataTable).focus()

    def fetch(self) -> list[AttemptRecord]:
        store = self.trainer.store
        assert store is not None
        return store.history(rep=self.rep, limit=REP_ATTEMPTS)

    def on_resize(self) -> None:
        if self.attempts is not None:
            self.show(self.attempts)

    def show(self, data: list[AttemptRecord]) -> None:
        from trainer.practice.rules import attempt_result

        self.attempts = data
        table = self.query_one("#rep-attempts", DataTable)
        width = self.size.width or self.app.size.width
        widths = fit_columns(table, REP_COLUMNS, width)
        for a in data:
            cells: list[Content | str] = [
                render.when(a.started_at),
                render.plain_line(a.scenario_title),
                render.score_text(a.score),
                render.outcome(attempt_result(a)),
                render.duration(a.active_s),
            ]
            table.add_row(*clipped(cells, widths), key=a.id)

    def action_open_attempt(self) -> None:
        """The highlighted attempt (enter on the table does the same)."""
        from trainer.tui.screens.attempt import AttemptScreen

        table = self.query_one("#rep-attempts", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.app.push_screen(AttemptScreen(str(key)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from trainer.tui.screens.attempt import AttemptScreen

        if event.row_key.value is not None:
            self.app.push_screen(AttemptScreen(str(event.row_key.value)))

    def action_back(self) -> None:
        self.dismiss()
