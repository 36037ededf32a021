"""A rep reads whole points that add up: the moves' points, less the guards' and the points
held back, are the score shown (trainer.scoring.points), in the app's feedback, `trainer
score` and the plain drill's breakdown."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from trainer.scoring.format import format_breakdown, move_points
from trainer.scoring.points import apportion, held_back, whole
from trainer.scoring.result import CriterionResult, GuardResult, TurnScore
from trainer.scoring.scorer import combine

from .helpers import score
from .test_score_command import run, scenario_dir  # noqa: F401 (a fixture)


def _added_up(result: TurnScore) -> tuple[int, int]:
    """(moves - guards - held back, the score shown), from the breakdown a rep reads."""
    text = format_breakdown(result)
    assert not re.search(r"\d\.\d", text.split("Delivery")[0]), text  # no fractions
    earned = sum(int(m) for m in re.findall(r": (\d+) of \d+ points?", text))
    guards = sum(int(m) for m in re.findall(r"minus (\d+) points", text))
    held = sum(int(m) for m in re.findall(r"(\d+) points? held back", text))
    shown = int(re.search(r"Score: (\d+)/100", text)[1])  # type: ignore[index]
    return earned - guards - held, shown


def test_a_thin_answer_has_whole_points_held_back_and_the_points_add_up() -> None:
    result = score(
        "Fair. What are you comparing it to?",
        {"use": "acknowledge"},
        {"use": "clarifying-question"},
        {"use": "hold-price"},
    )
    notes = [n for n in result.notes if "held back" in n]
    assert notes and re.match(r"[12] points? held back: ", notes[0]), notes
    assert held_back(result) in (1, 2)
    added, shown = _added_up(result)
    assert added == shown == whole(result.score)


def test_three_equal_moves_are_worth_100_between_them_and_add_up() -> None:
    result = score(
        "That's fair, I hear you. What are you comparing it to? Shall we book Tuesday?",
        {"use": "acknowledge", "weight": 1},
        {"use": "clarifying-question", "weight": 1},
        {"use": "next-step", "weight": 1},
    )
    worths = [p for _, _, p in move_points(result)]
    assert sum(worths) == 100 and sorted(worths) == [33, 33, 34]
    added, shown = _added_up(result)
    assert added == shown


def test_halves_round_up_everywhere() -> None:
    assert [whole(x) for x in (72.5, 73.5, 0.5, 0.49, 99.95)] == [73, 74, 1, 0, 100]


@given(
    st.lists(
        st.tuples(st.floats(0.1, 10), st.booleans(), st.floats(0, 1), st.sampled_from([0, 10, 15])),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, 2),
)
@example(  # 37.5 shown as 38 by a move worth 37.48: its worth must show 38 too
    [
        (2.0, False, 0.0, 0),
        (2.0, True, 1.0, 0),
        (0.7734375, False, 0.0, 0),
        (0.375, False, 0.0, 0),
        (0.1875, False, 0.0, 0),
    ],
    0,
)
def test_the_moves_points_always_add_up_to_the_score_shown(
    moves: list[tuple[float, bool, float, int]], held: int
) -> None:
    criteria = tuple(
        CriterionResult(f"m{i}", f"move {i}", weight, passed, credit=credit)
        for i, (weight, passed, credit, _) in enumerate(moves)
    )
    guards = tuple(
        GuardResult(f"g{i}", f"guard {i}", True, penalty=float(p))
        for i, (*_, p) in enumerate(moves)
        if p
    )
    total = combine(criteria, guards)
    result = TurnScore(score=round(max(0.0, total - held), 1), criteria=criteria, guards=guards)
    shown = move_points(result)
    assert sum(p for _, _, p in shown) == 100
    assert all(0 <= e <= p for _, e, p in shown)
    if result.score > 0:
        penalties = sum(int(g.penalty) for g in guards)
        assert sum(e for _, e, _ in shown) - penalties - held_back(result) == whole(result.score)


def test_apportion_keeps_the_caps() -> None:
    assert apportion([14.3, 14.3, 71.4], 100, [15, 15, 72]) == [14, 14, 72]
    assert sorted(apportion([33.4, 33.3, 33.3], 100, [34, 34, 34])) == [33, 33, 34]
    assert apportion([10.6, 0.0], 12, [11, 0]) == [11, 0]  # no move above its worth


def _sums(text: str) -> tuple[int, int]:
    """(moves - guards - held back, score) as written in any breakdown (CLI or app)."""
    earned = sum(int(m) for m in re.findall(r"\b(\d+) of \d+ points?", text))
    guards = sum(int(m) for m in re.findall(r"minus (\d+) points", text))
    held = sum(int(m) for m in re.findall(r"(\d+) points? held back", text))
    shown = int(re.search(r"Score:? (\d+)/100", text)[1])  # type: ignore[index]
    return earned - guards - held, shown


def test_trainer_score_and_the_apps_feedback_show_whole_points_that_add_up(
    scenario_dir: Path,
) -> None:
    """A thin answer with an unequal rubric (worths 20, 40, 20, 20): `trainer score` and the
    app's feedback read whole points, one held back, and they add up to the score."""
    from trainer.scenario.library import load_library
    from trainer.scoring.answer import Answer
    from trainer.scoring.scorer import score_answer
    from trainer.tui.render import feedback

    answer = "Fair. Compared to what?"
    code, out = run(scenario_dir, "--scenario", "test/price", "--text", answer)
    assert code == 0, out
    assert "held back" in out and not re.search(r"\d\.\d+ points?", out), out
    added, shown = _sums(out)
    assert added == shown

    library = load_library([scenario_dir], include_user=False, cache=False)
    step = library.get("test/price").scenario.steps[0]
    result = score_answer(step, Answer.typed(answer), step.prospect[0])
    text = feedback(result).plain
    assert "held back" in text and not re.search(r"\d\.\d+ points?", text), text
    assert _sums(text) == (shown, shown)


def test_an_answer_at_its_floor_shows_the_moves_it_earned_and_a_whole_floor() -> None:
    """Rude and arguing: the penalties take all the moves earned and the score is its floor;
    the moves shown add up to what the note says they earned, and the note's floor is the
    score shown."""
    result = score(
        "Look, you're wrong, that's not true, our price is fine you idiot.",
        {"use": "acknowledge"},
        {"use": "clarifying-question"},
        {"use": "hold-price"},
        {"use": "brief-answer"},
    )
    text = format_breakdown(result)
    note = re.search(r"Scored its floor, (\d+): .*moves earned \((\d+) points\)", text)
    assert note is not None, text
    earned = sum(int(m) for m in re.findall(r": (\d+) of \d+ points?", text))
    assert int(note[2]) == earned > 0
    assert f"Score: {note[1]}/100" in text and 0 < int(note[1]) < 5
