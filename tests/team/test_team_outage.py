"""The team server goes down in the middle of a drill, on the real server: nothing the rep
typed is logged against a line they never saw, turns stay consecutive, the call ends cleanly
once the server is back, and what the rep is told is true."""

from __future__ import annotations

import io
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TextIO, cast

import psycopg
import pytest

from trainer.clock import SystemClock
from trainer.drill.run import Drill, EndOfCall, ProspectTurn, start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.base import ServerUnreachable, StoreError
from trainer.store.postgres import CANNOT_REACH, PostgresStore, connect
from trainer.store.records import AttemptStatus

from .conftest import PASSWORDS, TRAINER, TeamDb, trainer
from .pg_server import free_port

pytestmark = pytest.mark.real_part

ANSWERS = (
    "That's fair. Compared to what, another quote or the budget you set?",
    "What does their quote include for re-planning?",
    "Could we book 20 minutes Thursday to compare?",
)


@pytest.fixture
def blake(team_db: TeamDb) -> Iterator[PostgresStore]:
    store = PostgresStore(team_db.url("blake"))
    yield store
    store.close()


def _drill(store: PostgresStore) -> Drill:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    drill = start_drill(loaded, store, settings=Settings(), clock=SystemClock(), seed=1)
    drill.start()
    return drill


def _logged(team_db: TeamDb, attempt_id: str) -> list[tuple[int, str, str, str]]:
    with psycopg.connect(team_db.admin_url) as conn:
        rows = conn.execute(
            "SELECT seq, step_id, prospect_line, answer_text FROM turns "
            "WHERE attempt_id = %s ORDER BY seq",
            (attempt_id,),
        ).fetchall()
    return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def test_an_answer_sent_during_an_outage_goes_to_the_line_the_rep_saw(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    drill = _drill(blake)
    drill.answer_typed(ANSWERS[0])
    seen = drill.view().current
    assert isinstance(seen, ProspectTurn)

    with team_db.server.down(), pytest.raises(StoreError) as failed:
        drill.answer_typed(ANSWERS[1])
    said = str(failed.value)
    assert "Cannot reach the team server" in said
    assert "Nothing from this write was saved" in said
    assert "reconnects on the next try" in said
    # The rep still sees the line they were answering, and nothing else moved on.
    view = drill.view()
    assert view.current == seen
    assert view.answers == 1 and not view.finished

    # The server is back: the same answer, sent again, is logged against that line.
    outcome = drill.answer_typed(ANSWERS[1])
    assert (outcome.seq, outcome.step_id, outcome.prospect_line) == (2, seen.step_id, seen.line)
    n = 2
    while not drill.view().finished:
        n += 1
        drill.answer_typed(ANSWERS[min(n - 1, len(ANSWERS) - 1)])
    logged = _logged(team_db, drill.attempt_id)
    assert [seq for seq, *_ in logged] == list(range(1, n + 1))
    assert logged[1] == (2, seen.step_id, seen.line, ANSWERS[1])

    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert ended.attempt.score == drill.view().score
    assert blake.health_problems() == []


def test_the_answer_that_ends_the_call_is_logged_with_the_end_once_the_server_is_back(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    """The last answer and the call's end are one write: an outage never leaves the answer
    logged but the call open (later read as unfinished, with no score)."""
    drill = _drill(blake)
    for text in ANSWERS[:2]:
        drill.answer_typed(text)
    last = drill.view().current
    assert last is not None and last.step_id == "value-case"

    with team_db.server.down(), pytest.raises(StoreError, match="Nothing from this write"):
        drill.answer_typed(ANSWERS[2])
    assert drill.view().current == last and not drill.view().finished
    assert len(_logged(team_db, drill.attempt_id)) == 2

    outcome = drill.answer_typed(ANSWERS[2])
    assert isinstance(outcome.next, EndOfCall)
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None
    assert ended.attempt.status is AttemptStatus.FINISHED
    assert [t.seq for t in ended.turns] == [1, 2, 3]
    assert ended.attempt.score == drill.view().score


def test_ending_the_call_during_an_outage_can_be_done_again_once_the_server_is_back(
    team_db: TeamDb, blake: PostgresStore
) -> None:
    drill = _drill(blake)
    drill.answer_typed(ANSWERS[0])
    with team_db.server.down(), pytest.raises(StoreError, match="Nothing from this write"):
        drill.end()
    assert not drill.finished
    drill.end()
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.ABANDONED
    assert ended.attempt.score == drill.view().score


def _turns(team_db: TeamDb) -> int:
    with psycopg.connect(team_db.admin_url) as conn:
        found = conn.execute("SELECT count(*) FROM turns").fetchone()
    return int(found[0]) if found else 0


def _wait_for_turns(team_db: TeamDb, count: int) -> None:
    deadline = time.monotonic() + 30
    while _turns(team_db) < count:
        assert time.monotonic() < deadline, "the answer was never logged"
        time.sleep(0.1)


def test_a_piped_plain_drill_sends_the_answer_again_once_the_server_is_back(
    team_db: TeamDb,
) -> None:
    env = {**os.environ, "PGPASSWORD": PASSWORDS["blake"], "PGPASSFILE": "/nonexistent"}
    url = team_db.url("blake", with_password=False)
    with subprocess.Popen(
        [TRAINER, "--db", url, "drill", "objection/too-expensive", "--plain", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as run:
        assert run.stdin is not None
        run.stdin.write(ANSWERS[0] + "\n")
        run.stdin.flush()
        _wait_for_turns(team_db, 1)
        with team_db.server.down():
            run.stdin.write(ANSWERS[1] + "\n")
            run.stdin.flush()
            time.sleep(2.5)  # a try or two fails while the server is down
        run.stdin.write(ANSWERS[2] + "\n")
        out, err = run.communicate(timeout=90)
    assert run.returncode == 0, out + err  # the call reached its end
    assert "(the answer was not saved: trying again in 1 s)" in out
    assert "Traceback" not in err
    with psycopg.connect(team_db.admin_url) as conn:
        rows = conn.execute(
            "SELECT t.seq, t.answer_text, a.status FROM turns t JOIN attempts a "
            "ON a.id = t.attempt_id ORDER BY t.seq"
        ).fetchall()
    assert [(seq, text) for seq, text, _ in rows] == list(enumerate(ANSWERS, 1))
    assert {status for *_, status in rows} == {"finished"}


class _Terminal:
    """A rep at a terminal: each line typed after the drill asks; `then` runs just before
    the line at that index is read (the server goes down, comes back)."""

    def __init__(self, lines: list[str], then: dict[int, Callable[[], object]]) -> None:
        self.lines, self.then, self.read = lines, then, 0

    def readline(self) -> str:
        if (act := self.then.get(self.read)) is not None:
            act()
        self.read += 1
        return self.lines[self.read - 1] + "\n" if self.read <= len(self.lines) else ""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_answer_is_kept_and_enter_sends_it_again(
    team_db: TeamDb, blake: PostgresStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.commands.drill import run_plain

    drill = _drill_unstarted(blake)
    outage = ExitStack()
    terminal = _Terminal(
        [ANSWERS[0], ANSWERS[1], "", ANSWERS[2]],
        {1: lambda: outage.enter_context(team_db.server.down()), 2: outage.close},
    )
    out = io.StringIO()
    with outage:  # the server is up again however the drill went
        code = run_plain(drill, cast(TextIO, terminal), out)
    said, err = out.getvalue(), capsys.readouterr().err
    assert "Cannot reach the team server" in err and "reconnects on the next try" in err
    assert "(your answer is kept: press Enter to send it again" in said
    assert code == 0 and drill.finished
    ended = blake.attempt(drill.attempt_id)
    assert ended is not None and ended.attempt.status is AttemptStatus.FINISHED
    assert [t.answer_text for t in ended.turns] == list(ANSWERS)
    assert [t.seq for t in ended.turns] == [1, 2, 3]


def _drill_unstarted(store: PostgresStore) -> Drill:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    return start_drill(loaded, store, settings=Settings(), clock=SystemClock(), seed=1)


def test_a_plain_drill_with_the_server_down_is_one_line(team_db: TeamDb) -> None:
    """Not a warning that the library is the last copy and then the same failure again."""
    port = free_port()  # nothing listens there
    done = trainer(
        f"postgresql://blake@127.0.0.1:{port}/trainer",
        "drill",
        "objection/too-expensive",
        "--plain",
        password=PASSWORDS["blake"],
        stdin=ANSWERS[0] + "\n",
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"trainer: Cannot reach the team server at 127.0.0.1:{port} to log in (connection "
        "refused): is the team server running? Check the --db URL and the network."
    ]


def test_the_last_answer_sent_again_after_a_lost_acknowledgement_is_logged_once(
    blake: PostgresStore,
) -> None:
    """The write reached the server but its answer never came back: sent again (the same
    turn), it neither logs the answer twice nor fails on the call it already ended."""
    from datetime import UTC, datetime

    from tests.store import logdata
    from trainer.store.records import AttemptEnd

    attempt = logdata.attempt(rep="blake", started_at=datetime.now(UTC))
    blake.start_attempt(attempt)
    last = logdata.turn(attempt, 1, 80.0)
    end = AttemptEnd(AttemptStatus.FINISHED, datetime.now(UTC), "win", "meeting-booked", 80.0)
    blake.log_turn(last, end)
    blake.log_turn(last, end)  # sent again
    ended = blake.attempt(attempt.id)
    assert ended is not None and len(ended.turns) == 1
    assert ended.attempt.status is AttemptStatus.FINISHED and ended.attempt.score == 80.0


def test_a_server_gone_from_the_network_before_a_write_is_out_of_reach() -> None:
    """Reconnecting to log a turn when the host no longer resolves is the server out of reach
    (so the drill keeps the answer and tries again), not a refusal of the write."""
    with pytest.raises(ServerUnreachable) as caught:
        connect(
            "postgresql://ana@no-such-host.invalid/trainer", action="log the turn", writing=True
        )
    said = str(caught.value)
    assert said.startswith(CANNOT_REACH) and "to log the turn (unknown host name)" in said
