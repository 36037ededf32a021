"""A spoken answer scores like the same words typed. Speech recognition gives lower-case words
with no punctuation (and numbers as words), so every shipped model answer, said that way,
must earn the moves, guards and score it earns typed; and the questions a rep asks aloud
("...it's alex from routewise did i catch you at a bad time") are heard as questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scoring.helpers import passed
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import Scenario, Step
from trainer.scoring.answer import Answer, TimedWord
from trainer.scoring.detectors import find_questions
from trainer.scoring.facts import FactsSoFar
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
# A transcript has no sentence ends, so a question reaches on into the words after it and the
# opening "sentence" is the whole answer; still, every model answer earns the same spoken and
# typed. ("IT" heard as "it" costs nothing: "it" is a stop word either way.
# just-send-pricing:the-details once earned more spoken, its "that helps i'll send..." played
# back across what typed is two sentences, until "That helps." alone acknowledged.)


_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _said(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    return _ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " and " + _said(n % 100))


def _number_aloud(m: re.Match[str]) -> str:
    """ "25" is said "twenty five"; a phone number ("0161 496 0732") digit by digit."""
    digits = m.group()
    before, after = m.string[: m.start()], m.string[m.end() :]
    phone = (
        digits.startswith("0")
        or len(digits) > 3
        or re.search(r"\d[ ,.]*$", before) is not None
        or re.match(r"[ ,.]*\d", after) is not None
    )
    return " ".join(_ONES[int(d)] for d in digits) if phone else _said(int(digits))


def transcript(text: str) -> Answer:
    """The words as a speech model writes them, a word every 0.4 s."""
    aloud = re.sub(r"\d+", _number_aloud, text.replace("\u2019", "'").lower())
    words = re.findall(r"[a-z']+", aloud)
    return Answer.spoken(
        [TimedWord(w, 0.4 * k, 0.4 * k + 0.3) for k, w in enumerate(words)], pause_s=0.5
    )


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _scored(s: Scenario, step: Step, answer: Answer) -> TurnScore:
    uncovered = frozenset(f.id for f in s.facts if f.unlock is not None)
    return score_answer(
        step,
        answer,
        step.prospect[0],
        s.delivery,
        prospect_name=s.persona.name or None,
        facts=FactsSoFar(tuple(s.facts), uncovered),
    )


def _earned(result: TurnScore) -> dict[str, object]:
    return {
        "moves": {c.id: round(c.weight * c.credit, 1) for c in result.criteria if c.passed},
        "guards": sorted(g.id for g in result.guards if g.triggered),
        "score": round(result.score),
    }


def _earns_less(spoken: TurnScore, typed: TurnScore) -> bool:
    lost = typed.passed - spoken.passed
    return bool(lost) or round(spoken.score) < round(typed.score)


def test_every_shipped_model_answer_spoken_earns_what_it_earns_typed(library: Library) -> None:
    differ = {}
    less = []
    for loaded in library.scenarios.values():
        s = loaded.scenario
        for step in s.steps:
            key = f"{s.id}:{step.id}"
            typed = _scored(s, step, Answer.typed(step.model_answer))
            spoken = _scored(s, step, transcript(step.model_answer))
            if _earned(typed) != _earned(spoken):
                differ[key] = f"typed {_earned(typed)}, spoken {_earned(spoken)}"
            if _earns_less(spoken, typed):
                less.append(key)
    assert less == []
    assert differ == {}


def test_the_transcript_is_what_a_speech_model_writes() -> None:
    answer = transcript("Hi Kwame, it's Alex. Call me on 0161 496 0732 about your 25 trucks?")
    assert answer.text == (
        "hi kwame it's alex call me on zero one six one four nine six zero seven three two "
        "about your twenty five trucks"
    )


def _questions(text: str) -> list[str]:
    norm = normalise(text)
    toks = norm.content
    return [
        " ".join(t.norm for t in toks[q.span[0] : q.span[1] + 1])
        for q in find_questions(norm, Matcher(norm))
    ]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # an auxiliary, a subject and a verb after a finished clause
        ("hi kwame it's alex from routewise did i catch you at a bad time", "did i catch"),
        # "that" ends the clause before ("stop doing that"), so "do you..." asks
        ("we help them stop doing that do you still do full stocktakes", "do you still do"),
        # an inverted perfect with a named subject
        ("i bet the new depot eats everything has leeds changed what you need", "has leeds"),
        # an embedded question never inverts: "how has the depot changed" asks
        ("i completely understand how has the new depot changed the way you plan", "how has"),
    ],
)
def test_a_spoken_question_after_a_finished_clause_is_heard(text: str, question: str) -> None:
    assert any(q.startswith(question) for q in _questions(text)), _questions(text)


@pytest.mark.parametrize(
    "text",
    [
        "the things companies do we automate for them",  # a noun phrase, not a clause, before
        "what i did i did for the team",
        "nothing has really changed since last year",
        "our volume has doubled since march",
        "i understand how it works for you",
    ],
)
def test_a_spoken_statement_asks_nothing(text: str) -> None:
    assert _questions(text) == []


def test_a_spoken_wh_question_is_one_question_with_its_lead_in() -> None:
    """ "besides us what else have you looked at": one question (not a second at "have you"),
    and its lead-in "besides us" ties it to the step as the typed sentence does."""
    text = "got it besides us what else have you looked at for this"
    assert _questions(text) == ["what else have you looked at for this"]


def test_asking_permission_after_a_negated_clause_still_asks(library: Library) -> None:
    """ "...i don't want to assume his plans are yours have you got a minute": the question
    opens a clause of its own; the negation before it does not refuse it."""
    s = library.scenarios["account/champion-left"].scenario
    step = s.step("aisha")
    result = _scored(
        s,
        step,
        transcript(
            "hi aisha it's alex from stockwise i don't want to assume his plans are yours "
            "have you got a minute"
        ),
    )
    assert "permission-opener" in result.passed
    assert not [g.id for g in result.guards if g.triggered]


def test_a_spoken_grant_then_and_acknowledges() -> None:
    assert passed(
        "it does work and you know it best what would that be worth",
        {"use": "acknowledge"},
        prospect="It works, mostly. Why would I change it?",
    )
