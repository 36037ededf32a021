"""Guards against gaming and bad conduct; delivery metrics beside the score."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import guards, moves_total, score, step
from trainer.scenario.format import checked
from trainer.scenario.models import DeliveryTargets
from trainer.scoring.answer import Answer, TimedWord
from trainer.scoring.scorer import score_answer

GOOD = "That's fair. Compared to what - another quote, or the budget you set?"


def test_a_good_answer_triggers_no_guard() -> None:
    assert guards(GOOD) == set()
    assert guards("yeah thats fair um what are you comparing it to") == set()


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("fair understand compare budget quote question what price", "keyword-salad"),
        ("I can give you 20% off if you sign today.", "discounting"),
        ("That's a stupid thing to say.", "rude"),
        ("Calm down, it's a fair price.", "rude"),
        ("With all due respect, you're mistaken about our price.", "arguing"),
        ("I understand, but that's not true, we're the cheapest.", "arguing"),
        ("I'm calling because I need to hit my target this month.", "pressure"),
        ("We're the industry-leading platform for this.", "about-us"),
        (
            "Great! Our platform has AI-powered dashboards, real-time analytics and two hundred "
            "integrations, and we are rated number one for three years running.",
            "ignores-prospect",
        ),
    ],
)
def test_each_guard_triggers_on_its_pattern(text: str, guard: str) -> None:
    assert guard in guards(text)


def test_a_negated_discount_is_not_discounting() -> None:
    assert "discounting" not in guards("I won't discount it, but what were you comparing it to?")


def test_rambling_is_judged_against_the_situation() -> None:
    forty = (
        "I hear you and I understand that budgets are tight and it is more than you wanted "
        "so what were you comparing it to and what did the other quote include and how "
        "did you plan to use it over the next year or so"
    )
    assert len(forty.split()) == 45
    assert "rambling" not in guards(forty)
    assert "rambling" in guards(forty, prospect="I'm walking into a meeting, make it quick.")


def test_a_long_answer_with_every_right_word_loses_to_the_short_one() -> None:
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question"}, {"use": "hold-price"})
    long = " ".join([GOOD] * 12)
    assert score(long, *rubric).score < score(GOOD, *rubric).score


def test_guard_penalties_are_reported_and_taken_off() -> None:
    result = score(
        "I hear you. I can knock 20% off. What are you comparing it to?",
        {"use": "acknowledge"},
        {"use": "clarifying-question"},
    )
    discount = next(g for g in result.guards if g.id == "discounting")
    assert discount.penalty > 0 and discount.evidence and discount.tip
    assert moves_total(result) == 100 - discount.penalty


def test_delivery_from_word_timings() -> None:
    words = [
        TimedWord(w, i * 0.4, i * 0.4 + 0.35)
        for i, w in enumerate(
            ["um", "yeah", "that's", "fair", "what", "are", "you", "comparing", "it", "to"]
        )
    ]
    words.append(TimedWord("uh", 10.0, 10.2))  # a long pause before the last word
    s = step({"use": "acknowledge"})
    result = score_answer(s, Answer.spoken(words, pause_s=1.2), s.prospect[0])
    metrics = {m.id: m for m in result.delivery}
    assert metrics["words"].actual == 9  # fillers are not content: the rubric's count too
    # per 100 of the words shown beside it (2 fillers, 9 words): one word count on the line
    assert metrics["fillers_per_100_words"].actual == 22.2
    assert metrics["fillers_per_100_words"].ok is False
    assert metrics["pause_before_answer_s"].actual == 1.2 and metrics["pause_before_answer_s"].ok
    assert metrics["questions"].actual == 1
    assert metrics["longest_run_s"].actual == pytest.approx(3.95)
    assert metrics["words_per_minute"].actual == pytest.approx(11 * 60 / 10.2, abs=0.1)
    # delivery never changes the content score
    typed = score_answer(s, Answer.typed(" ".join(w.word for w in words)), s.prospect[0])
    assert typed.score == result.score


def test_delivery_targets_come_from_step_then_scenario_then_defaults() -> None:
    s = step({"use": "acknowledge"}, delivery={"words": {"min": 1, "max": 20}})
    scenario_targets = checked(
        DeliveryTargets, {"words": {"min": 5, "max": 90}, "questions": {"min": 2}}
    )
    result = score_answer(s, Answer.typed("Fair."), s.prospect[0], scenario_targets)
    metrics = {m.id: m for m in result.delivery}
    assert (metrics["words"].target_min, metrics["words"].target_max) == (1, 20)
    assert metrics["questions"].target_min == 2
    assert metrics["fillers_per_100_words"].target_max == 4
    # typing pace and the time before the first key say nothing about a call: not shown
    assert "pause_before_answer_s" not in metrics and "words_per_minute" not in metrics


def test_every_delivery_figure_names_its_unit_once_where_a_rep_reads_it() -> None:
    """A spoken answer that cut in (every figure the scorer reports) as the app's feedback
    and `trainer score` print it: "Words 9", never "Words 9 words"."""
    from dataclasses import replace

    from trainer.scoring.format import format_breakdown
    from trainer.tui.render import delivery_metric

    words = [TimedWord(w, i * 0.4, i * 0.4 + 0.35) for i, w in enumerate(GOOD.split())]
    s = step({"use": "acknowledge"})
    answer = replace(Answer.spoken(words, pause_s=1.2), cut_in_s=0.5)
    result = score_answer(s, answer, s.prospect[0])
    assert {m.id for m in result.delivery} >= {"words", "words_per_minute", "cut_in_s"}
    printed = format_breakdown(result).splitlines()
    for metric in result.delivery:
        shown = [str(delivery_metric(metric))] + [
            line for line in printed if line.strip()[2:].startswith(f"{metric.label}:")
        ]
        assert len(shown) == 2, (metric, printed)
        for text in shown:
            said = text.lower().replace(":", "").split()
            last = metric.label.lower().split()[-1]
            assert said.count(last) == metric.label.lower().split().count(last), text


@pytest.mark.parametrize(
    ("times", "ok"),
    [(1, True), (3, True), (4, False), (500, False)],
)
def test_a_question_said_over_and_over_gets_no_tick(times: int, ok: bool) -> None:
    """ "Questions about them 500 ✓" praised a pasted ramble: one to three questions in an
    answer is on target, more shows ✗ with the target, as `trainer score` prints it."""
    from trainer.scoring.format import format_breakdown

    s = step({"use": "clarifying-question"})
    text = " ".join(["What are you comparing it to?"] * times)
    result = score_answer(s, Answer.typed(text), s.prospect[0])
    questions = next(m for m in result.delivery if m.id == "questions")
    assert questions.actual == times and questions.ok is ok
    mark = "✓" if ok else "✗"
    target = "target 1-3"
    assert f"{mark} Questions about them: {times}  ({target})" in format_breakdown(result)


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ({"min": 2}, (2, 3)),  # a floor keeps the default's ceiling
        ({"min": 0}, (0, 3)),
        ({"min": 5}, (5, 5)),  # a floor above it is its own ceiling
        ({"min": 1, "max": 8}, (1, 8)),  # the author's own ceiling stands
        ({"max": 2}, (None, 2)),
    ],
)
def test_a_questions_floor_without_a_ceiling_still_caps_repeated_questions(
    target: dict[str, int], shown: tuple[int | None, int]
) -> None:
    """`questions: {min: N}` used to show ✓ for 500 repeated questions."""
    s = step({"use": "acknowledge"}, delivery={"questions": target})
    text = " ".join(["What are you comparing it to?"] * 500)
    result = score_answer(s, Answer.typed(text), s.prospect[0])
    questions = next(m for m in result.delivery if m.id == "questions")
    assert (questions.target_min, questions.target_max) == shown
    assert questions.actual == 500 and questions.ok is False
