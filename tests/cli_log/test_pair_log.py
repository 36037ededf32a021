"""A pair call as the log commands show it: marked in history, its notes in `show`, its
ticks, tags and comment in both exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from tests.cli_log.cli_run import Run
from trainer.clock import FixedClock
from trainer.drill.pair import MomentTag, PairCall, PairRoles, checklist
from trainer.drill.run import start_drill
from trainer.scenario.library import load_library
from trainer.settings import Settings
from trainer.store.open import open_store
from trainer.store.records import DrillMode


def log_pair_call(db: Path) -> str:
    loaded = load_library(include_user=False).get("objection/too-expensive")
    store = open_store(str(db))
    try:
        drill = start_drill(
            loaded,
            store,
            settings=Settings(),
            rep="ana",
            seed=1,
            clock=FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC)),
            mode=DrillMode.PAIR,
        )
        call = PairCall(drill, PairRoles("ana", "ben", "cy"), store)
        call.start()
        step = loaded.scenario.step(loaded.scenario.first_step)
        call.toggle(checklist(step)[0].id)
        call.tag(MomentTag.FILLER)
        call.take(None)
        call.end("Slow down after the price.")
        return drill.attempt_id
    finally:
        store.close()


def test_history_show_and_exports_carry_the_pair_notes(trainer: Run, db: Path) -> None:
    attempt_id = log_pair_call(db)
    history = trainer("history")
    assert history.returncode == 0 and "objection/too-expensive (pair)" in history.stdout
    shown = trainer("show", attempt_id[:8])
    assert shown.returncode == 0, shown.stderr
    assert "partner ben, observed by cy" in shown.stdout
    assert "tag" in shown.stdout and "filler" in shown.stdout
    assert "Comment   Slow down after the price." in shown.stdout
    rows = list(csv.DictReader(io.StringIO(trainer("export", "--format", "csv").stdout)))
    assert rows[0]["pair_partner"] == "ben" and rows[0]["pair_comment"].startswith("Slow")
    assert rows[0]["pair_tags"].startswith("filler@") and rows[0]["pair_ticks"]
    exported = json.loads(trainer("export", "--format", "json").stdout)
    attempt = exported["attempts"][0]
    assert attempt["mode"] == "pair" and attempt["pair_observer"] == "cy"
    assert attempt["turns"][0]["pair_ticks"] == rows[0]["pair_ticks"].split(";")
