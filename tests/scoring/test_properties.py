"""Property-based tests: the scorer is total, bounded, deterministic and monotone."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scoring.helpers import step
from trainer.scoring.answer import Answer, TimedWord
from trainer.scoring.result import CriterionResult, GuardResult
from trainer.scoring.scorer import attempt_score, combine, score_answer

STEP = step(
    {"use": "acknowledge"},
    {"use": "clarifying-question", "weight": 2},
    {"use": "hold-price"},
    {"use": "brief-answer"},
    {"use": "advance-next-step"},
    {"use": "use-name"},
    {"use": "stay-respectful"},
    {"id": "refers", "refers_to_prospect": True},
)
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\n\t",
        "?",
        "???!!!",
        "😀🙂👍🏽",
        "שלום, מה שלומך?",
        "مرحبا كيف حالك",
        "e\u0301\u0301\u0301",
        "Z̴̡̛a̷̧l̶g̵o̸",
        "\u200b\u200d\ufeff",
        "I'm 💯 sure!",
        "'''",
        "n't n't",
        "%%%",
        " - — – ",
        "don't won't can't i'm y'all",
        "1 2 3 4 5 6 7 8 9 10",
        "\x00\x01",
    ]
)
TEXT = st.one_of(st.text(max_size=300), NASTY, st.lists(NASTY, max_size=8).map(" ".join))
settings.register_profile(
    "scoring", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150
)
settings.load_profile("scoring")


@given(TEXT, TEXT)
def test_score_is_finite_and_within_0_100_for_any_text(answer: str, prospect: str) -> None:
    result = score_answer(
        STEP, Answer.typed(answer), prospect or "Too expensive.", prospect_name="Dana Ruiz"
    )
    assert math.isfinite(result.score) and 0 <= result.score <= 100
    for e in (e for c in result.criteria for e in c.evidence):
        assert answer[e.start : e.end] == e.text


@given(TEXT)
def test_same_input_same_score(answer: str) -> None:
    a = score_answer(STEP, Answer.typed(answer), "Too expensive.")
    b = score_answer(STEP, Answer.typed(answer), "Too expensive.")
    assert a == b


def test_huge_input_does_not_crash() -> None:
    huge = "I hear you, what are you comparing it to? " * 20_000
    result = score_answer(STEP, Answer.typed(huge), "Too expensive.")
    assert 0 <= result.score <= 100
    assert any("first" in n for n in result.notes)


@given(
    st.lists(
        st.tuples(
            st.text(max_size=8),
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=30,
    ),
    st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_any_word_timings_give_finite_or_missing_delivery(
    words: list[tuple[str, float, float]], pause: float | None
) -> None:
    timed = [TimedWord(w, s, e) for w, s, e in words]
    result = score_answer(STEP, Answer.spoken(timed, pause_s=pause), "Too expensive.")
    assert 0 <= result.score <= 100
    for m in result.delivery:
        assert m.actual is None or math.isfinite(m.actual)


CRITERION = st.builds(
    lambda w, p, c: CriterionResult(id="c", label="c", weight=w, passed=p, credit=c),
    st.floats(min_value=0, max_value=10),
    st.booleans(),
    st.sampled_from([0.5, 1.0]),
)
GUARD = st.builds(
    lambda p, t: GuardResult(id="g", label="g", triggered=t, penalty=p),
    st.floats(min_value=0, max_value=100),
    st.booleans(),
)


@given(st.lists(CRITERION, min_size=1, max_size=10), st.lists(GUARD, max_size=5), st.data())
def test_meeting_one_more_criterion_never_lowers_the_score(
    criteria: list[CriterionResult], guards: list[GuardResult], data: st.DataObject
) -> None:
    missed = [i for i, c in enumerate(criteria) if not c.passed]
    if not missed:
        return
    i = data.draw(st.sampled_from(missed))
    better = list(criteria)
    better[i] = CriterionResult(
        id="c", label="c", weight=criteria[i].weight, passed=True, credit=criteria[i].credit
    )
    assert combine(better, guards) >= combine(criteria, guards)


def test_a_real_move_never_lowers_the_score_end_to_end() -> None:
    s = step({"use": "acknowledge"}, {"use": "hold-price"}, {"use": "brief-answer"})
    without = score_answer(s, Answer.typed("Let me know if anything changes."), "Too expensive.")
    with_ack = score_answer(
        s, Answer.typed("Fair enough, let me know if anything changes."), "Too expensive."
    )
    assert with_ack.score > without.score


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_attempt_score_is_finite_within_0_100(scores: list[float]) -> None:
    result = attempt_score(scores)
    assert math.isfinite(result) and 0 <= result <= 100


def test_attempt_score_is_the_mean_of_its_steps() -> None:
    assert attempt_score([100, 50, 0]) == 50
    assert attempt_score([]) == 0
