"""What a rep reads at 80×24 and narrower: filters in the app's words (not stored ids),
footers whose keys are all whole, History titles given the free width, the drill's heading
on one line with its difficulty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static
from textual.widgets._footer import FooterKey

from tests.tui.conftest import FIXTURES, pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.footer import Footer


async def open_place(pilot: Pilot[Any], *keys: str) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def option_labels(select: Select[Any]) -> list[str]:
    return [str(prompt) for prompt, _ in select._options[1:]]  # [0] is the "any" prompt


@pilot_test
async def test_filters_offer_the_words_the_tables_show(
    make_app: Callable[..., TrainerApp], tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    budget = (FIXTURES / "scenarios" / "objections" / "budget.yaml").read_text(encoding="utf-8")
    (mine / "follow.yaml").write_text(
        budget.replace("id: tui/budget", "id: tui/follow").replace(
            "kind: objection", "kind: follow_up"
        ),
        encoding="utf-8",
    )
    app = make_app(scenario_dirs=[mine])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_place(pilot, "3")
        outcome = app.screen.query_one("#outcome", Select)
        labels = option_labels(outcome)
        assert labels == [
            "won",
            "call back",
            "lost",
            "neutral",
            "ended early",
            "no answer",
            "unfinished",
        ]
        await pilot.press("o", *["down"] * 6, "enter")  # "ended early"
        await settle(pilot)
        assert outcome.value == "abandoned"  # the value stays the stored id
        table = app.screen.query_one("#attempts", DataTable)
        shown = {str(table.get_row_at(i)[3]) for i in range(table.row_count)}
        assert shown == {"ended early"}
        await open_place(pilot, "2")
        kinds = option_labels(app.screen.query_one("#kind", Select))
        assert kinds == ["follow up", "gatekeeper", "objection"]
        await pilot.press("k", "down", "down", "enter")
        await settle(pilot)
        assert app.screen.query_one("#kind", Select).value == "follow_up"
        listed = app.screen.query_one("#scenarios", DataTable)
        assert [str(listed.get_row_at(i)[1]) for i in range(listed.row_count)] == ["follow up"]


PLACES: dict[str, tuple[str, ...]] = {
    "home": (),
    "library": ("2",),
    "history": ("3",),
    "progress": ("4",),
    "attempt": ("3", "down", "enter"),
}


@pytest.mark.parametrize("width,height", [(80, 24), (60, 20), (40, 20)])
@pilot_test
async def test_every_footer_key_is_whole_at_every_width(
    width: int, height: int, make_app: Callable[..., TrainerApp]
) -> None:
    app = make_app()
    async with app.run_test(size=(width, height)) as pilot:
        for place, keys in [*PLACES.items(), ("drill", ())]:
            await open_place(pilot, "1")
            if place == "drill":
                app.start_drilling("tui/budget")
                await settle(pilot)
            else:
                await open_place(pilot, *keys)
            footer = app.screen.query_one(Footer)
            shown = [k for k in footer.query(FooterKey) if k.display]
            assert shown, place
            edge = footer.region.right
            palette = [k for k in shown if k.has_class("-command-palette")]
            if palette:
                edge = palette[0].region.x - 1  # its border
            for key in shown:
                if key in palette:
                    assert key.region.right <= footer.region.right, place
                    continue
                label = f"{key.key_display} {key.description}".strip()
                assert key.region.width >= len(label), (place, width, label)
                assert key.region.right <= edge, (place, width, label)
            if place == "drill":
                await pilot.press("escape")
                await settle(pilot)


@pilot_test
async def test_history_titles_take_the_free_width_at_80(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_place(pilot, "3")
        table = app.screen.query_one("#attempts", DataTable)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert widths["scenario"] >= 28  # the other columns as wide as their cells
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "We don't have the budget" in titles
        used = sum(widths.values()) + 2 * table.cell_padding * len(widths)
        assert used == 80  # no free columns left at the right (the rows need no scrollbar)


@pytest.mark.parametrize("width", [80, 60, 40])
@pilot_test
async def test_drill_heading_keeps_the_difficulty_on_one_line(
    width: int, make_app: Callable[..., TrainerApp]
) -> None:
    app = make_app()
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(pilot)
        app.start_drilling("tui/front-desk")  # "Front desk asks what it is about", ★
        await settle(pilot)
        heading = app.screen.query_one("#drill-title", Static)
        text = str(heading.render())
        assert text.rstrip().endswith("★"), text
        assert len(text) <= heading.region.width, (text, heading.region.width)
        if width >= 80:
            assert "Front desk asks what it is about" in text and "gatekeeper" in text


@pilot_test
async def test_a_title_too_long_for_its_column_reads_as_cut(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(50, 20)) as pilot:
        await open_place(pilot, "2")
        table = app.screen.query_one("#scenarios", DataTable)
        width = next(c.width for c in table.columns.values() if str(c.key.value) == "title")
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        full = "Front desk asks what it is about"
        assert len(full) > width
        cut = next(t for t in titles if full.startswith(t[:-1]))
        assert cut.endswith("…") and len(cut) == width, (cut, width)
        assert "We don't have the budget" in titles  # a title that fits is whole


@pytest.mark.parametrize("width", [32, 40, 60, 80])
@pilot_test
async def test_every_after_call_button_is_whole_on_screen(
    width: int, make_app: Callable[..., TrainerApp]
) -> None:
    """Retry, Drill again and Close, after a call, each whole and on screen (the one under
    its middle cell is the button itself): in a row, with their own letter only below 60
    columns, stacked at 32; Close closes."""
    from textual.widgets import Button

    from tests.tui.test_snapshots import drill_to_the_end
    from trainer.tui.screens.drill import DrillScreen

    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await drill_to_the_end(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        buttons = list(screen.query("#next Button").results(Button))
        assert [str(b.label).split(" (")[0] for b in buttons] == (
            ["Retry", "Drill again", "Close"] if width >= 60 else ["Retry", "Again", "Close"]
        )
        for button in buttons:
            region = button.region
            label = str(button.label)
            assert region.right <= width and region.width >= len(label), (label, region)
            hit, _ = screen.get_widget_at(region.x + region.width // 2, region.y)
            assert hit is button, (label, region)
        assert str(buttons[2].label) == ("Close (c or esc)" if width >= 60 else "Close (c)")
        await pilot.click(buttons[2])
        await settle(pilot)
        assert not isinstance(app.screen, DrillScreen)
