"""A drilling process for durability tests: logs turns and reports each one once committed.

    python child_logger.py DB REP TURNS START_AT

Waits until the wall clock reaches START_AT (so that several children write at once),
starts an attempt, prints `attempt <id>`, then logs TURNS turns (0: until killed),
printing `turn <id>` after each `log_turn` has returned, and `done` at the end.
"""

from __future__ import annotations

import sys
import time

import logdata  # this script's folder is on sys.path

from trainer.store.sqlite import SQLiteStore


def main() -> None:
    db, rep, turns, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    store = SQLiteStore(db, busy_timeout_s=30)
    time.sleep(max(0.0, start_at - time.time()))
    attempt = logdata.attempt(rep=rep)
    store.start_attempt(attempt)
    print("attempt", attempt.id, flush=True)
    seq = 0
    while turns == 0 or seq < turns:
        seq += 1
        turn = logdata.turn(attempt, seq, score=float(seq % 100))
        store.log_turn(turn)
        print("turn", turn.id, flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
