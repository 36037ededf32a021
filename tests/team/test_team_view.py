"""The manager's team view on a real team server: only this database's reps (roles are the
server's), each rep's due backlog from their own schedule, and pair practice with the
latest pair note; who may read and write pair notes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.practice.practicelog import log_drill
from trainer.clock import SystemClock
from trainer.drill.pair import MomentTag, PairCall, PairRoles, checklist
from trainer.drill.run import start_drill
from trainer.practice.assignments import scenario_facts
from trainer.practice.daily import read_today
from trainer.practice.schedule_cache import forget_memo
from trainer.practice.team import read_team
from trainer.scenario.library import Library, load_library
from trainer.settings import Settings
from trainer.store import pg_schema
from trainer.store.base import Store, StoreError
from trainer.store.open import open_store
from trainer.store.postgres import PostgresStore, connect
from trainer.store.records import DrillMode, PairNote
from trainer.store.sqlite import SQLiteStore

from .conftest import PASSWORDS, TeamDb, new_team_db, trainer
from .pg_server import ADMIN_PASSWORD

pytestmark = pytest.mark.real_part
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)


def report(url: str, password: str, *args: str) -> dict[str, Any]:
    done = trainer(url, "team", "report", "--format", "json", *args, password=password)
    assert done.returncode == 0, done.stderr
    return {r["rep"]: r for r in json.loads(done.stdout)["reps"]}


# -- whose rows: the reps of this database ------------------------------------------------


def test_reps_of_another_database_on_the_server_are_not_listed(team_db: TeamDb, pg: Any) -> None:
    other = new_team_db(pg)
    admin_other = pg.url("trainer_admin", other)
    done = trainer(
        admin_other,
        "team",
        "add-rep",
        "dana",
        "--password-stdin",
        password=ADMIN_PASSWORD,
        stdin="dana-pw\n",
    )
    assert done.returncode == 0, done.stderr
    assert f"/{other}." in done.stdout

    # dana is a rep of the other database only: not in this team's report.
    here = report(team_db.url("morgan", with_password=False), PASSWORDS["morgan"])
    assert sorted(here) == ["alex", "blake"]
    morgan_other = pg.url("morgan", other)
    assert sorted(report(morgan_other, PASSWORDS["morgan"])) == ["dana"]

    # alex joins the other team too, keeping the password they log in with.
    done = trainer(
        admin_other, "team", "add-rep", "alex", "--keep-password", password=ADMIN_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    assert "password unchanged" in done.stdout
    assert sorted(report(morgan_other, PASSWORDS["morgan"])) == ["alex", "dana"]
    assert sorted(report(pg.url("alex", other), PASSWORDS["alex"])) == ["alex"]
    # --keep-password needs a login that exists; nothing is created without a password.
    done = trainer(
        admin_other, "team", "add-rep", "nobody_yet", "--keep-password", password=ADMIN_PASSWORD
    )
    assert done.returncode == 2 and "leave out --keep-password" in done.stderr
    # `assign --all-reps` gives practice to this database's reps only.
    done = trainer(
        team_db.url("morgan", with_password=False),
        "assign",
        "objection/too-expensive",
        "--all-reps",
        "--due",
        "7d",
        "--attempts",
        "1",
        password=PASSWORDS["morgan"],
    )
    assert done.returncode == 0, done.stderr
    morgan = open_store(team_db.url("morgan"))
    try:
        assert sorted(a.rep for a in morgan.assignments()) == ["alex", "blake"]
    finally:
        morgan.close()


def test_upgrading_to_schema_6_keeps_the_reps_who_practised_here(pg: Any) -> None:
    name = new_team_db(pg)
    conn = connect(pg.admin_url(name))
    try:
        with conn.transaction():  # back to schema 4, as the previous trainer left it
            for table in ("schedule_days", "schedule_cards", "schedule_marks"):  # schema 5
                conn.execute(f"DROP TABLE {table}")
            conn.execute("DROP TABLE pair_observations")  # schema 7, and what it added:
            conn.execute("DROP TRIGGER pair_note_rules ON pair_notes")
            conn.execute("DROP FUNCTION trainer_pair_note_rules()")
            for policy, table in (
                ("observer_read", "pair_notes"),
                ("manager_forget_names", "pair_notes"),
                ("pair_read", "attempts"),
                ("pair_read", "turns"),
                ("retry_practice", "turns"),  # schema 9
            ):
                conn.execute(f"DROP POLICY {policy} ON {table}")
            for table in pg_schema.MEMBER_TABLES:  # schema 10
                if table.startswith("schedule_") or table == "pair_observations":
                    continue  # dropped above
                conn.execute(f"DROP POLICY {pg_schema.MEMBERS_ONLY} ON {table}")
            conn.execute("DROP TABLE team_members")  # schema 6
            conn.execute("DROP FUNCTION trainer_retry_ended(text, text)")
            conn.execute("DELETE FROM trainer_schema WHERE version >= 5")
            conn.execute(
                "INSERT INTO attempts (id, rep, scenario_id, scenario_version, scenario_hash, "
                "scenario_title, mode, input_kind, seed, started_at, local_day, "
                "last_activity_at, status, writer_host, writer_boot, writer_pid, writer_start) "
                "VALUES ('a1', 'blake', 's', 1, 'h', 'S', 'solo', 'typed', 0, now(), "
                "current_date, now(), 'in_progress', 'h', 'b', 1, 's')"
            )
        assert pg_schema.setup(conn) == (4, pg_schema.LATEST)
        assert pg_schema.setup(conn) == (pg_schema.LATEST, pg_schema.LATEST)  # nothing new
    finally:
        conn.close()
    morgan = open_store(pg.url("morgan", name, PASSWORDS["morgan"]))
    try:
        assert morgan.team_members() == ["blake"]  # alex has no practice here
    finally:
        morgan.close()


# -- the due backlog: the rep's own schedule ------------------------------------------------


def write_practice(store: Store, rep: str) -> None:
    for day in range(0, 30, 3):
        at = START + timedelta(days=day)
        log_drill(store, "objection/too-expensive", at, [20.0, 30.0], rep=rep)
        log_drill(store, "objection/no-time", at + timedelta(hours=1), [90.0], rep=rep)
        if day < 6:
            log_drill(store, "objection/no-budget", at + timedelta(hours=2), [35.0], rep=rep)


def expected_due(store: Store, library: Library, rep: str) -> tuple[int, int]:
    """What the rep's Home shows: today's queue from their own schedule."""
    queue = read_today(store, library, rep, SystemClock(), new_per_day=2).queue
    return queue.due, queue.overdue


def test_the_due_backlog_is_the_queue_each_reps_home_shows(team_db: TeamDb) -> None:
    admin = open_store(team_db.admin_url)  # past practice is written by the admin
    write_practice(admin, "alex")
    log_drill(admin, "objection/no-time", START, [95.0], rep="blake")
    admin.close()
    library = load_library(include_user=False)
    alex = open_store(team_db.url("alex"))
    blake = open_store(team_db.url("blake"))
    try:
        want = {"alex": expected_due(alex, library, "alex")}
        want["blake"] = expected_due(blake, library, "blake")
    finally:
        alex.close()
        blake.close()
    assert want["alex"][0] >= 2 and want["alex"][1] >= 1  # the test means something
    assert want["blake"][0] == 1 and want["blake"][1] == 1

    rows = report(team_db.url("morgan", with_password=False), PASSWORDS["morgan"])
    assert {r: (rows[r]["due"], rows[r]["due_overdue"]) for r in rows} == want
    # a second report reads the cached schedules and gives the same
    rows = report(team_db.url("morgan", with_password=False), PASSWORDS["morgan"])
    assert {r: (rows[r]["due"], rows[r]["due_overdue"]) for r in rows} == want
    text = trainer(
        team_db.url("morgan", with_password=False), "team", "report", password=PASSWORDS["morgan"]
    )
    alex_line = next(line for line in text.stdout.splitlines() if line.startswith("alex "))
    assert f"{want['alex'][0]} · {want['alex'][1]} late" in alex_line


def test_the_team_view_saves_a_schedule_it_had_to_replay(team_db: TeamDb) -> None:
    """A rep who has not opened the app since their practice was logged has no saved
    schedule: the manager's first report replays it and saves it, so the next report (a
    new process) reads it, and the rep's own Home gives the same queue from it."""
    admin = open_store(team_db.admin_url)
    write_practice(admin, "alex")
    admin.close()
    morgan = open_store(team_db.url("morgan"))
    try:
        assert morgan.saved_schedule("alex") is None
    finally:
        morgan.close()
    first = report(team_db.url("morgan", with_password=False), PASSWORDS["morgan"])
    morgan = open_store(team_db.url("morgan"))
    try:
        saved = morgan.saved_schedule("alex")
        assert saved is not None and saved.cards
    finally:
        morgan.close()
    forget_memo()  # the rep's own process, as new
    alex = open_store(team_db.url("alex"))
    try:
        library = load_library(include_user=False)
        due = expected_due(alex, library, "alex")
        assert due == (first["alex"]["due"], first["alex"]["due_overdue"])
        assert alex.saved_schedule("alex") == saved  # read as the manager saved it
    finally:
        alex.close()


def test_the_due_backlog_on_a_sqlite_log(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "log.sqlite3")
    try:
        write_practice(store, "ana")
        write_practice(store, "bo")
        library = load_library(include_user=False)
        want = expected_due(store, library, "ana")
        found = read_team(store, scenario_facts(library), SystemClock())
        assert [(r.rep, r.due, r.due_overdue) for r in found.rows] == [
            ("ana", *want),
            ("bo", *want),
        ]
    finally:
        store.close()


def test_the_team_view_reads_every_saved_schedule_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process's team view reads the reps' saved schedules in one read, not one a
    rep, and gives the figures it gave when it built them."""
    store = SQLiteStore(tmp_path / "log.sqlite3")
    try:
        for rep in ("ana", "bo", "cy"):
            write_practice(store, rep)
        facts = scenario_facts(load_library(include_user=False))
        first = read_team(store, facts, SystemClock())  # replays and saves each schedule
        forget_memo()  # a new process
        reads: list[list[str]] = []
        many = SQLiteStore.saved_schedules

        def counted(self: SQLiteStore, reps: list[str]) -> Any:
            reads.append(list(reps))
            return many(self, reps)

        def one_by_one(self: SQLiteStore, rep: str) -> Any:
            raise AssertionError(f"the saved schedule of {rep} read alone")

        monkeypatch.setattr(SQLiteStore, "saved_schedules", counted)
        monkeypatch.setattr(SQLiteStore, "saved_schedule", one_by_one)
        again = read_team(store, facts, SystemClock())
        assert reads == [["ana", "bo", "cy"]]
        assert [(r.rep, r.due, r.due_overdue) for r in again.rows] == [
            (r.rep, r.due, r.due_overdue) for r in first.rows
        ]
    finally:
        store.close()


def test_a_manager_reads_the_saved_schedules_a_rep_reads_alone(team_db: TeamDb) -> None:
    admin = open_store(team_db.admin_url)
    write_practice(admin, "alex")
    admin.close()
    alex = open_store(team_db.url("alex"))
    try:
        read_today(alex, load_library(include_user=False), "alex", SystemClock(), 2)  # saves
        mine = alex.saved_schedule("alex")
    finally:
        alex.close()
    morgan = open_store(team_db.url("morgan"))
    blake = open_store(team_db.url("blake"))
    try:
        assert mine is not None
        assert morgan.saved_schedules(["alex", "blake", "nobody"]) == {"alex": mine}
        assert blake.saved_schedules(["alex"]) == {}  # row-level security: their own only
    finally:
        morgan.close()
        blake.close()


# -- pair practice and the latest pair note --------------------------------------------------


def pair_call(store: Store, rep: str, partner: str, observer: str | None, comment: str) -> str:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    drill = start_drill(
        loaded,
        store,
        settings=Settings(),
        clock=SystemClock(),
        rep=rep,
        seed=1,
        mode=DrillMode.PAIR,
    )
    call = PairCall(drill, PairRoles(rep, partner, observer), store)
    call.start()
    step = loaded.scenario.step(loaded.scenario.first_step)
    for item in checklist(step)[:2]:
        call.toggle(item.id)
    call.tag(MomentTag.GREAT_LINE)
    call.tag(MomentTag.FILLER)
    call.tag(MomentTag.GREAT_LINE)
    call.take(None)
    call.end(comment)
    return drill.attempt_id


@pytest.fixture
def stores(team_db: TeamDb) -> Iterator[dict[str, PostgresStore]]:
    found = {name: PostgresStore(team_db.url(name)) for name in PASSWORDS}
    yield found
    for store in found.values():
        store.close()


def test_pair_practice_and_the_latest_pair_note_in_the_team_view(
    team_db: TeamDb, stores: dict[str, PostgresStore]
) -> None:
    pair_call(stores["alex"], "alex", "blake", None, "Earlier call.")
    alex_call = pair_call(stores["alex"], "alex", "blake", None, "Good recovery; ask sooner.")
    blake_call = pair_call(stores["blake"], "blake", "ben", "alex", "Too long on price.")

    rows = report(team_db.url("morgan", with_password=False), PASSWORDS["morgan"])
    assert sorted(rows) == ["alex", "blake"]  # "ben" is a name typed for the session
    alex, blake = rows["alex"], rows["blake"]
    assert (alex["pair_calls"], alex["partner_calls"], alex["observer_calls"]) == (2, 0, 1)
    assert (blake["pair_calls"], blake["partner_calls"], blake["observer_calls"]) == (1, 2, 0)
    assert alex["latest_pair_partner"] == "blake"
    assert alex["latest_pair_comment"] == "Good recovery; ask sooner."
    assert alex["latest_pair_ticks"] == "2 ticks in 1 answer"
    assert alex["latest_pair_tags"] == "great line 2, filler 1"
    note = stores["morgan"].pair_note(alex_call)
    assert note is not None and alex["latest_pair_human_score"] == round(note.human_score or 0, 1)
    assert blake["latest_pair_comment"] == "Too long on price."

    text = trainer(
        team_db.url("morgan", with_password=False), "team", "report", password=PASSWORDS["morgan"]
    ).stdout
    assert "with blake · partner's score" in text and "“Good recovery; ask sooner.”" in text

    # A rep's report is their own row: pair figures included.
    own = report(team_db.url("blake", with_password=False), PASSWORDS["blake"])
    assert list(own) == ["blake"] and own["blake"]["partner_calls"] == 2
    assert own["blake"]["latest_pair_comment"] == "Too long on price."
    assert stores["blake"].pair_note(blake_call) is not None


def test_who_may_read_and_write_pair_notes(
    team_db: TeamDb, stores: dict[str, PostgresStore]
) -> None:
    """The rep and the partner read a pair note; managers read all; a rep reads no one
    else's, writes only on their own calls, and deletes nothing."""
    alex, blake, morgan = stores["alex"], stores["blake"], stores["morgan"]
    with_blake = pair_call(alex, "alex", "blake", None, "Partner is blake.")
    with_ben = pair_call(alex, "alex", "ben", "cy", "Partner is ben.")

    assert morgan.pair_note(with_ben) is not None  # a manager reads all
    assert sorted(morgan.latest_pair_notes()) == ["alex"]
    assert alex.pair_note(with_ben) is not None  # the rep: their own calls
    assert blake.pair_note(with_blake) is not None  # the partner: the calls they played
    assert blake.pair_note(with_ben) is None  # anyone else: nothing
    seen = blake.latest_pair_notes()  # the latest of those blake may read
    assert [(rep, n.attempt_id) for rep, n in seen.items()] == [("alex", with_blake)]
    # blake sees their own partnering and the call they played in (its attempt is readable
    # by the partner, docs/team.md), nothing of the call with ben
    practice = {r.name: r for r in blake.team_pair_practice(START)}
    assert sorted(practice) == ["alex", "blake"] and practice["alex"].calls_as_rep == 1
    assert {r.name for r in morgan.team_pair_practice(START)} == {"alex", "blake", "ben", "cy"}

    # Writing: only the call's rep, on their own attempt; a manager writes none.
    for store, rep in ((blake, "blake"), (morgan, "morgan"), (blake, "alex")):
        with pytest.raises(StoreError, match="row-level security"):
            store.save_pair_note(PairNote(attempt_id=with_ben, rep=rep, partner="x"))
    with psycopg.connect(team_db.url("blake"), autocommit=True) as sql:
        changed = sql.execute(
            "UPDATE pair_notes SET human_score = 100, comment = 'mine now' WHERE attempt_id = %s",
            (with_blake,),
        ).rowcount
        assert changed == 0  # the partner reads it, but it stays the rep's
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("DELETE FROM pair_notes WHERE attempt_id = %s", (with_blake,))
    note = morgan.pair_note(with_blake)
    assert note is not None and note.comment == "Partner is blake."
