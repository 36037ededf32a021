"""Team (managers): one row per rep with the figures of `trainer team report`
(trainer.practice.team); enter opens a rep's attempts, read-only, and enter again the
attempt itself (transcript, evidence, recordings, notes)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from trainer.practice.team import TeamReport, TeamRow
from trainer.store.records import AttemptRecord
from trainer.tui import render
from trainer.tui.app import DataScreen
from trainer.tui.keys import bindings
from trainer.tui.widgets.nav import NavBar
from trainer.tui.widgets.table import fit_columns

# key, heading, width (None: takes the rest)
COLUMNS: list[tuple[str, str, int | None]] = [
    ("rep", "Rep", 10),
    ("this", "This wk", 8),
    ("last", "Last wk", 8),
    ("assignments", "Assigned", 12),
    ("average", "Avg", 3),
    ("best", "Best", 4),
    ("weakest", "Weakest objections", None),
    ("day", "Last day", 10),
]
WIDE = 100  # narrower than this, the last day is left out (the report has it)


def assigned(row: TeamRow) -> str:
    """ "2/3 done", "0/2 · 1 late", "—"."""
    total = len(row.open_assignments)
    if not total:
        return "—"
    return f"{row.done}/{total}" + (f" · {row.overdue} late" if row.overdue else " done")


REP_ATTEMPTS = 200


def cells(row: TeamRow) -> list[str]:
    weakest = "; ".join(f"{w.title} ({w.average:.0f})" for w in row.weakest) or "—"
    return [
        row.rep,
        f"{row.drills_this_week} · {row.minutes_this_week:.0f}m",
        f"{row.drills_last_week} · {row.minutes_last_week:.0f}m",
        assigned(row),
        render.score_text(row.assigned_average),
        render.score_text(row.assigned_best),
        weakest,
        "—" if row.last_day is None else f"{row.last_day:%a %d %b}",
    ]


class TeamScreen(DataScreen[TeamReport]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("team")

    def __init__(self) -> None:
        super().__init__()
        self.report: TeamReport | None = None

    def compose(self) -> ComposeResult:
        yield NavBar("Team")
        yield DataTable(id="team", cursor_type="row", zebra_stripes=True)
        yield Static("", id="team-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#team", DataTable).focus()

    def on_resize(self) -> None:
        self.redraw()

    def waiting(self) -> None:
        self.query_one("#team-status", Static).update("Loading the team…")

    def fetch(self) -> TeamReport:
        from trainer.practice.assignments import scenario_facts
        from trainer.practice.team import read_team

        app = self.trainer
        assert app.store is not None and app.library is not None
        return read_team(app.store, scenario_facts(app.library), app.clock)

    def show(self, data: TeamReport) -> None:
        self.report = data
        self.redraw()

    def redraw(self) -> None:
        report = self.report
        if report is None:
            return
        table = self.query_one("#team", DataTable)
        cursor = table.cursor_row
        wide = self.size.width >= WIDE
        fit_columns(table, COLUMNS if wide else COLUMNS[:-1], self.size.width)
        for row in report.rows:
            shown = [render.plain_line(c) for c in cells(row)]
            if row.overdue:
                shown[3] = Content.styled(shown[3].plain, "bold $error")
            table.add_row(*(shown if wide else shown[:-1]), key=row.rep)
        if report.rows:
            table.move_cursor(row=min(cursor, len(report.rows) - 1))
        self.query_one("#team-status", Static).update(
            f"{len(report.rows)} reps · averages and weakest objections since "
            f"{report.since:%a %d %b} · enter: a rep's attempts"
            if report.rows
            else "No reps yet: the admin adds them with `trainer team add-rep`."
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(RepScreen(str(event.row_key.value)))


class RepScreen(DataScreen[list[AttemptRecord]]):
    """One rep's attempts, newest first, read-only; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("rep")

    def __init__(self, rep: str) -> None:
        super().__init__()
        self.rep = rep

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

    def show(self, data: list[AttemptRecord]) -> None:
        from trainer.practice.rules import attempt_result

        table = self.query_one("#rep-attempts", DataTable)
        table.clear(columns=True)
        for head, width in (
            ("Date", 16),
            ("Scenario", 36),
            ("Score", 6),
            ("Outcome", 12),
            ("Time", 7),
        ):
            table.add_column(head, width=width)
        for a in data:
            table.add_row(
                render.when(a.started_at),
                render.plain_line(a.scenario_title),
                render.score_text(a.score),
                render.outcome(attempt_result(a)),
                render.duration(a.active_s),
                key=a.id,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from trainer.tui.screens.attempt import AttemptScreen

        if event.row_key.value is not None:
            self.app.push_screen(AttemptScreen(str(event.row_key.value)))

    def action_back(self) -> None:
        self.dismiss()
