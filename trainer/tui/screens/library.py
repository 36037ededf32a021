"""Library: every scenario with the rep's best score and times practised; filters, fuzzy
search, a preview; broken files listed with their errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Select, Static

from trainer.safe_text import display, one_line
from trainer.store.records import ScenarioSummary
from trainer.tui import render
from trainer.tui.clipped import Clipped
from trainer.tui.keys import bindings
from trainer.tui.screens.table_place import TablePlace
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.nav import NavBar
from trainer.tui.widgets.table import clipped, fit_columns
from trainer.words import kind_word, plural

if TYPE_CHECKING:
    from trainer.scenario.library import LoadedScenario

ANY = "any"
PERSONA_ROWS = 2  # the most rows the prospect takes in the preview
ALL_ROWS = 10**6


class LibraryScreen(TablePlace[list[ScenarioSummary]]):
    PROBLEM_AT = "#preview"
    TABLE = "#scenarios"

    BINDINGS: ClassVar[list[BindingType]] = bindings("library")

    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[str, ScenarioSummary] = {}

    def compose(self) -> ComposeResult:
        yield NavBar("Library")
        with Horizontal(id="filters"):
            yield Input(placeholder="/ title, tag, person…", id="search", compact=True)
            yield Select[str]([], prompt="kind: any", id="kind", compact=True)
            yield Select[str]([], prompt="tag: any", id="tag", compact=True)
            yield Select[int](
                [(f"{'★' * n}", n) for n in range(1, 6)],
                prompt="level: any",
                id="difficulty",
                compact=True,
            )
        table: DataTable[Any] = DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="preview")
        yield Static("", id="broken")
        yield Footer(compact=True)

    def on_resize(self) -> None:
        if self.trainer.library is not None:
            self.refilter()

    def waiting(self) -> None:
        self.query_one("#preview", Static).update(
            self.waiting_text("Loading the scenario library…")
        )

    def fetch(self) -> list[ScenarioSummary]:
        app = self.trainer
        assert app.store is not None
        summaries: list[ScenarioSummary] = app.store.scenario_summary(app.rep)
        return summaries

    def show(self, data: list[ScenarioSummary]) -> None:
        library = self.trainer.library
        assert library is not None
        self.summaries = {s.scenario_id: s for s in data}
        scenarios = list(library.scenarios.values())
        kinds = sorted({s.scenario.kind.value for s in scenarios})
        tags = sorted({t for s in scenarios for t in s.scenario.tags})
        _set_options(self.query_one("#kind", Select), [(kind_word(k), k) for k in kinds])
        _set_options(self.query_one("#tag", Select), [(t, t) for t in tags])
        self.refilter()
        broken = library.broken
        errors = [str(e) for b in broken for e in b.errors] + [str(e) for e in library.duplicates]
        widget = self.query_one("#broken", Static)
        widget.display = bool(errors)
        if errors:
            files = len({b.path for b in broken}) + len(library.duplicates)
            widget.border_title = f"{plural(files, 'file')} with errors"
            widget.update(Content("\n").join(render.plain(e) for e in errors))

    def refilter(self) -> None:
        from trainer.drill.selection import LibraryFilter, filter_scenarios

        library = self.trainer.library
        if library is None:
            return
        kind = self.query_one("#kind", Select).value
        tag = self.query_one("#tag", Select).value
        level = self.query_one("#difficulty", Select).value
        wanted = LibraryFilter(
            query=self.query_one("#search", Input).value,
            kind=kind if isinstance(kind, str) else None,
            tag=tag if isinstance(tag, str) else None,
            difficulty=level if isinstance(level, int) else None,
        )
        table = self.query_one("#scenarios", DataTable)
        keep = table.cursor_row
        width = self.size.width or self.app.size.width
        columns = library_columns(width)
        widths = fit_columns(table, columns, width)
        for loaded in filter_scenarios(library.scenarios, wanted):
            sc = loaded.scenario
            summary = self.summaries.get(sc.id)
            best = summary.best_score if summary else None
            cells: dict[str, Content | str] = {
                "title": render.plain_line(sc.title)
                if loaded.source != "user"
                else Content.assemble((YOURS, "bold $accent"), render.plain_line(sc.title)),
                "kind": kind_word(sc.kind.value),
                "level": "★" * sc.difficulty,
                "tags": render.plain_line(", ".join(sc.tags)),
                "best": Content.styled(render.score_text(best).rjust(4), render.score_style(best)),
                "done": str(summary.finished if summary else 0).rjust(4),  # rules: done
            }
            table.add_row(*clipped([cells[key] for key, _, _ in columns], widths), key=sc.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.preview()

    def preview(self) -> None:
        widget = self.query_one("#preview", Static)
        loaded = self.highlighted()
        if loaded is None:  # no title above it: the last one shown is no longer in the list
            widget.border_title = None
            clear = self.trainer.key_for("library.clear")
            widget.update(
                Content.styled(
                    f"No scenario matches. Press {clear} to clear the filters.", "$text-muted"
                )
            )
            return
        sc = loaded.scenario
        p = sc.persona
        who = ", ".join(x for x in (p.role, p.company) if x)
        widget.border_title = render.plain_line(sc.id)
        widget.border_subtitle = (
            render.plain_line(f"yours: {loaded.path}") if loaded.source == "user" else ""
        )
        head = Content.assemble(
            (one_line(p.label), "bold"),
            (f" — {one_line(who)}" if who else ""),
            (f"  ({one_line(p.style)})" if p.style else "", "$text-muted"),
        )
        body = Content.assemble(display(sc.brief), ("\nenter: drill it", "$accent"))
        # The prospect in two rows at most, cut with "…": the brief stays in view.
        widget.update(Clipped(Content("\n").join([head, body]), [PERSONA_ROWS, ALL_ROWS]))

    def highlighted(self) -> LoadedScenario | None:
        table = self.query_one("#scenarios", DataTable)
        library = self.trainer.library
        if library is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return library.scenarios.get(key) if key else None

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refilter()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.preview()

    def opens_drill(self, key: str) -> bool:
        """Whether `key` is about to open a drill (the app then holds the keys typed after
        it for the drill's answer box)."""
        focused = self.focused
        return (
            key == "enter"
            and isinstance(focused, DataTable)
            and focused.id == "scenarios"
            and self.highlighted() is not None
        )

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        loaded = self.highlighted()
        if loaded is not None:
            self.trainer.open_drill(loaded)

    def action_pair(self) -> None:
        """Practise the highlighted scenario with a partner (docs/pairs.md)."""
        loaded = self.highlighted()
        if loaded is not None:
            self.trainer.open_pair(loaded)

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        for select in self.query(Select):
            select.clear()
        self.action_back_to_table()


YOURS = "✎ "  # marks the rep's own scenarios apart from the shipped ones


def library_columns(width: int) -> list[tuple[str, str, int | None]]:
    """The Library's columns for a width: titles keep the room, tags (also in the preview)
    go first, then the level and the count of drills."""
    columns: list[tuple[str, str, int | None]] = [("title", "Scenario", None), ("kind", "Kind", 11)]
    if width >= 70:
        columns.append(("level", "Level", 5))
    if width >= 110:
        columns.append(("tags", "Tags", 30))
    columns.append(("best", "Best", 4))
    if width >= 70:
        columns.append(("done", "Done", 4))
    return columns


# Around an option in a filter's open list: its padding, the list's border and scrollbar.
OPTION_ROOM = 6


def _set_options(select: Select[str], options: list[tuple[str, str]]) -> None:
    current = select.value
    select.set_options(options)
    # the open list as wide as its longest option (a tag reads on one row), at least the
    # filter's width, moved left to stay on the screen
    longest = max((cell_len(label) for label, _ in options), default=0)
    listed = select.query_one(OptionList).styles
    listed.min_width = longest + OPTION_ROOM
    listed.constrain_x = "inside"
    if isinstance(current, str) and any(v == current for _, v in options):
        select.value = current
