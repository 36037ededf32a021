"""Issue 11, a weak answer (rated 3) above a rambling one (rated 2): an answer over the step's
length bound said in one comma-spliced breath is rambling, though under 1.25 times the bound;
one over the bound in sentences, or unpunctuated speech, is not. Sentences written for these
tests, not taken from the labelled sets."""

from __future__ import annotations

from tests.scoring.helpers import score
from trainer.scoring.format import format_breakdown
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import longest_sentence

PROSPECT = "We already get our coffee beans from a roaster in town."
RUBRIC = ({"use": "acknowledge"}, {"use": "clarifying-question"})
# 64 words, one sentence, clauses spliced with commas.
RUN_ON = (
    "Oh right, yes, a local roaster, lots of cafes do that, and it makes sense, you want fresh "
    "beans, and people like local, but we roast too, in Leeds, single origin and blends, and "
    "we deliver twice a week, and there's a grinder loan, and training for your baristas, and "
    "a loyalty thing for your customers, so it might be worth a look sometime."
)
# Over 60 words too, the same bound exceeded in short sentences.
IN_SENTENCES = (
    "That makes sense. A local roaster is a good partner to have. Fresh beans matter to your "
    "regulars. We roast in Leeds and deliver twice a week. Some cafes keep their house blend "
    "and add a guest coffee from us. That way nothing changes for the regulars. What do you "
    "like most about your roaster, and is there anything you wish they did differently?"
)
WEAK = "Fair enough, sounds like you're sorted. What made you pick them?"


def _score(text: str) -> TurnScore:
    return score(text, *RUBRIC, prospect=PROSPECT)


def _rambling(result: TurnScore) -> bool:
    return any(g.id == "rambling" for g in result.guards)


def test_a_run_on_answer_over_the_bound_is_rambling_and_says_why() -> None:
    result = _score(RUN_ON)
    assert _rambling(result)
    text = format_breakdown(result)
    words = next(m.actual for m in result.delivery if m.id == "words")
    assert words is not None and 60 < words < 75
    n = f"{words:g}"
    assert f"{n} words for a target of at most 60, {n} of them in one run-on sentence" in text
    assert result.score < _score(WEAK).score


def test_the_same_length_in_sentences_is_not_rambling() -> None:
    assert not _rambling(_score(IN_SENTENCES))


def test_unpunctuated_speech_is_not_called_a_run_on() -> None:
    spoken = RUN_ON.replace(",", "").replace(".", "").lower()
    assert longest_sentence(spoken) == 0
    assert not _rambling(_score(spoken))


def test_a_long_sentence_under_the_bound_is_not_rambling() -> None:
    short = (
        "Oh right, yes, a local roaster, lots of cafes do that, and it makes sense, what made "
        "you pick them?"
    )
    assert longest_sentence(short) > 0
    assert not _rambling(_score(short))
