"""A typed answer's pause and answering time, worked out from the keyboard's timestamps."""

from __future__ import annotations

from trainer.scoring.answer import Answer


def test_the_pause_runs_to_the_first_key_and_the_answering_time_from_it_to_sending() -> None:
    answer = Answer.typed_at("Fair point.", line_shown_at=10.0, first_key_at=11.5, sent_at=15.5)
    assert (answer.pause_s, answer.duration_s, answer.input_kind) == (1.5, 4.0, "typed")


def test_without_a_keystroke_both_times_are_unknown() -> None:
    answer = Answer.typed_at("Fair point.", line_shown_at=10.0, first_key_at=None, sent_at=15.0)
    assert answer.pause_s is None and answer.duration_s is None


def test_typing_before_the_line_appeared_counts_as_no_pause() -> None:
    answer = Answer.typed_at("Fair point.", line_shown_at=None, first_key_at=3.0, sent_at=5.0)
    assert (answer.pause_s, answer.duration_s) == (0.0, 2.0)


def test_a_clock_running_backwards_never_gives_negative_times() -> None:
    answer = Answer.typed_at("Fair point.", line_shown_at=10.0, first_key_at=9.0, sent_at=8.0)
    assert (answer.pause_s, answer.duration_s) == (0.0, 0.0)
