"""One vocabulary: every result and kind has its reader's word, used by the CLI and the app."""

from __future__ import annotations

from trainer.practice.rules import AttemptResult
from trainer.scenario.models import Kind
from trainer.words import RESULT_WORDS, kind_word, of_goal, result_word


def test_every_result_has_a_word_and_ended_early_is_the_one_name() -> None:
    assert set(RESULT_WORDS) == {r.value for r in AttemptResult}
    assert result_word(AttemptResult.ABANDONED) == "ended early"
    assert result_word("callback") == "call back" and result_word("win") == "won"


def test_kinds_read_as_words() -> None:
    assert kind_word(Kind.COLD_CALL.value) == "cold call"
    assert all("_" not in kind_word(k.value) for k in Kind)


def test_practice_time_against_the_goal_has_one_format() -> None:
    assert of_goal(0, 20) == "0 of 20 min"
    assert of_goal(23 / 60, 20) == "0.4 of 20 min"  # never "23 s of 20 min"
    assert of_goal(1 / 600, 20) == "0.1 of 20 min"  # a first short drill never reads as 0
    assert of_goal(7.46, 20) == "7.5 of 20 min" and of_goal(25.2, 20) == "25 of 20 min"
    assert of_goal(8.01, 20) == "8 of 20 min"  # no "8.0": whole minutes read whole


def test_a_refused_setting_is_explained_in_plain_words() -> None:
    import pydantic

    from trainer.settings import Settings, changed, refused_value

    for value, words in (("abc", "type a whole number"), ("0", "must be at least")):
        try:
            changed(Settings(), daily_goal_minutes=value)
        except pydantic.ValidationError as exc:
            assert refused_value(exc.errors()[0]).startswith(words)
        else:
            raise AssertionError(f"{value!r} was accepted")
