"""Pair practice on the real team server: the call is logged once, by the rep's login, with
the partner's ticks and tags; the partner reads the note, managers do, and a rep cannot
write one for another rep's attempt;
the rep's view reads the call from the server."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from trainer.clock import SystemClock
from trainer.drill.pair import (
    MomentTag,
    ObserverCall,
    PairCall,
    PairRoles,
    checklist,
    observer_problem,
    rep_sight,
)
from trainer.drill.run import start_drill
from trainer.scenario.library import LoadedScenario, load_library
from trainer.settings import Settings
from trainer.store.base import Store, StoreError
from trainer.store.open import open_store
from trainer.store.records import FORGOTTEN_NAME, DrillMode, ObserverNote, PairNote

from .conftest import TeamDb

pytestmark = pytest.mark.real_part


def test_a_pair_call_on_the_team_server(team_db: TeamDb) -> None:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    alex = open_store(team_db.url("alex"))
    blake = open_store(team_db.url("blake"))
    morgan = open_store(team_db.url("morgan"))
    try:
        drill = start_drill(
            loaded,
            alex,
            settings=Settings(),
            clock=SystemClock(),
            rep="alex",
            seed=1,
            mode=DrillMode.PAIR,
        )
        call = PairCall(drill, PairRoles(drill.rep, "blake"), alex)
        call.start()
        since = datetime.now(UTC) - timedelta(minutes=5)
        sight = rep_sight(alex, "alex", since)
        assert sight is not None and sight.partner == "blake" and len(sight.lines) == 1
        step = loaded.scenario.step(loaded.scenario.first_step)
        call.toggle(checklist(step)[0].id)
        call.tag(MomentTag.INTERRUPTED)
        call.take(None)
        call.end("Good recovery.")

        attempts = alex.history(rep="alex")
        assert len(attempts) == 1 and attempts[0].mode is DrillMode.PAIR
        detail = alex.attempt(attempts[0].id)
        assert detail is not None and detail.pair is not None
        assert detail.pair.turns[0].ticks == [checklist(step)[0].id]
        assert [t.kind for t in detail.pair.tags] == ["interrupted"]
        # the partner reads the note (not the attempt: that stays the rep's); managers all
        partner_note = blake.pair_note(attempts[0].id)
        assert partner_note is not None and partner_note.comment == "Good recovery."
        assert blake.partner_practice("blake", since)[0] == 1
        manager = morgan.attempt(attempts[0].id)
        assert manager is not None and manager.pair is not None
        # a rep cannot write a note for someone else's attempt
        with pytest.raises(StoreError):
            blake.save_pair_note(PairNote(attempt_id=attempts[0].id, rep="blake", partner="alex"))
    finally:
        for store in (alex, blake, morgan):
            store.close()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_two_trainer_processes_meet_through_the_team_server(
    team_db: TeamDb, tmp_path: Path, isolated_dirs: Path
) -> None:
    """The partner's view and the rep's view, both on the rep's login (attempts on the team
    server are the login's: docs/pairs.md), as two real `trainer` processes in tmux."""
    from tests.e2e.pair_terms import pair_terminals, play_one_call

    url = team_db.url("alex", with_password=False)
    env = {"PGPASSWORD": "alex-pw", "PGPASSFILE": "/nonexistent/pgpass"}
    with pair_terminals(tmp_path.name, isolated_dirs, url, rep="alex", partner="ben", env=env) as (
        partner,
        rep,
    ):
        play_one_call(partner, rep)
    store = open_store(team_db.url("morgan"))
    try:
        attempts = store.history()
        assert [(a.rep, a.mode, a.turn_count) for a in attempts] == [("alex", DrillMode.PAIR, 2)]
        detail = store.attempt(attempts[0].id)
        assert detail is not None and detail.pair is not None
        assert detail.pair.turns[0].ticks == ["acknowledge", "ask"]
        assert [t.kind for t in detail.pair.tags] == ["great-line"]
    finally:
        store.close()


def test_a_partner_logged_in_as_themselves_cannot_log_the_reps_call(team_db: TeamDb) -> None:
    from trainer.drill.pair import login_problem

    blake = open_store(team_db.url("blake"))
    try:
        problem = login_problem(blake, "alex")
        assert problem is not None and "rep's login" in problem
        assert login_problem(blake, "blake") is None
    finally:
        blake.close()


def _call_observed_by(store: Store, loaded: LoadedScenario, observer: str | None) -> PairCall:
    drill = start_drill(
        loaded,
        store,
        settings=Settings(),
        clock=SystemClock(),
        rep="alex",
        seed=1,
        mode=DrillMode.PAIR,
    )
    call = PairCall(drill, PairRoles("alex", "ben", observer), store)
    call.start()
    return call


def test_an_observer_ticks_under_their_own_login(team_db: TeamDb) -> None:
    """A triad on the team server: alex answers (the call is alex's), ben plays the
    prospect, blake observes from their own process under their own login."""
    loaded = load_library(include_user=False).get("objection/too-expensive")
    step = loaded.scenario.step(loaded.scenario.first_step)
    first = checklist(step)[0].id
    alex = open_store(team_db.url("alex"))
    blake = open_store(team_db.url("blake"))
    morgan = open_store(team_db.url("morgan"))
    try:
        call = _call_observed_by(alex, loaded, "blake")
        since = datetime.now(UTC) - timedelta(minutes=5)
        # blake follows alex's call from their own login, and may tick on it
        sight = rep_sight(blake, "alex", since)
        assert sight is not None and sight.attempt_id == call.drill.attempt_id
        note = blake.pair_note(sight.attempt_id)
        assert note is not None and observer_problem(blake, "blake", note) is None
        seen = ObserverCall(blake, sight.attempt_id, "blake", sight.started_at, clock=SystemClock())
        seen.toggle(1, step, first)
        seen.tag(MomentTag.TOO_LONG, datetime.now(UTC), 1)
        seen.save()
        call.take(None)  # the partner's note is saved again: blake's row stays
        seen.set_comment("Shorter answers.")
        seen.save()
        call.end("From ben.")
        for reader in (alex, blake, morgan):
            read = reader.pair_note(call.drill.attempt_id)
            assert read is not None and read.comment == "From ben."
            assert [(o.observer, o.ticks_of(1), o.comment) for o in read.observations] == [
                ("blake", [first], "Shorter answers.")
            ]
        # nobody writes an observer's notes but that observer, and only on a call naming them
        with pytest.raises(StoreError):
            alex.save_observation(ObserverNote(call.drill.attempt_id, "blake", comment="x"))
        with pytest.raises(StoreError):
            blake.save_observation(ObserverNote(call.drill.attempt_id, "alex", comment="x"))
        unnamed = _call_observed_by(alex, loaded, None)
        with pytest.raises(StoreError):
            blake.save_observation(ObserverNote(unnamed.drill.attempt_id, "blake"))
        unnamed.end()
        # blake still cannot change the partner's note, nor read alex's solo practice
        with pytest.raises(StoreError):
            blake.save_pair_note(
                PairNote(attempt_id=call.drill.attempt_id, rep="alex", partner="x")
            )
        assert {a.id for a in blake.history(rep="alex")} == {call.drill.attempt_id}
    finally:
        for store in (alex, blake, morgan):
            store.close()


def test_forgetting_the_partner_and_observer_on_the_team_server(team_db: TeamDb) -> None:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    step = loaded.scenario.step(loaded.scenario.first_step)
    alex = open_store(team_db.url("alex"))
    blake = open_store(team_db.url("blake"))
    morgan = open_store(team_db.url("morgan"))
    try:
        call = _call_observed_by(alex, loaded, "blake")
        seen = ObserverCall(
            blake, call.drill.attempt_id, "blake", datetime.now(UTC), clock=SystemClock()
        )
        seen.toggle(1, step, checklist(step)[0].id)
        seen.save()
        call.take(None)
        call.end("From ben.")
        with pytest.raises(StoreError):  # a rep may not forget anyone
            blake.forget_rep("ben")
        assert morgan.pair_mentions("blake") == 2 and morgan.pair_mentions("ben") == 1
        assert morgan.forget_rep("blake").pair_mentions == 2
        assert morgan.forget_rep("ben").pair_mentions == 1
        note = morgan.pair_note(call.drill.attempt_id)
        assert note is not None
        assert (note.rep, note.partner, note.observer) == ("alex", FORGOTTEN_NAME, FORGOTTEN_NAME)
        # a manager's update may only put "(forgotten)" in place of a name, nothing else
        with psycopg.connect(team_db.url("morgan"), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute(
                    "UPDATE pair_notes SET human_score = 100, partner = '(forgotten)' "
                    "WHERE attempt_id = %s",
                    (call.drill.attempt_id,),
                )
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute(
                    "UPDATE pair_notes SET partner = 'someone' WHERE attempt_id = %s",
                    (call.drill.attempt_id,),
                )
        assert note.observations == [] and note.comment == "From ben." and note.turns
        assert [a.id for a in morgan.history(rep="alex")] == [call.drill.attempt_id]
    finally:
        for store in (alex, blake, morgan):
            store.close()
