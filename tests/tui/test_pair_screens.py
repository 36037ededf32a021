"""Pair practice in the app: the partner's card, ticking, tagging, branch choice, the
debrief with a comment, swapping roles, and the rep's view of the same log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.conftest import NOW, pilot_test, settle
from trainer.clock import FixedClock
from trainer.drill.pair import PairRoles
from trainer.store.records import DrillMode
from trainer.tui.app import TrainerApp
from trainer.tui.screens.pair_observer import PairObserverScreen
from trainer.tui.screens.pair_partner import PairPartnerScreen
from trainer.tui.screens.pair_rep import PairRepScreen


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_pair(app: TrainerApp, pilot: object, view: str = "partner") -> None:
    await settle(pilot)  # type: ignore[arg-type]
    app.pair_roles = PairRoles("ana", "ben", "cy")
    app.start_pairing("tui/budget", view)
    await settle(pilot)  # type: ignore[arg-type]


def open_log(tmp: Path):  # type: ignore[no-untyped-def]
    from trainer.store.open import open_store

    return open_store(str(tmp / "log.sqlite3"))


@pilot_test
async def test_the_partner_ticks_tags_takes_a_branch_and_comments(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    clock = FixedClock(NOW)
    app = make_app(filled=False, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        assert isinstance(app.screen, PairPartnerScreen)
        card = text_of(app, "#pair-persona")
        assert "You are Dana Ruiz" in card and "Second call" in card
        assert "We just don't have the budget" in text_of(app, "#pair-line")
        checklist = text_of(app, "#pair-checklist")
        assert "1 ☐ Acknowledges her point" in checklist
        assert "That's fair. Compared to what" not in text_of(app, "#pair-review")
        await pilot.press("1", "2", "3")
        assert "☑" in text_of(app, "#pair-checklist")
        await pilot.press("2")  # untick
        clock.advance(4)
        await pilot.press("g")
        assert "a  a good answer (score 70+) → the number" in text_of(app, "#pair-branches")
        await pilot.press("a")
        await settle(pilot)
        review = text_of(app, "#pair-review")
        assert "Model answer" in review and "That's fair. Compared to what" in review
        assert "Our budget line" in text_of(app, "#pair-line")
        await pilot.press("1", "b")  # the partner hears a next step but takes "later"
        await settle(pilot)
        assert "debrief" in text_of(app, "#pair-debrief")
        comment = app.screen.query_one("#pair-comment", Input)
        assert comment.display and app.focused is comment
        comment.value = "Ask before you answer the price."
        await pilot.press("enter")
        await settle(pilot)
    store = open_log(tui_env)
    try:
        attempts = store.history()
        assert len(attempts) == 1
        attempt = attempts[0]
        assert (attempt.rep, attempt.mode, attempt.turn_count) == ("ana", DrillMode.PAIR, 2)
        note = store.pair_note(attempt.id)
        assert note is not None
        assert note.turns[0].ticks == ["acknowledge", "no-discount"]
        assert [t.branch for t in note.turns] == ["the-number", "later"]
        assert [(t.kind, t.at_s, t.seq) for t in note.tags] == [("great-line", 4.0, 1)]
        assert note.comment == "Ask before you answer the price."
        assert (note.partner, note.observer) == ("ben", "cy")
    finally:
        store.close()


@pilot_test
async def test_the_card_marks_branches_the_ticks_do_not_earn_and_the_debrief_scores_each_answer(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("1", "3")  # 2 of 3 moves: 67, under the good answer's 70
        await settle(pilot)
        assert "Tick what you hear (your ticks score 67)" in text_of(app, "#pair-checklist")
        branches = text_of(app, "#pair-branches")
        assert (
            "a  a good answer (score 70+) → the number\n"
            "   ✗ not what your ticks say: they score 67, under 70\n"
            "b  otherwise → end: loss (lost)"
        ) in branches
        await pilot.press("2")  # all three: the good answer matches
        await settle(pilot)
        assert "✗" not in text_of(app, "#pair-branches")
        await pilot.press("a", "1", "a")
        await settle(pilot)
        debrief = text_of(app, "#pair-debrief")
        assert (
            "answer 1: 100 · ticked Acknowledges her point, Asks what the budget is measured "
            "against, No discount before understanding → the number"
        ) in debrief
        assert "answer 2: 100 · ticked Proposes a concrete next step → end: win (booked)" in (
            debrief
        )


@pilot_test
async def test_swap_restarts_the_scenario_with_the_roles_reversed(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("ctrl+r")  # not during the call
        assert app.screen.roles.rep == "ana"  # type: ignore[attr-defined]
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairPartnerScreen)
        assert (screen.roles.rep, screen.roles.partner) == ("ben", "ana")
        assert "ben answers · ana plays the prospect" in text_of(app, "#pair-title")
    store = open_log(tui_env)
    try:
        assert sorted(a.rep for a in store.history()) == ["ana", "ben"]
    finally:
        store.close()


@pilot_test
async def test_the_reps_view_shows_lines_and_never_the_card(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        rep_app = make_app(filled=False)
        async with rep_app.run_test(size=(100, 30)) as rep_pilot:
            await open_pair(rep_app, rep_pilot, view="rep")
            assert isinstance(rep_app.screen, PairRepScreen)
            await rep_pilot.pause(0.8)
            await settle(rep_pilot)
            lines = text_of(rep_app, "#pair-lines")
            assert "We just don't have the budget" in lines
            whole = "\n".join(str(w.render()) for w in rep_app.screen.query(Static))
            assert "Second call" in whole  # the brief
            assert "Model answer" not in whole and "Tick" not in whole
            assert "You are Dana" not in whole


@pilot_test
async def test_progress_counts_the_partners_time(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    from tests.tui.conftest import REP
    from trainer.tui.screens.progress import ProgressScreen

    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.pair_roles = PairRoles("ana", REP)  # the app's rep plays the prospect
        app.start_pairing("tui/budget")
        await settle(pilot)
        await pilot.press("1", "a", "1", "a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "As the partner: 1 pair call" in text_of(app, "#weeks")


async def shows(app: TrainerApp, pilot: Pilot[Any], selector: str, text: str) -> str:
    """Wait (polls every half second; up to 10 s) until `selector` shows `text`."""
    for _ in range(100):
        await pilot.pause(0.1)
        shown = text_of(app, selector)
        if text in shown:
            return shown
    raise AssertionError(f"{text!r} not in {selector}: {text_of(app, selector)!r}")


@pilot_test
async def test_the_observer_ticks_and_tags_from_their_own_app(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """The partner's app and the observer's, each with its own connection to the log: the
    observer follows the partner's verdicts and ticks, tags and comments as themselves."""
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        await pilot.press("1", "g", "a")
        await settle(pilot)
        observer_app = make_app(filled=False)
        async with observer_app.run_test(size=(100, 40)) as seen:
            await open_pair(observer_app, seen, view="observer")
            assert isinstance(observer_app.screen, PairObserverScreen)
            lines = await shows(observer_app, seen, "#pair-lines", "answer 1: 33")
            assert "answer 1: 33 · ticked Acknowledges her point → the number" in lines
            assert "great line" in lines
            checks = await shows(observer_app, seen, "#pair-obs-checklist", "(answer 2)")
            assert "1 ☐" in checks and "Ticking as cy" in text_of(observer_app, "#pair-obs-status")
            await seen.press("1", "m")
            await settle(seen)
            assert "1 ☑" in text_of(observer_app, "#pair-obs-checklist")
            await pilot.press("a")  # the partner ticks nothing and takes the branch: the end
            await settle(pilot)
            lines = await shows(observer_app, seen, "#pair-lines", "The call is over")
            assert (
                "answer 2 · cy ticked Proposes a concrete next step ← disagree: "
                "Proposes a concrete next step (cy only)"
            ) in lines
            comment = observer_app.screen.query_one("#pair-obs-comment", Input)
            assert comment.display and observer_app.focused is comment
            comment.value = "Good pace."
            await seen.press("enter")
            await settle(seen)
            # the saved comment stays in the box (never the empty placeholder) and says so
            await shows(observer_app, seen, "#pair-obs-status", "your comment is saved")
            assert comment.value == "Good pace."
            # the partner's debrief shows the observer's ticks beside the partner's
            debrief = await shows(partner_app, pilot, "#pair-debrief", "cy's comment: Good pace.")
            assert "cy ticked Proposes a concrete next step ← disagree" in debrief
    store = open_log(tui_env)
    try:
        [attempt] = store.history()  # the observer's app logs no attempt
        note = store.pair_note(attempt.id)
        assert note is not None and note.turns[1].ticks == []
        [mine] = note.observations
        assert (mine.observer, mine.ticks_of(2), mine.comment) == (
            "cy",
            ["next-step"],
            "Good pace.",
        )
        assert [(t.kind, t.seq) for t in mine.tags] == [("missed-a-move", 2)]
    finally:
        store.close()


def footer_keys(app: TrainerApp) -> list[str]:
    """What the footer offers now."""
    return [
        b.binding.description
        for b in app.screen.active_bindings.values()
        if b.binding.show and b.enabled
    ]


async def screen_is(app: TrainerApp, pilot: Pilot[Any], kind: type) -> None:
    """Wait (the views poll the log; up to 10 s) until the app shows a screen of `kind`."""
    for _ in range(100):
        if isinstance(app.screen, kind):
            return
        await pilot.pause(0.1)
    raise AssertionError(f"{type(app.screen).__name__} is not a {kind.__name__}")


@pilot_test
async def test_after_a_swap_on_the_card_the_reps_and_observers_screens_follow(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """ctrl+r on the card: the rep's and the observer's screens, each its own app on the
    shared log, follow the swapped call (ben answers, ana plays), no restart needed."""
    clock = FixedClock(NOW)
    partner_app = make_app(filled=False, clock=clock)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        rep_app, observer_app = make_app(filled=False), make_app(filled=False)
        async with (
            rep_app.run_test(size=(80, 24)) as rep,
            observer_app.run_test(size=(80, 24)) as seen,
        ):
            await open_pair(rep_app, rep, view="rep")
            await open_pair(observer_app, seen, view="observer")
            await shows(rep_app, rep, "#pair-lines", "We just don't have the budget")
            await pilot.press("escape", "y")  # ends the call
            await settle(pilot)
            clock.advance(5)
            await pilot.press("ctrl+r")
            await settle(pilot)
            lines = await shows(rep_app, rep, "#pair-lines", "Roles swapped: ben answers now")
            assert "you play the prospect from the card on the screen that swapped" in lines
            assert "ben answers · ana plays the prospect" in text_of(rep_app, "#pair-title")
            await shows(observer_app, seen, "#pair-title", "ben answers · ana plays the prospect")
            assert "Ticking as cy" in text_of(observer_app, "#pair-obs-status")
            assert "you play the prospect" not in text_of(observer_app, "#pair-lines")
            await seen.press("1")  # the observer ticks on the swapped call
            await settle(seen)
            await pilot.press("a")  # ben's answer, judged on the card
            await settle(pilot)
            await shows(observer_app, seen, "#pair-lines", "answer 1:")
    store = open_log(tui_env)
    try:
        swapped = next(a for a in store.history() if a.rep == "ben")
        note = store.pair_note(swapped.id)
        assert note is not None and (note.partner, note.observer) == ("ana", "cy")
        [mine] = note.observations
        assert mine.observer == "cy" and mine.ticks_of(1) == ["acknowledge"]
    finally:
        store.close()


@pilot_test
async def test_the_rep_takes_the_card_on_their_own_screen_and_the_partners_follows(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Two screens: after the call the rep presses ctrl+r on theirs to play the prospect:
    the card opens there (ben answers) and the card's screen becomes ben's rep view, with
    the comment typed there kept."""
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        rep_app = make_app(filled=False, clock=FixedClock(NOW + timedelta(seconds=30)))
        async with rep_app.run_test(size=(80, 24)) as rep:
            await open_pair(rep_app, rep, view="rep")
            assert "Play the prospect" not in footer_keys(rep_app)  # not before the call ends
            await pilot.press("1", "2", "3", "a", "1", "a")  # played to its end
            await settle(pilot)
            partner_app.screen.query_one("#pair-comment", Input).value = "Ask sooner."
            lines = await shows(rep_app, rep, "#pair-lines", "ctrl+r: you play the prospect")
            assert "next (ben answers): the card opens here" in lines
            await settle(rep)
            assert "Play the prospect" in footer_keys(rep_app)  # the footer offers it too
            await rep.press("ctrl+r")
            await settle(rep)
            card = rep_app.screen
            assert isinstance(card, PairPartnerScreen)
            assert (card.roles.rep, card.roles.partner, card.roles.observer) == (
                "ben",
                "ana",
                "cy",
            )
            await screen_is(partner_app, pilot, PairRepScreen)
            await shows(partner_app, pilot, "#pair-title", "ben answers · ana plays the prospect")
            await shows(partner_app, pilot, "#pair-lines", "We just don't have the budget")
            await rep.press("1", "a")  # ana judges ben's first answer on her card
            await settle(rep)
    store = open_log(tui_env)
    try:
        first = next(a for a in store.history() if a.rep == "ana")
        note = store.pair_note(first.id)
        assert note is not None and note.comment == "Ask sooner."
        swapped = next(a for a in store.history() if a.rep == "ben")
        assert swapped.turn_count == 1
    finally:
        store.close()


@pilot_test
async def test_a_pair_session_goes_on_from_the_library_with_its_roles(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("escape", "y")  # end the call (it asks first)
        await settle(pilot)
        await pilot.press("ctrl+r")  # swap: ben answers now
        await settle(pilot)
        await pilot.press("escape", "y")  # end that call too
        await settle(pilot)
        await pilot.pause(1.5)  # the card looks for a swap from another screen: none (the
        await settle(pilot)  # first call is older than this one, not a swap)
        assert isinstance(app.screen, PairPartnerScreen)
        await pilot.press("escape")  # and close
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")  # the next scenario of the session, from the Library
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairPartnerScreen)
        assert (screen.roles.rep, screen.roles.partner) == ("ben", "ana")


@pilot_test
async def test_the_attempt_view_shows_the_observers_ticks_beside_the_partners(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    from trainer.drill.pair import ObserverCall, PairCall
    from trainer.drill.run import start_drill
    from trainer.tui.screens.attempt import AttemptScreen

    app = make_app(filled=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.store is not None and app.library is not None
        loaded = app.library.scenarios["tui/budget"]
        drill = start_drill(
            loaded,
            app.store,
            settings=app.current_settings,
            clock=app.clock,
            rep="ana",
            seed=1,
            mode=DrillMode.PAIR,
        )
        call = PairCall(drill, PairRoles("ana", "ben", "cy"), app.store)
        call.start()
        seen = ObserverCall(app.store, drill.attempt_id, "cy", NOW, clock=app.clock)
        step = loaded.scenario.step("pushback")
        seen.toggle(1, step, "ask")
        seen.set_comment("Breathe before the number.")
        seen.save()
        call.toggle("acknowledge")
        call.toggle("ask")
        call.take("the-number")
        call.end()
        app.push_screen(AttemptScreen(drill.attempt_id))
        await settle(pilot)
        head = text_of(app, "#attempt-head")
        assert "Pair call: ben played the prospect, observed by cy" in head
        assert (
            "answer 1 · cy ticked Asks what the budget is measured against ← disagree: "
            "Acknowledges her point (partner only)"
        ) in head
        assert "cy's comment: Breathe before the number." in head


@pilot_test
async def test_the_card_asks_before_ending_or_quitting_mid_call(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """As in a solo drill: esc or q mid-call asks first; n goes back to the call; quitting
    keeps the call as ended early, never "unfinished"."""
    from trainer.store.records import AttemptStatus
    from trainer.tui.screens.confirm import ConfirmScreen

    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("1", "a")  # one answer
        await settle(pilot)
        for key, question in (("escape", "End this call?"), ("q", "Quit trainer?")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen) and app.screen.question == question
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, PairPartnerScreen) and app.screen.mid_call
        await pilot.press("q", "y")
        await settle(pilot)
        assert not app.is_running
    store = open_log(tui_env)
    try:
        [attempt] = store.history()
        assert (attempt.status, attempt.turn_count) == (AttemptStatus.ABANDONED, 1)
    finally:
        store.close()


@pilot_test
async def test_the_library_asks_who_plays_the_prospect(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Library `p` names the partner before the first call, so that a swap logs the call
    under that person and never under a made-up rep "partner"."""
    from tests.tui.conftest import REP
    from trainer.tui.screens.partner_name import PartnerNameScreen

    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # the Library
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PartnerNameScreen)
        await pilot.press("enter")  # no name yet: it says what to do
        assert "Type your partner's name" in text_of(app, "#partner-name-problem")
        await pilot.press(*"blake", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PairPartnerScreen)
        assert f"{REP} answers · blake plays the prospect" in text_of(app, "#pair-title")
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("ctrl+r")  # swap: blake answers
        await settle(pilot)
        await pilot.press("1", "a")
        await settle(pilot)
    store = open_log(tui_env)
    try:
        reps = {a.rep for a in store.history()}
        assert reps == {REP, "blake"} and "partner" not in reps
    finally:
        store.close()


@pilot_test
async def test_the_library_names_an_observer_too(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Pairing from the Library may name an observer (optional), whose own screen may then
    tick on the call; they must be a third person."""
    from tests.tui.conftest import REP
    from trainer.tui.screens.partner_name import PartnerNameScreen

    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "p")
        await settle(pilot)
        assert isinstance(app.screen, PartnerNameScreen)
        await pilot.press(*"blake", "tab", *"Blake", "enter")  # one person, whatever the case
        assert text_of(app, "#partner-name-problem") == (
            "Blake (blake) is the partner: the observer is a third person."
        )
        assert isinstance(app.screen, PartnerNameScreen)
        app.screen.query_one("#partner-name-observer", Input).value = ""
        await pilot.press(*"cy", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PairPartnerScreen)
        assert (screen.roles.rep, screen.roles.partner, screen.roles.observer) == (
            REP,
            "blake",
            "cy",
        )
        assert "cy observes" in text_of(app, "#pair-title")
    store = open_log(tui_env)
    try:
        [attempt] = store.history()
        note = store.pair_note(attempt.id)
        assert note is not None and (note.partner, note.observer) == ("blake", "cy")
    finally:
        store.close()


@pilot_test
async def test_the_palette_asks_before_leaving_the_card_mid_call(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """Going to a place from the palette mid-call asks as esc does: n goes back to the call,
    y goes there and keeps the call as ended early; after the call it goes straight there."""
    from tests.tui.test_palette_help import palette
    from trainer.store.records import AttemptStatus
    from trainer.tui.screens.confirm import ConfirmScreen

    app = make_app(filled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        card = app.screen
        await pilot.press("1", "a")  # one answer
        await settle(pilot)
        await palette(pilot, app, "hist")
        assert isinstance(app.screen, ConfirmScreen) and app.screen.question == "End this call?"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is card and card.mid_call  # type: ignore[attr-defined]
        await palette(pilot, app, "hist")
        await pilot.press("y")
        await settle(pilot)
        assert app.current_mode == "history" and app.active_pair is None
        # a call played to its end: straight there, nothing to lose
        await pilot.press("2")
        await open_pair(app, pilot)
        await pilot.press("1", "2", "a", "1", "a")
        await settle(pilot)
        assert app.screen.over  # type: ignore[attr-defined]
        await palette(pilot, app, "hist")
        assert app.current_mode == "history" and app.active_pair is None
    store = open_log(tui_env)
    try:
        statuses = sorted(a.status for a in store.history())
        assert statuses == [AttemptStatus.ABANDONED, AttemptStatus.FINISHED], statuses
    finally:
        store.close()


@pilot_test
async def test_place_keys_never_act_over_the_card(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """As over a solo drill: the daily practice key (D) mid-call opens no drill over the
    call, and after the call a digit does not leave the debrief open behind another place;
    esc closes it."""
    from trainer.tui.screens.drill import DrillScreen

    app = make_app()  # a filled log: drills are due
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pair(app, pilot)
        card = app.screen
        await pilot.press("1", "a")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.screen is card and not isinstance(app.screen, DrillScreen)
        await pilot.press("1", "a")  # the call ends: the comment box has the focus
        await settle(pilot)
        assert card.over  # type: ignore[attr-defined]
        app.set_focus(None)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen is card and app.current_mode == "home"
        await pilot.press("escape")
        await settle(pilot)
        assert app.active_pair is None


@pilot_test
async def test_a_long_pair_title_is_cut_to_one_line(make_app: Callable[..., TrainerApp]) -> None:
    """On the rep's and the observer's views the title and who plays what stay on one row at
    80×24, cut with "…", so the timer, the checklist and the lines under them keep their rows
    (the partner's card wraps it to say every role: test_pair_snapshots)."""
    from textual.geometry import Region

    for view in ("rep", "observer"):
        app = make_app(filled=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.pair_roles = PairRoles("Anastasia Oyelaran", "Benedikt Sørensen", "Cyrus Amini")
            app.start_pairing("tui/budget", view)
            await settle(pilot)
            title = app.screen.query_one("#pair-title", Static)
            assert title.size.height == 1, view
            [row] = title.render_lines(Region(0, 0, title.size.width, 1))
            assert row.text.rstrip().endswith("…"), (view, row.text)
            assert row.text.startswith("We don't have the budget"), (view, row.text)


@pilot_test
async def test_wrapped_card_rows_start_under_their_text_at_80(
    make_app: Callable[..., TrainerApp],
) -> None:
    """At 80×24 a branch's, a mark's or a key hint's wrapped words continue under their own
    words, never at the left edge, where they would read as a key of their own."""
    from textual.geometry import Region

    app = make_app(filled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pair(app, pilot)
        await pilot.press("1")  # 33: the good answer's branch is marked as not earned
        await settle(pilot)
        part = app.screen.query_one("#pair-branches", Static)
        width = part.content_region.width
        rows = [
            s.text.rstrip()
            for s in part.render_lines(Region(0, 0, width, part.virtual_size.height))
        ]
        assert rows[:3] == [
            "",
            "Then react (the key takes the branch)",
            "a  a good answer (score 70+) → the number",
        ]
        mark = next(n for n, row in enumerate(rows) if "✗ not what your ticks say" in row)
        assert rows[mark].startswith("   ✗ ") and len(rows[mark]) <= width
        assert rows[mark + 1] == "     under 70"  # under "not", not at the edge
        tags = next(n for n, row in enumerate(rows) if row.startswith("Tag: "))
        assert rows[tags + 1].startswith("     ") and rows[tags + 1].strip()
        for row in rows:  # every row is a heading, a key, a mark, a hint or hangs
            assert not row or row.startswith(("Then react", "a  ", "b  ", " ", "Tag: ")), rows


@pilot_test
async def test_an_answer_the_observer_ticked_nothing_on_has_its_row(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """The observer follows answer 1 and ticks nothing; the partner ticks a move: the
    observer's screen and the partner's debrief show the row, the partner's tick marked as
    a disagreement."""
    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)
        observer_app = make_app(filled=False)
        async with observer_app.run_test(size=(100, 40)) as seen:
            await open_pair(observer_app, seen, view="observer")
            await shows(observer_app, seen, "#pair-obs-checklist", "(answer 1)")
            await pilot.press("1", "a")  # the partner hears the acknowledgement
            await settle(pilot)
            await shows(observer_app, seen, "#pair-obs-checklist", "(answer 2)")
            lines = await shows(observer_app, seen, "#pair-lines", "answer 1 · cy")
            assert (
                "answer 1 · cy ticked nothing ← disagree: Acknowledges her point (partner only)"
            ) in lines
            await pilot.press("1", "a")  # answer 2: the partner ticks the next step, cy nothing
            await settle(pilot)
            debrief = await shows(partner_app, pilot, "#pair-debrief", "answer 2 · cy")
            assert "answer 1 · cy ticked nothing ← disagree" in debrief
            assert (
                "answer 2 · cy ticked nothing ← disagree: Proposes a concrete next step "
                "(partner only)"
            ) in debrief


@pilot_test
async def test_a_watching_only_observers_title_says_so_at_80(
    make_app: Callable[..., TrainerApp], tui_env: Path
) -> None:
    """An observer the partner's call does not name only watches: their title says so
    where a title cut at 80 columns still shows it, never "dee observes"."""
    from textual.geometry import Region

    def title_row(app: TrainerApp) -> str:
        title = app.screen.query_one("#pair-title", Static)
        [row] = title.render_lines(Region(0, 0, title.size.width, 1))
        return row.text.rstrip()

    partner_app = make_app(filled=False)
    async with partner_app.run_test(size=(120, 40)) as pilot:
        await open_pair(partner_app, pilot)  # the call names cy
        for name in ("dee", None):
            observer_app = make_app(filled=False)
            async with observer_app.run_test(size=(80, 24)) as seen:
                await settle(seen)
                observer_app.pair_roles = PairRoles("ana", "ben", name)
                observer_app.start_pairing("tui/budget", "observer")
                await shows(observer_app, seen, "#pair-obs-status", "Watching only")
                row = title_row(observer_app)
                said = "dee watches only" if name else "you watch only"
                assert row.startswith(f"We don't have the budget · {said} · ana answers"), row
                whole = text_of(observer_app, "#pair-title")
                assert "dee observes" not in whole and whole.endswith("· cy observes"), whole


@pilot_test
async def test_the_card_says_when_to_reveal_a_fact_in_plain_words_at_80(
    tui_env: Path, isolated_dirs: Path
) -> None:
    """A user's fact with an `unlock` and no `how` reads on the card as the debrief tells the
    rep, moves by the checklist's names ("the answer makes clarifying question" before)."""
    import shutil

    from tests.user_scenario import NO_HOW_ID, write_no_how
    from trainer.paths import shipped_scenarios_dir

    write_no_how(isolated_dirs)
    shipped = tui_env / "shipped"  # the technique library only, for `use: clarifying-question`
    shutil.copytree(shipped_scenarios_dir() / "techniques", shipped / "techniques")
    app = TrainerApp(
        db=str(tui_env / "log.sqlite3"), shipped_dir=shipped, clock=FixedClock(NOW), seed=1
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.pair_roles = PairRoles("ana", "ben")
        app.start_pairing(NO_HOW_ID, "partner")
        await settle(pilot)
        hidden = " ".join(text_of(app, "#pair-hidden").split())
    assert "reveal when you make the move “Ask a clarifying question”" in hidden
    assert "reveal when you answer at the pushback step and either you ask about" in hidden
    assert "the answer" not in hidden
