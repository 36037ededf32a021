"""Recordings in the attempt view: shown under spoken answers, `]` picks one, `p` plays it
through the real sound server (a PulseAudio null sink whose monitor the test records) and
`p` again stops it; deleted recordings and typed attempts get a plain message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.speech.conftest import pulse_env  # noqa: F401 - fixture
from tests.speech.test_speech_playback import (  # noqa: F401 - fixture
    Monitor,
    loud,
    pitched,
    speakers,
    tone,
)
from tests.tui.conftest import BUDGET_LINE, GOOD, NOW, REP, _score, pilot_test, settle
from trainer.scoring.answer import InputKind
from trainer.store.records import AttemptRecord, AttemptStatus, TurnRecord
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import NO_RECORDINGS_OFF, NO_RECORDINGS_TYPED, AttemptScreen

SPOKEN_ID = "09" + "0" * 30
TYPED_ID = "05" + "0" * 30  # from the fixed log: one typed answer


def add_spoken_attempt(db: Path, audio: list[Path | None]) -> list[str]:
    """A spoken attempt with one turn per entry of `audio` (None: recording was off)."""
    from trainer.scenario.library import load_library
    from trainer.store.open import open_store

    library = load_library([], include_user=False, shipped_dir=Path("scenarios"))
    store = open_store(str(db))
    turn_ids = []
    try:
        started = NOW - timedelta(hours=1)
        store.start_attempt(
            AttemptRecord(
                id=SPOKEN_ID,
                rep=REP,
                scenario_id="tui/budget",
                scenario_version=1,
                scenario_hash=library.scenarios["tui/budget"].sha256,
                scenario_title="We don't have the budget",
                seed=1,
                started_at=started,
            )
        )
        for seq, path in enumerate(audio, start=1):
            turn_id = f"09{seq:02d}" + "1" * 28
            store.log_turn(
                TurnRecord(
                    id=turn_id,
                    attempt_id=SPOKEN_ID,
                    seq=seq,
                    step_id="pushback",
                    prospect_line=BUDGET_LINE,
                    answer_text=GOOD,
                    input_kind=InputKind.SPOKEN,
                    result=_score(GOOD, 100.0),
                    pause_s=0.8,
                    duration_s=3.0,
                    audio_path=str(path) if path else None,
                    created_at=started + timedelta(seconds=30 * seq),
                )
            )
            turn_ids.append(turn_id)
        store.finish_attempt(
            SPOKEN_ID, AttemptStatus.FINISHED, started + timedelta(minutes=3), "win", None, 100.0
        )
    finally:
        store.close()
    return turn_ids


async def open_attempt(pilot: Pilot[Any], attempt_id: str) -> AttemptScreen:
    await settle(pilot)
    pilot.app.push_screen(AttemptScreen(attempt_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AttemptScreen)
    return screen


def line(screen: AttemptScreen, turn_id: str) -> str:
    from textual.widgets import Static

    return str(screen.query_one(f"#rec-{turn_id}", Static).render())


def footer_keys(screen: AttemptScreen) -> list[str]:
    return [
        b.binding.description
        for b in screen.active_bindings.values()
        if b.binding.show and b.enabled
    ]


def notes(app: TrainerApp) -> list[str]:
    return [f"{n.title}: {n.message}" if n.title else n.message for n in app._notifications]


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str) -> None:
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.real_part
@pilot_test
async def test_p_plays_the_selected_recording_and_p_again_stops_it(
    make_app: Callable[..., TrainerApp],
    tui_env: Path,
    speakers: dict[str, str],
) -> None:
    first = tone(tui_env / "first.wav", (0.8, 440))
    second = tone(tui_env / "second.wav", (4.0, 880))
    app = make_app()
    turn1, turn2 = add_spoken_attempt(tui_env / "log.sqlite3", [first, second])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_attempt(pilot, SPOKEN_ID)
        assert line(screen, turn1) == "▶ recording 0.8 s  p plays"  # the first is selected
        assert line(screen, turn2) == "▶ recording 4.0 s"
        assert {"Play recording", "Next recording"} <= set(footer_keys(screen))
        palette = [c.title for c in app.get_system_commands(screen)]
        assert {"Play recording", "Next recording"} <= set(palette)

        await pilot.press("right_square_bracket")  # pick the second answer's recording
        assert line(screen, turn2) == "▶ recording 4.0 s  p plays"
        assert line(screen, turn1) == "▶ recording 0.8 s"

        monitor = Monitor(speakers)
        await pilot.press("p")
        request = screen.playing
        assert request is not None and request.path == str(second)
        await until(
            pilot,
            lambda: request.playback is not None and request.playback.position_s >= 1.0,
            "a second of playback",
        )
        assert line(screen, turn2).startswith("■ playing ")
        assert line(screen, turn2).endswith(" / 4.0 s  p stops")
        await pilot.press("p")  # stop
        await until(pilot, lambda: screen.playing is None, "the playback to stop")
        heard = loud(monitor.stop())
        assert line(screen, turn2) == "▶ recording 4.0 s  p plays"
        assert pitched(heard[2:-2], 880)  # the second recording, not the first
        assert 0.5 <= len(heard) / 100 < 3.5  # and cut short, not played to its end
        assert not [n for n in notes(app) if "Cannot play" in n]

        monitor = Monitor(speakers)  # `[` back to the first; it plays to the end by itself
        await pilot.press("left_square_bracket", "p")
        await until(pilot, lambda: screen.playing is None, "the first recording to end")
        heard = loud(monitor.stop())
        assert pitched(heard[2:-2], 440) and 0.7 <= len(heard) / 100 <= 0.9


@pilot_test
async def test_a_deleted_recording_is_marked_and_p_says_why_it_cannot_play(
    make_app: Callable[..., TrainerApp],
    tui_env: Path,
) -> None:
    from trainer.speech.recorder import write_wav

    kept = write_wav(tui_env / "kept.wav", b"\0\0" * 8000, 16000)
    deleted = write_wav(tui_env / "deleted.wav", b"\0\0" * 8000, 16000)
    app = make_app()
    turn1, turn2 = add_spoken_attempt(tui_env / "log.sqlite3", [deleted, kept])
    deleted.unlink()  # as retention or `trainer forget` would
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_attempt(pilot, SPOKEN_ID)
        assert line(screen, turn1) == "✗ recording deleted (retention or trainer forget)"
        assert line(screen, turn2) == "▶ recording 0.5 s"
        await pilot.press("p")  # the first (deleted) one is selected
        await until(pilot, lambda: screen.playing is None, "the playback attempt to end")
        await settle(pilot)
        shown = notes(app)
        assert any(
            n.startswith("Cannot play: the recording deleted.wav is gone")
            and "Fix: nothing to play for this answer" in n
            for n in shown
        ), shown


@pilot_test
async def test_a_typed_attempt_says_it_has_no_recordings(
    make_app: Callable[..., TrainerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_attempt(pilot, TYPED_ID)
        assert "Play recording" not in footer_keys(screen)  # nothing to play: not offered
        assert not screen.query(".recording")
        await pilot.press("p")
        await settle(pilot)
        assert NO_RECORDINGS_TYPED in notes(app)


@pilot_test
async def test_a_spoken_attempt_recorded_with_recording_off_says_so(
    make_app: Callable[..., TrainerApp],
    tui_env: Path,
) -> None:
    app = make_app()
    add_spoken_attempt(tui_env / "log.sqlite3", [None])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_attempt(pilot, SPOKEN_ID)
        await pilot.press("p")
        await settle(pilot)
        assert NO_RECORDINGS_OFF in notes(app)
