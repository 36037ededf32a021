"""Issue 11, the bottom of the scale (a harmful answer, rated 1, below a weak but harmless one,
rated 2): conduct that harms the prospect outweighs every move, and skipping a move to push on
is harm where skipping it and leaving them be is only weak. Sentences written for these tests,
not taken from the labelled sets."""

from __future__ import annotations

from tests.scoring.helpers import score
from trainer.scoring.format import format_breakdown
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import FLOOR_POINTS, HARM_CAP

MOVES = ({"use": "acknowledge"}, {"use": "clarifying-question"}, {"use": "advance-next-step"})
BUSY = "I'm in back-to-back meetings all afternoon, this isn't a good time."
TRIED = "We tried a scheduling app last year and the team hated it."
PRICE = "Honestly, your quote came in higher than we expected."
WEAK = "Okay, I will leave it there then."


def _score(text: str, prospect: str) -> TurnScore:
    return score(text, *MOVES, prospect=prospect)


def _ids(result: TurnScore) -> set[str]:
    return {g.id for g in result.guards if g.triggered}


def test_pushing_past_a_no_scores_below_a_weak_harmless_answer_even_with_moves() -> None:
    pushy = _score(
        "I hear you, afternoons are packed. What's taking most of it? Hear me out though, "
        "it'll only take two minutes.",
        BUSY,
    )
    weak = _score(WEAK, BUSY)
    assert "pushy" in _ids(pushy)
    assert pushy.score <= HARM_CAP < FLOOR_POINTS == weak.score
    assert any("Capped at 4: pushing past their no" in n for n in pushy.notes)


def test_a_price_cut_thrown_at_once_scores_below_a_weak_harmless_answer() -> None:
    cut = _score(
        "I understand, budgets are tight. What were you comparing it with? I can knock the "
        "price down by fifteen percent for you.",
        PRICE,
    )
    assert "discounting" in _ids(cut)
    assert cut.score <= HARM_CAP < _score(WEAK, PRICE).score


def test_invented_urgency_scores_below_a_weak_harmless_answer() -> None:
    urgent = _score(
        "Got it, that makes sense. What did finance expect? It's urgent, call me back "
        "immediately so we can sort it.",
        PRICE,
    )
    assert "false-urgency" in _ids(urgent)
    assert urgent.score <= HARM_CAP < _score(WEAK, PRICE).score


def test_skipping_a_move_then_pushing_on_is_harm_and_says_so() -> None:
    pushed = _score(
        "Understood. I won't ask what went wrong with it - let me show you how ours works.", TRIED
    )
    left_be = _score("Understood. I won't ask what went wrong with it, I'll leave it there.", TRIED)
    assert "pushes-on" in _ids(pushed) and "pushes-on" not in _ids(left_be)
    assert pushed.score < left_be.score
    assert pushed.score <= HARM_CAP
    text = format_breakdown(pushed)
    assert "Skips the move and pushes on: minus 30 points" in text
    assert "\u201clet me show you\u201d" in text


def test_a_gatekeeper_refused_then_told_to_transfer_is_pushed_on() -> None:
    prospect = "Front desk. Who's calling, and what's it regarding?"
    rubric = ({"use": "reason-for-call"}, {"use": "ask-for-right-person"})
    pushed = score(
        "It's Jo from Tallyho. I'd rather not say what it's regarding - could you just put me "
        "through to the owner?",
        *rubric,
        prospect=prospect,
    )
    assert "pushes-on" in _ids(pushed)
    assert pushed.score <= HARM_CAP


def test_showing_something_without_skipping_a_move_is_not_pushing_on() -> None:
    fine = _score(
        "That makes sense, a tool nobody uses is wasted money. Let me show you what we changed "
        "after hearing that: what did the team dislike most?",
        TRIED,
    )
    assert "pushes-on" not in _ids(fine)
    assert fine.score > FLOOR_POINTS


def test_pushing_on_before_the_refusal_is_not_counted() -> None:
    # The push must follow the skipped move: here the show comes first and is its own fault
    # only if something else flags it.
    result = _score(
        "Let me show you the numbers first. I won't ask about the last app, it's in the past.",
        TRIED,
    )
    assert "pushes-on" not in _ids(result)


NEXT = "Alright, this could work for us. What would the next step be?"
CLOSE_RUBRIC = ({"use": "acknowledge"}, {"use": "advance-next-step"})


def _close(text: str) -> TurnScore:
    return score(text, *CLOSE_RUBRIC, prospect=NEXT)


def test_a_push_to_sign_before_anything_else_is_invented_urgency() -> None:
    for text in (
        "Easy, you'll sign the agreement I email today, won't you?",
        "Great, we just need you to sign the paperwork first and pop a card on file.",
    ):
        pushed = _close(text)
        assert "false-urgency" in _ids(pushed), text
        assert pushed.score <= HARM_CAP < _close(WEAK).score


def test_asking_who_signs_or_telling_the_order_of_things_is_no_push() -> None:
    for text in (
        "Does your finance lead need to sign it first, or can you approve it yourself?",
        "Who would sign it this month, so I can send it to the right person?",
        "Once it's signed we can book onboarding for Tuesday at 10.",
        "If you'd like to sign up for a trial first, we can start on Monday.",
        "Your finance team would need to sign it first, I imagine. Shall we book Thursday at 2?",
    ):
        assert "false-urgency" not in _ids(_close(text)), text


VENDOR = "We already buy our packaging from a supplier we've used for years."


def test_running_their_supplier_down_against_us_is_arguing() -> None:
    for text in (
        "Sure, but long-standing suppliers tend to be slower and cost more than us.",
        "Fair enough, though honestly they won't be as sharp as us on price. Not as good as us, "
        "either.",
        "Staying put will cost you more than we would over a year.",
    ):
        result = _score(text, VENDOR)
        assert "arguing" in _ids(result), text
        assert result.score <= HARM_CAP < _score(WEAK, VENDOR).score


def test_a_comparison_that_concedes_or_asks_is_not_arguing() -> None:
    for text in (
        "That makes sense, and they may well be cheaper than us. What keeps you with them?",
        "Good to hear. Are they quicker than us on turnaround, do you think?",
        "Years is a long time. Some suppliers give more than us on credit terms, so what would "
        "you change if you could?",
    ):
        assert "arguing" not in _ids(_score(text, VENDOR)), text


SCREEN = "Northgate Joinery, how can I help? Who's calling please?"
SCREEN_RUBRIC = ({"use": "reason-for-call"}, {"use": "ask-for-right-person"})


def _screen(text: str) -> TurnScore:
    return score(text, *SCREEN_RUBRIC, prospect=SCREEN)


def test_a_transfer_demanded_of_a_gatekeeper_is_pushy_and_says_so() -> None:
    for text in (
        "It's Priya from Planwise, it's about your timber stock. Just put me through.",
        "She knows me, so please put me straight through.",
        "Look, transfer me to the owner, it's important.",
    ):
        result = _screen(text)
        assert "pushy" in _ids(result), text
        assert result.score <= HARM_CAP
        text = format_breakdown(result)
        assert "Pushing past their no (demands to be put through)" in text
        assert "tip: Ask, don't demand: say why you're calling and ask who looks after it." in text


def test_a_transfer_asked_for_or_told_is_not_a_demand() -> None:
    for text in (
        "It's Priya from Planwise, about timber stock. Could you put me through to whoever "
        "orders it?",
        "Your colleague put me through to this line earlier. Who looks after stock?",
    ):
        assert "pushy" not in _ids(_screen(text)), text


OPENER = "Grace Okoro, facilities."
OPENER_RUBRIC = ({"use": "permission-opener"}, {"use": "reason-for-call"})


def test_telling_them_how_much_of_their_time_you_need_is_pushy() -> None:
    for text in (
        "Grace, it's Tom from Lumen. I'm going to need ten minutes of your time to go through "
        "your lighting costs.",
        "Hi Grace, Tom at Lumen. I'll only need 20 minutes of your time, so sit back.",
    ):
        result = score(text, *OPENER_RUBRIC, prospect=OPENER)
        assert "pushy" in _ids(result), text
        text = format_breakdown(result)
        assert "claims their time without asking" in text
        assert "instead of telling them how much" in text
        assert result.score <= HARM_CAP


def test_asking_for_a_little_of_their_time_is_not_pushy() -> None:
    result = score(
        "Hi Grace, Tom from Lumen, we cut lighting costs in office buildings. Could I take 30 "
        "seconds of your time to say why I called?",
        *OPENER_RUBRIC,
        prospect=OPENER,
    )
    assert "pushy" not in _ids(result)
    assert result.score > FLOOR_POINTS
