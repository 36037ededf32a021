"""Pair practice with real `trainer` processes in tmux meeting through one shared SQLite
log: the partner's view and the rep's (the call is logged once, for the rep, with the
partner's ticks and tags), and a triad where the observer ticks from a third process."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.pair_terms import (
    FIXTURES,
    TRAINER,
    pair_terminals,
    play_one_call,
    triad_terminals,
)
from trainer.store.open import open_store
from trainer.store.records import DrillMode

pytestmark = [
    pytest.mark.real_part,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_partner_and_rep_meet_through_a_shared_log(tmp_path: Path, isolated_dirs: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    with pair_terminals(tmp_path.name, isolated_dirs, str(db)) as (partner, rep):
        play_one_call(partner, rep)
    store = open_store(str(db))
    try:
        attempts = store.history()
        assert len(attempts) == 1
        attempt = attempts[0]
        assert (attempt.rep, attempt.mode, attempt.turn_count) == ("ana", DrillMode.PAIR, 2)
        note = store.pair_note(attempt.id)
        assert note is not None and note.partner == "ben"
        assert note.turns[0].ticks == ["acknowledge", "ask"]
        assert [t.kind for t in note.tags] == ["great-line"]
        assert note.comment == "Ask before you answer the price."
    finally:
        store.close()


def test_a_triad_the_observer_ticks_from_a_third_process(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """Partner, rep and observer: three real `trainer` processes on one shared log. The
    observer ticks and tags from their own process; the note keeps the partner's ticks and
    the observer's apart, and `trainer show` prints both, the disagreement marked."""
    db = tmp_path / "shared.sqlite3"
    with triad_terminals(tmp_path.name, isolated_dirs, str(db)) as (partner, rep, observer):
        partner.wait_for("Tick what you hear")
        observer.wait_for("Tick what you hear (answer 1)")
        observer.keys("2")  # asks what the budget is measured against
        observer.wait_for("2 ☑")
        observer.keys("i")
        observer.wait_for("Tagged: interrupted")
        play_one_call(partner, rep)  # the partner ticks 1 and 2 on answer 1, then 1
        observer.wait_for("The call is over")
        # the observer left out the partner's first tick: marked (its label wraps at 80)
        observer.wait_for("Asks what the budget is measured against ← disagree:")
        observer.type("Good pace.")
        observer.keys("Enter")
        observer.wait_for("Comment saved")
    store = open_store(str(db))
    try:
        [attempt] = store.history()
        assert (attempt.rep, attempt.mode) == ("ana", DrillMode.PAIR)
        note = store.pair_note(attempt.id)
        assert note is not None and (note.partner, note.observer) == ("ben", "cy")
        assert note.turns[0].ticks == ["acknowledge", "ask"]
        [seen] = note.observations
        assert seen.observer == "cy" and seen.ticks_of(1) == ["ask"]
        assert [(t.kind, t.seq) for t in seen.tags] == [("interrupted", 1)]
        assert seen.comment == "Good pace."
    finally:
        store.close()
    shown = subprocess.run(
        [str(TRAINER), "--db", str(db), "--scenarios", str(FIXTURES), "show", attempt.id[:8]],
        capture_output=True,
        text=True,
        env={**os.environ, "TRAINER_DATA_DIR": str(isolated_dirs / "data")},
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert (
        "answer 1: ticked Acknowledges her point, Asks what the budget is measured against"
    ) in shown.stdout
    assert (
        "Observer  cy, answer 1: ticked Asks what the budget is measured against"
        " ← disagree: Acknowledges her point (partner only)"
    ) in shown.stdout
    assert "Comment   cy (observer): Good pace." in shown.stdout


def test_a_swap_moves_the_card_and_every_screen_follows(
    tmp_path: Path, isolated_dirs: Path
) -> None:
    """Three real processes on one log: after the call the rep takes the card with ctrl+r
    on their own screen; the partner's screen becomes the rep's view of ben's call and the
    observer's follows it, ticking on it, all with no restart."""
    db = tmp_path / "shared.sqlite3"
    with triad_terminals(tmp_path.name, isolated_dirs, str(db)) as (partner, rep, observer):
        play_one_call(partner, rep)
        rep.wait_for("ctrl+r: you play the prospect next (ben answers)")
        rep.keys("C-r")
        rep.wait_for("Tick what you hear")  # the card, on the rep's screen now
        rep.wait_for("ben answers · ana plays the prospect")
        partner.wait_for("Your brief")  # the card's screen: ben's view of his call
        partner.wait_for("ben answers · ana plays the prospect")
        observer.wait_for("ben answers · ana plays the prospect")
        observer.wait_for("Tick what you hear (answer 1)")
        observer.keys("1")
        observer.wait_for("1 ☑")
        rep.keys("1")
        rep.keys("a")  # ana judges ben's first answer
        observer.wait_for("answer 1: ")
    store = open_store(str(db))
    try:
        swapped = next(a for a in store.history() if a.rep == "ben")
        note = store.pair_note(swapped.id)
        assert note is not None and (note.partner, note.observer) == ("ana", "cy")
        assert note.turns[0].ticks == ["acknowledge"]
        [seen] = note.observations
        assert seen.observer == "cy" and seen.ticks_of(1) == ["acknowledge"]
    finally:
        store.close()
