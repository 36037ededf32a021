"""Home, Library, History, Progress, settings and the palette, driven as a rep would."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Select, Static

from tests.tui.conftest import REP, pilot_test, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen
from trainer.tui.screens.compare import CompareScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.welcome import WelcomeScreen


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def go_to(pilot: Pilot[Any], key: str) -> None:
    """Wait for the app to load, then go to a place by its key (2 Library, g settings…)."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


@pilot_test
async def test_home_shows_practice_against_goals_streak_and_what_to_drill_next(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        today = text_of(app, "#today")
        # today: one attempt (abandoned after 1 answer), 75 s + 30 s
        assert "1.8 of 20 min" in today and "1 drill · 1 answer" in today
        assert "Streak: 3 days" in today
        week = text_of(app, "#week")
        assert "3 drills" in week and "of 140 min" in week
        suggestions = app.screen.query_one("#suggestions", OptionList)
        first = suggestions.get_option_at_index(0)
        assert first.id == "tui/budget"  # the objection comes first; drilled today, it is
        assert "last practised today" in str(first.prompt)  # well recalled: no weak spot
        recent = app.screen.query_one("#recent", OptionList)
        assert recent.option_count == 5
        await pilot.press("n")  # drill next
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.loaded.id == "tui/budget"


@pilot_test
async def test_enter_on_home_starts_the_top_suggestion(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.loaded.scenario.title == "We don't have the budget"


@pilot_test
async def test_library_filters_by_search_kind_and_lists_broken_files(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "2")
        table = app.screen.query_one("#scenarios", DataTable)
        assert table.row_count == 2
        budget = next(r for r in rows(table) if r[0] == "We don't have the budget")
        # best: the top finished call; the 100 was ended early after one answer: no best,
        # and not done (Done counts calls played to the end, as Home's "new" reads them)
        # at 100 columns the tags column gives way (tags show in the preview)
        assert budget[3].strip() == "95" and budget[4].strip() == "3"  # best score, done
        broken = text_of(app, "#broken")
        assert "scenarios/broken/typo.yaml:8:1: stepz: unknown key 'stepz'" in broken
        await pilot.press("slash", "f", "r", "o", "n", "t")  # fuzzy search
        await settle(pilot)
        assert [r[0] for r in rows(table)] == ["Front desk asks what it is about"]
        await pilot.press("enter", "x")  # back to the list, clear filters
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("k")  # kind filter opens
        await pilot.pause()
        await pilot.press("o", "enter")  # type to pick "objection"
        await settle(pilot)
        assert [r[1] for r in rows(table)] == ["objection"]
        assert "Dana Ruiz" in text_of(app, "#preview")
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)


@pilot_test
async def test_history_filters_sorts_opens_an_attempt_and_compares_with_the_best(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await go_to(pilot, "3")
        table = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 5
        assert rows(table)[0][0] == "Fri 14 Mar 10:12"  # newest first, local time (UTC here)
        await pilot.press("s", "s")  # sort by score, highest first
        await pilot.pause()
        assert [r[2].strip() for r in rows(table)][:2] == ["100", "100"]
        await pilot.press("r")  # reverse: lowest first
        await pilot.pause()
        assert rows(table)[0][2].strip() == "33"
        await pilot.press("slash", "f", "r", "o", "n", "t", "enter")
        await pilot.pause()
        assert [r[1] for r in rows(table)] == ["Front desk asks what it is about"]
        await pilot.press("slash", "ctrl+u", "enter")  # clear the filter
        await pilot.press("s", "s", "s", "s")  # back to date, newest first
        await pilot.pause()
        await pilot.press("down", "enter")  # the attempt from yesterday: lost
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        transcript = "\n".join(str(w.render()) for w in app.screen.query("#transcript Static"))
        assert "You: I can give you a discount." in transcript
        assert "✗ No discount before understanding" in transcript
        assert "Model answer: That's fair. Compared to what" in transcript
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        best = "\n".join(str(w.render()) for w in app.screen.query("#compare-best Static"))
        this = "\n".join(str(w.render()) for w in app.screen.query("#compare-this Static"))
        assert "Score 95" in best and "Tuesday at two?" in best
        assert "Score 33" in this
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen.query("#attempts")


@pilot_test
async def test_a_long_history_lists_the_newest_and_search_still_finds_older_attempts(
    make_app: Callable[..., TrainerApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Thousands of attempts would take seconds to list: the table holds the first few of the
    sorted, filtered list, and the status line says so (3 here, for five attempts)."""
    from trainer.tui.screens import history

    monkeypatch.setattr(history, "ROWS_SHOWN", 3)
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await go_to(pilot, "3")
        table = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 3
        assert "5 attempts (the first 3 listed" in text_of(app, "#history-status")
        await pilot.press("slash", "f", "r", "o", "n", "t", "enter")  # 9 days old: 4th newest
        await pilot.pause()
        assert [r[1] for r in rows(table)] == ["Front desk asks what it is about"]


@pilot_test
async def test_progress_shows_the_calendar_weeks_trends_and_weak_spots(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await go_to(pilot, "4")
        weeks = text_of(app, "#weeks").splitlines()
        assert weeks[-1].startswith("10 Mar") and weeks[-1].split()[2] == "3"  # 3 drills
        assert "We don't have the budget" in text_of(app, "#trends")
        weakest = text_of(app, "#weakest").splitlines()
        # weak spots by the schedule, lowest recall tomorrow first: each step of the budget
        # objection (two answered) and the gatekeeper call (one step: the scenario)
        # (a step reads as the prospect's line, under the title when both do not fit)
        heads = [n for n, line in enumerate(weakest) if line[:4].strip().endswith("%")]
        names = [
            " · ".join(w[6:] for w in weakest[n:end] if " · every " not in w)
            for n, end in zip(heads, [*heads[1:], len(weakest)], strict=True)
        ]
        assert names == [
            "Front desk asks what it is about",
            "We don't have the budget · “We just don't have the budget…”",
            "We don't have the budget · “Our budget line is two thousand…”",
        ]
        # when each comes back, as Home and the daily session say it
        assert weakest[heads[0] + 1].strip().startswith("overdue 7 days · every 2d")
        recalls = [int(weakest[n][:4].rstrip("%")) for n in heads]
        assert recalls == sorted(recalls)
        calendar = text_of(app, "#calendar").splitlines()
        assert calendar[4].startswith("Fri") and calendar[4].rstrip().endswith("░")


@pilot_test
async def test_the_name_is_asked_once_and_kept_in_the_settings_file(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
) -> None:
    settings = isolated_dirs / "config" / "settings.toml"
    settings.unlink()
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+u", *"Robin", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
    assert tomllib.loads(settings.read_text())["rep"] == "Robin"
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.rep == "Robin"


@pilot_test
async def test_goals_are_settable_and_home_measures_against_them(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "g")
        await pilot.press("tab", "ctrl+u", "3", "0", "ctrl+s")
        await settle(pilot)
        assert "of 30 min" in text_of(app, "#today")
    saved = tomllib.loads((isolated_dirs / "config" / "settings.toml").read_text())
    assert saved["daily_goal_minutes"] == 30 and saved["rep"] == REP


@pilot_test
async def test_voice_settings_are_settable_in_the_app(
    make_app: Callable[..., TrainerApp],
    isolated_dirs: Path,
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "g")
        await pilot.click("#silence")
        await pilot.press("2", ".", "5", "tab", *"pulse", "ctrl+s")
        await settle(pilot)
    saved = tomllib.loads((isolated_dirs / "config" / "settings.toml").read_text())
    assert saved["voice_stop_after_silence"] == 2.5 and saved["input_device"] == "pulse"
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:  # 0 turns the silence stop off again
        await go_to(pilot, "g")
        await pilot.click("#silence")
        await pilot.press("end", "ctrl+u", "0", "ctrl+s")
        await settle(pilot)
    saved = tomllib.loads((isolated_dirs / "config" / "settings.toml").read_text())
    assert "voice_stop_after_silence" not in saved and saved["input_device"] == "pulse"


@pilot_test
async def test_a_bad_goal_is_refused_with_a_message(make_app: Callable[..., TrainerApp]) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "g")
        await pilot.press("tab", "ctrl+u", "0", "ctrl+s")
        await pilot.pause()
        assert app.screen.query("#settings")  # still open
        assert any("Minutes a day" in str(n.message) for n in app._notifications)
        assert app.settings is not None and app.settings.daily_goal_minutes == 20


@pilot_test
async def test_the_palette_lists_the_actions_of_the_screen_with_their_keys(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "2")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Search"] == "key: /"
        assert commands["Settings"] == "key: g"
        from trainer.tui.palette import TrainerCommands

        places = {name: help for name, help, _ in TrainerCommands(app.screen).commands()}
        assert places["Go to Progress"] == "place · key 4"  # the places: from the provider


@pilot_test
async def test_the_app_can_open_straight_into_a_drill(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app(drill="tui/front-desk")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.loaded.id == "tui/front-desk"


@pilot_test
async def test_a_log_that_cannot_be_opened_is_explained_not_a_crash(
    make_app: Callable[..., TrainerApp],
    tui_env: Path,
) -> None:
    app = TrainerApp(db="postgresql://127.0.0.1:1/trainer", shipped_dir=Path("scenarios"))
    async with app.run_test(size=(80, 24)) as pilot:  # nothing listens on port 1
        await settle(pilot)
        assert any("team server running" in str(n.message) for n in app._notifications)
        assert text_of(app, "#today") == TrainerApp.UNREACHABLE  # whole, in the card


@pilot_test
async def test_a_search_typed_in_one_burst_lands_whole_in_the_search_box(
    make_app: Callable[..., TrainerApp],
) -> None:
    """ "/budget" read in one go (a fast typist, a paste): every letter after "/" is search
    text, none of them a key (d opened the level menu, g the settings)."""
    from textual import events
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "2")
        app.post_message(events.Key("slash", "/"))
        for ch in "budget":
            app.post_message(events.Key(ch, ch))
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "budget"
        table = app.screen.query_one("#scenarios", DataTable)
        assert [r[0] for r in rows(table)] == ["We don't have the budget"]
        await pilot.press("slash")  # in the box, "/" is a character
        assert app.screen.query_one("#search", Input).value == "budget/"


@pilot_test
async def test_history_sort_key_label_score_mark_and_focus_after_an_outcome_filter(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path
) -> None:
    """After `history.sort = "x"` the status line names x; sorted by Score the heading shows
    ▼ (▲ reversed) at 80×24; an outcome chosen with o, down, enter leaves the focus on the
    table, so the next enter opens an attempt, not the menu again."""
    settings = isolated_dirs / "config" / "settings.toml"
    with settings.open("a", encoding="utf-8") as fh:
        fh.write('[keys]\n"history.sort" = "x"\n')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "3")
        status = text_of(app, "#history-status")
        assert "x sorts by the next column" in status and "s sorts" not in status
        table = app.screen.query_one("#attempts", DataTable)
        await pilot.press("x", "x")  # date -> scenario -> score
        await pilot.pause()
        headings = [str(c.label) for c in table.columns.values()]
        assert "Score ▼" in headings
        await pilot.press("r")
        await pilot.pause()
        assert "Score ▲" in [str(c.label) for c in table.columns.values()]
        await pilot.press("slash", "down")  # from the search box down to the list
        await pilot.pause()
        assert app.screen.focused is table
        for moves in (["down"], ["down", "down"]):  # "outcome: any" again, then a win
            await pilot.press("o")
            await pilot.pause()
            await pilot.press(*moves, "enter")
            await settle(pilot)
            assert app.screen.focused is table
        assert app.screen.query_one("#outcome", Select).value == "win"
        assert app.screen.focused is table and table.row_count
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)


@pilot_test
async def test_library_down_or_enter_in_the_search_box_reaches_the_results_and_no_stale_title(
    make_app: Callable[..., TrainerApp],
) -> None:
    """Down (or enter) from the search box moves to the list, so enter opens the scenario,
    not the Kind menu; a search that matches nothing leaves no old title over the preview."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "2")
        table = app.screen.query_one("#scenarios", DataTable)
        preview = app.screen.query_one("#preview", Static)
        assert preview.border_title
        await pilot.press("slash", "z", "z", "q", "q")
        await pilot.pause()
        assert table.row_count == 0
        assert "No scenario matches. Press x to clear" in text_of(app, "#preview")
        assert not preview.border_title
        await pilot.press("ctrl+u", "f", "r", "o", "n", "t", "down")
        await pilot.pause()
        assert app.screen.focused is table
        assert str(preview.border_title) == "tui/front-desk"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)


@pilot_test
async def test_progress_at_80x24_keeps_titles_whole_and_every_weak_spot_reachable(
    make_app: Callable[..., TrainerApp],
) -> None:
    """At 80 columns a trend's title is not cut to a few letters (its scores go under it);
    where the weak spots do not all fit, the card scrolls to the last one's next review
    instead of cutting it off."""
    app = make_app()
    async with app.run_test(size=(80, 20)) as pilot:
        await go_to(pilot, "4")
        trends = text_of(app, "#trends").splitlines()
        assert trends[0] == "We don't have the budget"
        assert trends[1].strip().startswith("last 33 · best 95")
        box = app.screen.query_one("#weakest-box")
        weakest = text_of(app, "#weakest").splitlines()
        assert weakest[-1].strip().startswith("due today · every 2d")
        assert box.max_scroll_y > 0  # more than fits: it scrolls, nothing is lost
        box.focus()
        await pilot.press("end")
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()  # the scroll is animated
        assert box.scroll_y == box.max_scroll_y


@pilot_test
async def test_compare_on_a_call_ended_early_says_there_is_no_best_yet(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Only a call played to its end is a best (trainer.practice.rules): a call ended early,
    whatever its score, and one left without an answer are never "already your best"."""
    from datetime import timedelta

    from tests.tui.conftest import NOW, TITLES, WEAK
    from trainer.scoring.answer import InputKind
    from trainer.scoring.result import TurnScore
    from trainer.store.open import open_store
    from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord

    store = open_store(str(tui_env / "log.sqlite3"))
    try:
        for n, (scenario_id, answered) in enumerate(
            [("tui/budget", True), ("tui/front-desk", False)]
        ):
            attempt_id = f"e{n}" + "0" * 30
            started = NOW - timedelta(hours=n + 1)
            store.start_attempt(
                AttemptRecord(
                    id=attempt_id,
                    rep=REP,
                    scenario_id=scenario_id,
                    scenario_version=1,
                    scenario_hash="x",
                    scenario_title=TITLES[scenario_id],
                    seed=1,
                    started_at=started,
                )
            )
            if answered:
                store.log_turn(
                    TurnRecord(
                        id="t" + "1" * 31,
                        attempt_id=attempt_id,
                        seq=1,
                        step_id="pushback",
                        prospect_line="We just don't have the budget.",
                        answer_text=WEAK,
                        input_kind=InputKind.TYPED,
                        result=TurnScore(score=100.0, criteria=()),
                        created_at=started + timedelta(seconds=30),
                    )
                )
            store.finish_attempt(
                attempt_id,
                AttemptStatus.ABANDONED,
                started + timedelta(minutes=1),
                None,
                None,
                100.0 if answered else None,
            )
    finally:
        store.close()
    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for row in ("enter", "down"):
            await go_to(pilot, "3")
            if row == "down":
                await pilot.press("down")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AttemptScreen)
            app.clear_notifications()
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, AttemptScreen)  # nothing to compare with
            toasts = " ".join(str(n.message) for n in app._notifications)
            assert "No best yet on this scenario" in toasts
            assert "already your best" not in toasts
            await pilot.press("escape")
            await settle(pilot)


@pytest.mark.parametrize("name", ["sam lee", "SAM  LEE"])
@pilot_test
async def test_the_app_reads_the_rep_as_the_log_first_wrote_their_name(
    make_app: Callable[..., TrainerApp], isolated_dirs: Path, name: str
) -> None:
    """The log holds Sam Lee's practice; the settings name them in another case (and
    spacing): one rep (trainer.store.base.rep_key), so Home shows Sam Lee's figures."""
    (isolated_dirs / "config" / "settings.toml").write_text(
        f'rep = "{name}"\nspeak_prospect = false\n', encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.rep == REP
        assert "1 drill · 1 answer" in text_of(app, "#today")
        assert app.screen.query_one("#recent", OptionList).option_count == 5
