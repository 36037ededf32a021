"""Progress's score trends read "best" as every screen does: a call played to its end. A
scenario practised only in calls ended early has no best ("—", as the Library and Compare
say), in the narrow layout and the wide one alike."""

from __future__ import annotations

from trainer.store.records import ScoreTrend
from trainer.tui.screens.progress import trend_lines

TRENDS = [
    ScoreTrend("s/early", "Ended early only", 2, None, [100.0, 40.0]),
    ScoreTrend("s/out", "Played out", 2, 75.0, [75.0, 90.0]),
]


def test_no_best_until_a_call_is_played_to_its_end_narrow() -> None:
    lines = trend_lines(TRENDS, 40).plain.splitlines()
    assert lines[1].startswith("  last 40 · best —")  # not the ended-early 100
    assert lines[3].startswith("  last 90 · best 75")


def test_no_best_until_a_call_is_played_to_its_end_wide() -> None:
    lines = trend_lines(TRENDS, 80).plain.splitlines()
    assert lines[1].split()[-2:] == ["40", "—"]
    assert lines[2].split()[-2:] == ["90", "75"]
