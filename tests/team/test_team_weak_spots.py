"""The team view's weak spots are each rep's own (trainer.practice.stats.weakest over their
schedule): the ones `trainer stats --rep` and their Progress show, in the same order, with
the same recall tomorrow and lapses, on a SQLite log and on the real team server."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.practice.practicelog import log_drill
from trainer.clock import SystemClock
from trainer.practice.assignments import scenario_facts
from trainer.practice.schedule import read_schedule
from trainer.practice.stats import spot_names, weakest, with_heard_lines
from trainer.practice.team import WEAKEST_SHOWN
from trainer.scenario.library import load_library
from trainer.store.base import Store
from trainer.store.open import open_store
from trainer.store.sqlite import SQLiteStore

from .conftest import PASSWORDS, TeamDb, trainer

pytestmark = pytest.mark.real_part
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
# A row of `trainer stats`' weak spots ends in: recall, lapses, next due, interval.
STATS_ROW = re.compile(r"(\d+%)\s+(\d+)\s+\d{4}-\d\d-\d\d\s+\d+d$")


def write_practice(store: Store, rep: str, good: str, bad: str) -> None:
    """A month of practice: `good` answered well, `bad` badly (missed twice, its first step
    worse), and a third scenario a few times: the order of weak spots differs by rep. The
    steps answered are the library's own (the weak spots name them by their lines)."""
    heard = load_library(include_user=False).get(bad).scenario.steps[:2]
    steps, lines = [s.id for s in heard], [str(s.prospect[-1]) for s in heard]
    for day in range(0, 30, 3):
        at = START + timedelta(days=day)
        scores = [20.0 if day % 2 else 60.0, 45.0]
        log_drill(store, bad, at, scores, rep=rep, step_ids=steps, lines=lines)
        log_drill(store, good, at + timedelta(hours=1), [92.0], rep=rep)
        if day < 9:
            log_drill(store, "objection/no-budget", at + timedelta(hours=2), [50.0], rep=rep)


def reps_own(store: Store, rep: str) -> list[str]:
    """The rep's weak spots as their Progress and `trainer stats` word them."""
    names = spot_names(load_library(include_user=False))
    found = weakest(read_schedule(store, rep), SystemClock().now(), WEAKEST_SHOWN)
    found = with_heard_lines(store, rep, found)  # the line they heard at each step
    return [w.text(names) for w in found]


def stats_rows(url: str, rep: str, password: str | None = None) -> list[tuple[str, str]]:
    """(recall, lapses) of each weak spot `trainer stats --rep` prints, in order."""
    done = trainer(url, "stats", "--rep", rep, password=password)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"Weak spots of {rep}"))
    found = [STATS_ROW.search(line) for line in lines[start + 2 :]]
    return [(m.group(1), m.group(2)) for m in found if m]


def team_json(url: str, password: str | None = None) -> dict[str, list[str]]:
    done = trainer(url, "team", "report", "--format", "json", password=password)
    assert done.returncode == 0, done.stderr
    return {r["rep"]: r["weakest_objections"] for r in json.loads(done.stdout)["reps"]}


def assert_same_as_stats(spots: list[str], rows: list[tuple[str, str]]) -> None:
    """Each spot of the team view ends in the recall and lapses `trainer stats` prints."""
    assert len(spots) == WEAKEST_SHOWN and len(rows) >= WEAKEST_SHOWN
    for spot, (recall, lapses) in zip(spots, rows, strict=False):
        assert spot.endswith(f" {recall}, {lapses} lapse{'' if lapses == '1' else 's'}"), spot


def test_weak_spots_in_the_team_report_are_the_reps_own_on_a_sqlite_log(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.sqlite3"
    store = SQLiteStore(path)
    try:
        write_practice(store, "ana", "objection/no-time", "objection/too-expensive")
        write_practice(store, "bo", "objection/too-expensive", "objection/no-time")
        want = {rep: reps_own(store, rep) for rep in ("ana", "bo")}
    finally:
        store.close()
    assert want["ana"] != want["bo"]  # each rep's own, not the team's
    expensive = scenario_facts(load_library(include_user=False))["objection/too-expensive"][0]
    # a step of the one missed, as the rep heard it (its prospect's line), not its id
    assert want["ana"][0].startswith(f"{expensive} · “") and "step-" not in want["ana"][0]
    assert not want["ana"][0].endswith(" 0 lapses")

    assert team_json(str(path)) == want
    for rep in ("ana", "bo"):
        assert_same_as_stats(want[rep], stats_rows(str(path), rep))
    stats = trainer(str(path), "stats", "--rep", "ana").stdout
    weak = stats.split("Weak spots of ana")[1]
    assert max(len(line) for line in weak.splitlines()) <= 80, weak  # no mid-word wrap
    assert all(f"\n  {spot.rsplit(' ', 3)[0]}" in weak for spot in want["ana"]), weak
    for fmt in ("text", "md"):
        text = trainer(str(path), "team", "report", "--format", fmt).stdout
        assert max(len(line) for line in text.splitlines()) <= 80, text  # fits a terminal
        words = " ".join(text.split())  # the weak spots wrapped at spaces, a line each
        for rep in ("ana", "bo"):
            for spot in want[rep]:
                assert f"weak spot: {spot}" in words, (fmt, spot)
    done = trainer(str(path), "team", "report", "--format", "csv")
    rows = {r["rep"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert {rep: rows[rep]["weakest_objections"] for rep in rows} == {
        rep: ";".join(spots) for rep, spots in want.items()
    }


def test_weak_spots_in_the_team_report_are_the_reps_own_on_the_team_server(
    team_db: TeamDb,
) -> None:
    admin = open_store(team_db.admin_url)  # past practice is written by the admin
    write_practice(admin, "alex", "objection/no-time", "objection/too-expensive")
    write_practice(admin, "blake", "objection/too-expensive", "objection/no-time")
    admin.close()
    want: dict[str, list[str]] = {}
    for rep in ("alex", "blake"):
        own = open_store(team_db.url(rep))
        try:
            want[rep] = reps_own(own, rep)
        finally:
            own.close()
    assert want["alex"] != want["blake"]

    manager = team_db.url("morgan", with_password=False)
    found = team_json(manager, PASSWORDS["morgan"])
    assert {rep: found[rep] for rep in want} == want
    for rep in ("alex", "blake"):
        own_url = team_db.url(rep, with_password=False)
        assert_same_as_stats(want[rep], stats_rows(own_url, rep, PASSWORDS[rep]))
        assert team_json(own_url, PASSWORDS[rep]) == {rep: want[rep]}  # a rep: their own row
