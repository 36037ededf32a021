"""Pair practice with two real `trainer` processes in tmux, the partner's view and the
rep's, meeting through one shared SQLite log: the call is logged once, for the rep, with
the partner's ticks and tags."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.pair_terms import pair_terminals, play_one_call
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
