"""A rep's practice is the attempts logged under their name (trainer.practice.rules): a pair
call where they were the partner is the other rep's, though the server lets them read it.
Their own `stats`, `history` and `export` agree with what a manager and the app read."""

from __future__ import annotations

import pytest

from trainer.clock import SystemClock
from trainer.drill.pair import PairCall, PairRoles, checklist
from trainer.drill.run import start_drill
from trainer.practice.rules import practice_of
from trainer.practice.stats import read_practice
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.store.records import DrillMode

from .conftest import PASSWORDS, TeamDb, trainer

pytestmark = pytest.mark.real_part

BRUSH_OFF = "Sure."  # a call played to its end, lost: a low score


def _as(team_db: TeamDb, user: str, *args: str, stdin: str = "") -> str:
    done = trainer(
        team_db.url(user, with_password=False), *args, password=PASSWORDS[user], stdin=stdin
    )
    assert done.returncode in (0, 5) and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _average(stats_out: str) -> str:
    """The average score on `trainer stats`' summary line."""
    line = next(x for x in stats_out.splitlines() if "average score" in x)
    return line.split("average score ", 1)[1].split()[0]


def test_a_partner_reads_only_their_own_practice_in_stats_history_and_export(
    team_db: TeamDb,
) -> None:
    # blake's own call, played to its end with a low score
    _as(
        team_db,
        "blake",
        "drill",
        "objection/take-me-off-your-list",
        "--plain",
        stdin=BRUSH_OFF + "\n",
    )
    # alex's pair call with blake as the partner, every move ticked: a score of 100
    loaded = load_library(include_user=False).get("objection/too-expensive")
    alex = open_store(team_db.url("alex"))
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
        while not drill.finished:
            step = loaded.scenario.step(drill.view().current.step_id)  # type: ignore[union-attr]
            for move in checklist(step):
                call.toggle(move.id)
            call.take(None)
        call.end()
        pair_id = alex.history(rep="alex")[0].id
    finally:
        alex.close()

    blake = open_store(team_db.url("blake"))
    try:
        assert blake.attempt(pair_id) is not None  # the partner may read the call…
        assert practice_of(blake, None) == "blake"  # …but it is not blake's practice
        app_average = read_practice(blake, "blake", SystemClock()).average_score
    finally:
        blake.close()

    own = _as(team_db, "blake", "stats")
    manager = _as(team_db, "morgan", "stats", "--rep", "blake")
    by_rep = _as(team_db, "morgan", "stats", "--by-rep")
    blake_row = next(line.split() for line in by_rep.splitlines() if line.startswith("blake "))
    assert _average(own) == _average(manager) == blake_row[4]
    assert app_average is not None and _average(own) == f"{app_average:.0f}"
    assert _average(_as(team_db, "morgan", "stats", "--rep", "alex")) == "100"
    assert int(_average(own)) < 50

    history = _as(team_db, "blake", "history")
    assert pair_id[:8] not in history and "take-me-off-your-list" in history
    export = _as(team_db, "blake", "export")
    assert pair_id not in export and "take-me-off-your-list" in export
    assert pair_id in _as(team_db, "morgan", "export")  # the manager reads everyone's


def test_a_manager_names_a_rep_in_any_case_and_a_stranger_is_one_line(team_db: TeamDb) -> None:
    _as(
        team_db,
        "blake",
        "drill",
        "objection/take-me-off-your-list",
        "--plain",
        stdin=BRUSH_OFF + "\n",
    )
    exact = _as(team_db, "morgan", "stats", "--rep", "blake").splitlines()
    assert exact[0].startswith("Practice for blake ") and exact[1].startswith("1 drill ")
    assert _as(team_db, "morgan", "stats", "--rep", "BLAKE").splitlines()[:2] == exact[:2]
    own = _as(team_db, "blake", "stats", "--rep", "Blake").splitlines()  # their own login
    assert own[:2] == exact[:2]
    done = trainer(
        team_db.url("morgan", with_password=False),
        "history",
        "--rep",
        "blak",
        password=PASSWORDS["morgan"],
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "trainer: nobody named blak has practised in this log: did you mean blake? "
        "`trainer stats --by-rep` lists who has\n"
    )
