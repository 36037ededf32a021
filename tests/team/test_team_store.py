"""The team server keeps the same log as SQLite, and each rep sees and changes only their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.store import logdata
from trainer.clock import SystemClock
from trainer.practice.stats import PracticeStats, read_practice
from trainer.store.base import Store, StoreError
from trainer.store.open import open_store
from trainer.store.postgres import PostgresStore
from trainer.store.records import AttemptRecord, AttemptStatus
from trainer.store.sqlite import SQLiteStore

from .conftest import TeamDb

pytestmark = pytest.mark.real_part


def practice(
    store: Store, rep: str | None = None, since: date | None = None, weakest: int = 5
) -> PracticeStats:
    """The practice figures every front end shows (trainer.practice.stats), as of now."""
    return read_practice(store, rep, SystemClock(), since, weakest)


def _minutes_ago(minutes: int) -> datetime:
    """A rep's attempts start now by the server's clock (give or take its skew)."""
    return datetime.now().astimezone() - timedelta(minutes=minutes)


def _local_noon(days_ago: int, minute: int = 0) -> datetime:
    day = datetime.now().astimezone().date() - timedelta(days=days_ago)
    return datetime.combine(day, time(12, minute)).astimezone()


def _drill(
    store: Store,
    started: datetime,
    scores: list[float],
    rep: str,
    scenario: str = "objection/too-expensive",
    final: float | None = None,
    status: AttemptStatus = AttemptStatus.FINISHED,
    attempt_id: str = "",
) -> AttemptRecord:
    attempt = logdata.attempt(
        rep=rep, scenario_id=scenario, title=scenario.title(), started_at=started
    )
    attempt.id = attempt_id or attempt.id
    store.start_attempt(attempt)
    for seq, score in enumerate(scores, 1):
        turn = logdata.turn(attempt, seq, score)
        turn.id = f"{attempt.id}-{seq}"  # the same ids in every store compared
        if seq == 2:
            turn.audio_path = f"/recordings/{rep}/{attempt.id}-2.wav"
        store.log_turn(turn)
        if seq == 1 and len(scores) > 2:
            store.mark_retried(turn.id)
    if status is not AttemptStatus.IN_PROGRESS:
        store.finish_attempt(
            attempt.id,
            status,
            started + timedelta(minutes=3, seconds=7),
            "win" if final else None,
            "closed" if final else None,
            final,
        )
    return attempt


def _write_scenario(store_of: Callable[[str], Store]) -> list[AttemptRecord]:
    """The same practice by two reps over two weeks, written through `store_of(rep)`
    (with the same ids each time). On the team server past practice is written by the
    admin: a rep's own attempts can only start now."""
    alex, blake = store_of("alex"), store_of("blake")

    def n(i: int) -> str:
        return f"{i:02d}" + "5e" * 15

    return [
        _drill(alex, _local_noon(9), [40, 55], "alex", final=47.5, attempt_id=n(1)),
        _drill(
            alex, _local_noon(8), [60, 70, 75], "alex", final=72.5, attempt_id="abc1" + "0" * 28
        ),
        _drill(
            alex,
            _local_noon(8, 30),
            [30],
            "alex",
            "cold-call/gatekeeper",
            final=None,
            status=AttemptStatus.ABANDONED,
            attempt_id="abc2" + "0" * 28,
        ),
        _drill(
            alex,
            _local_noon(1),
            [90, 80],
            "alex",
            "cold-call/gatekeeper",
            final=85,
            attempt_id=n(4),
        ),
        _drill(
            alex, _local_noon(0), [65], "alex", status=AttemptStatus.IN_PROGRESS, attempt_id=n(5)
        ),
        _drill(blake, _local_noon(3), [20, 35, 45], "blake", final=40, attempt_id=n(6)),
        _drill(
            blake,
            _local_noon(2),
            [50],
            "blake",
            "objection/send-me-info",
            final=50,
            attempt_id=n(7),
        ),
        _drill(blake, _local_noon(0, 5), [88, 92], "blake", final=90, attempt_id=n(8)),
    ]


def _reads(store: Store, rep: str | None) -> dict[str, Any]:
    """Everything a user can read back, as plain comparable values."""
    since = _local_noon(5)
    history = store.history(rep)
    first = history[-1].id if history else ""
    return {
        "history": history,
        "history_scenario": store.history(rep, "cold-call/gatekeeper"),
        "history_since": store.history(rep, since=since),
        "history_limit": store.history(rep, limit=2),
        "history_of_two": store.history(("alex", "blake"), limit=3) if rep is None else None,
        "by_prefix": store.attempt(first[:6]) if first else None,
        "stats": practice(store, rep),
        "stats_since": practice(store, rep, since=since.date(), weakest=1),
        "daily": store.daily_activity(rep),
        "daily_since": store.daily_activity(rep, since.date()),
        "summary": store.scenario_summary(rep),
        "summary_recent_1": store.scenario_summary(rep, recent=1),
        "trends": store.score_trends(rep),
        "trends_small": store.score_trends(rep, recent=1, limit=1),
        "export": list(store.export(rep)),
        "export_since": list(store.export(rep, since=since)),
        "recordings": sorted(store.recording_paths()) if rep is None else None,
    }


@pytest.fixture
def team(team_db: TeamDb) -> Iterator[dict[str, PostgresStore]]:
    stores = {name: PostgresStore(team_db.url(name)) for name in ("alex", "blake", "morgan")}
    stores["admin"] = PostgresStore(team_db.admin_url)
    yield stores
    for store in stores.values():
        store.close()


def test_same_practice_reads_back_the_same_as_from_sqlite(
    tmp_path: Path, team: dict[str, PostgresStore]
) -> None:
    sqlite = SQLiteStore(tmp_path / "log.sqlite3")
    try:
        _write_scenario(lambda rep: sqlite)
        _write_scenario(lambda rep: team["admin"])
        for rep, reader in (("alex", team["alex"]), (None, team["morgan"])):
            expected = _reads(sqlite, rep)
            got = _reads(reader, rep)
            assert expected["history"], "the scenario wrote nothing"
            for key, value in expected.items():
                assert value == got[key], f"{key} for {rep or 'everyone'}"
        for store in (sqlite, team["alex"]):
            with pytest.raises(StoreError, match="More than one attempt starts with"):
                store.attempt("abc")
        found = team["alex"].attempt("abc2")
        assert found is not None and found.attempt.status is AttemptStatus.ABANDONED
        assert team["alex"].health_problems() == []
    finally:
        sqlite.close()


def test_a_rep_sees_only_their_own_practice_and_a_manager_sees_everyone(
    team: dict[str, PostgresStore],
) -> None:
    written = _write_scenario(lambda rep: team["admin"])
    blakes = [a.id for a in written if a.rep == "blake"]
    alex, morgan = team["alex"], team["morgan"]
    assert alex.fixed_rep == "alex"
    assert {a.rep for a in alex.history()} == {"alex"}
    assert alex.history(rep="blake") == []
    assert {a.rep for a in alex.history(rep=("alex", "blake"))} == {"alex"}
    assert alex.attempt(blakes[0]) is None
    assert all(d.attempt.rep == "alex" for d in alex.export())
    assert practice(alex).answers == 9  # alex's 9 answers, none of blake's 6
    assert {a.rep for a in morgan.history()} == {"alex", "blake"}
    assert practice(morgan).answers == 15
    assert practice(morgan, "blake").answers == 6
    assert morgan.attempt(blakes[0]) is not None


def test_a_rep_cannot_log_as_someone_else_or_into_their_attempts(
    team: dict[str, PostgresStore], team_db: TeamDb
) -> None:
    blakes = _drill(team["blake"], _minutes_ago(5), [50], "blake", status=AttemptStatus.IN_PROGRESS)
    alex = team["alex"]
    with pytest.raises(StoreError, match="cannot log an attempt as 'blake'"):
        alex.start_attempt(logdata.attempt(rep="blake"))
    with pytest.raises(StoreError, match="No attempt"):
        alex.log_turn(logdata.turn(blakes, 2))
    with psycopg.connect(team_db.url("alex"), autocommit=True) as conn:
        forged = logdata.attempt(rep="blake")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO attempts (id, rep, scenario_id, scenario_version, scenario_hash, "
                "scenario_title, mode, input_kind, seed, started_at, local_day, "
                "last_activity_at, status, writer_host, writer_boot, writer_pid, writer_start) "
                "VALUES (%s, 'blake', 's', 1, 'h', 't', 'solo', 'typed', 0, now(), "
                "current_date, now(), 'in_progress', 'h', 'b', 1, 's')",
                (forged.id,),
            )
    untouched = team["blake"].attempt(blakes.id)
    assert untouched is not None and untouched.turns[0].seq == 1
    assert len(team["morgan"].history()) == 1


def test_the_log_is_append_only_for_a_rep(team: dict[str, PostgresStore], team_db: TeamDb) -> None:
    alex = team["alex"]
    done = _drill(alex, _minutes_ago(5), [50, 60], "alex", final=55)
    before = alex.attempt(done.id)
    with pytest.raises(StoreError, match="already finished"):
        alex.finish_attempt(done.id, AttemptStatus.FINISHED, _local_noon(0), "win", "x", 100.0)
    with pytest.raises(StoreError, match="row-level security"):
        alex.log_turn(logdata.turn(done, 3, 100.0))
    with pytest.raises(StoreError, match="only a manager or the admin can forget"):
        alex.forget_rep("alex")
    with psycopg.connect(team_db.url("alex"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM attempts WHERE id = %s", (done.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM turns")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "UPDATE turns SET answer_text = 'better' WHERE attempt_id = %s", (done.id,)
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE attempts SET rep = 'blake' WHERE id = %s", (done.id,))
        changed = conn.execute("UPDATE attempts SET score = 100 WHERE id = %s", (done.id,))
        assert changed.rowcount == 0  # finished: no longer the rep's to change
    assert alex.attempt(done.id) == before
    assert practice(alex).answers == 2


def test_a_manager_forgets_a_rep_for_good(team: dict[str, PostgresStore]) -> None:
    written = _write_scenario(lambda rep: team["admin"])
    gone = team["morgan"].forget_rep("blake")
    assert gone.attempts == 3 and gone.turns == 6
    assert len(gone.audio_paths) == 2
    assert {a.rep for a in team["morgan"].history()} == {"alex"}
    assert practice(team["morgan"], "blake").answers == 0
    assert team["morgan"].scenario_summary("blake") == []
    assert len(team["alex"].history()) == len([a for a in written if a.rep == "alex"])


def test_open_store_dispatches_team_urls_and_explains_problems(
    team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    monkeypatch.setenv("PGPASSWORD", "alex-pw")
    store = open_store(team_db.url("alex", with_password=False).replace("postgresql", "postgres"))
    try:
        assert isinstance(store, PostgresStore) and store.fixed_rep == "alex"
    finally:
        store.close()
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(StoreError, match="wrong password or no such team member"):
        open_store(team_db.url("alex", with_password=False))
    with pytest.raises(StoreError, match="wrong password or no such team member"):
        open_store(team_db.url("nobody_here", with_password=False))
    monkeypatch.setenv("PGPASSWORD", "alex-pw")
    with pytest.raises(StoreError, match="no database 'nope'"):
        open_store(team_db.server.url("alex", "nope"))
    team_db.server.create_database(team_db.dbname + "_bare")
    with pytest.raises(StoreError, match=r"no trainer tables yet.*team setup"):
        open_store(team_db.server.url("alex", team_db.dbname + "_bare"))


def test_a_schema_from_another_version_is_refused_with_what_to_do(
    team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.store import pg_schema

    latest = pg_schema.LATEST
    monkeypatch.setattr(pg_schema, "LATEST", latest + 1)  # this app expects a later schema
    with pytest.raises(
        StoreError,
        match=rf"schema {latest}, older than this trainer "
        rf"\({latest + 1}\).*team setup",
    ):
        PostgresStore(team_db.url("alex"))
    monkeypatch.undo()
    with psycopg.connect(team_db.admin_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO trainer_schema (version, description) VALUES (%s, 'future')",
            (latest + 1,),
        )
        kinds: dict[str, str] = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'attempts'"
            ).fetchall()
        )
    assert kinds["started_at"] == kinds["ended_at"] == "timestamp with time zone"
    with pytest.raises(StoreError, match=r"newer version of trainer.*Upgrade trainer"):
        PostgresStore(team_db.url("alex"))


def test_after_the_server_restarts_the_store_carries_on(
    team_db: TeamDb, team: dict[str, PostgresStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app can sit open for hours while the team server restarts. A store idle for a
    while checks its connection first and reconnects, so nothing fails; one caught in the
    act fails once with a plain message and works on the next try."""
    from trainer.store import postgres

    alex = team["alex"]
    first = _drill(alex, _minutes_ago(8), [60], "alex", final=60)
    team_db.server.restart()
    monkeypatch.setattr(postgres, "IDLE_CHECK_S", 0.0)  # as after a quiet spell
    assert [a.id for a in alex.history()] == [first.id]
    second = _drill(alex, _minutes_ago(5), [70], "alex", final=70)

    monkeypatch.setattr(postgres, "IDLE_CHECK_S", 3600.0)  # used a moment ago
    team_db.server.restart()
    with pytest.raises(StoreError, match="reconnects on the next try"):
        alex.history()
    assert {a.id for a in alex.history()} == {first.id, second.id}
