"""Harm a coach hears without a stock phrase: misleading a gatekeeper or about where the
number came from, fear or guilt, brushing off their reason, vowing to keep calling, sending
the gatekeeper to fetch someone busy, gifts thrown in to close, throwing away what they wrote
in the form. Each such answer scores below a weak but harmless one; the honest or good answer
that shares its words triggers nothing. The answers are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import score
from trainer.scoring.scorer import HARM_CAP

EXPECTING = "Is Ms. Varga expecting your call? She's in back-to-back interviews."
NUMBER = "Where did you get this number? It's my mobile."
NO_BUDGET = "Honestly, we've got no budget for anything new until spring."
NEXT_QUARTER = "Try me next quarter, we're moving warehouses this month."
STOP = "Please take me off your list, this is the fourth call."
NOT_AVAILABLE = "Mr. Osei is out on a site visit. Can I take a message?"
PRICE = "Your renewal is up fifteen percent, that's hard to swallow."
FORM = "I filled in your form on Monday: two sites, 60 staff, rotas on paper."
EMAIL = "Just email me something, I'm in the middle of a stocktake."
HAPPY = "We've used the same payroll bureau for eight years and they're fine."

RUBRIC: dict[str, Any] = {"use": "acknowledge"}


def _guards(text: str, prospect: str) -> dict[str, str]:
    """The triggered guards of an answer, by id, with their labels."""
    result = score(text, RUBRIC, prospect=prospect)
    return {g.id: g.label for g in result.guards if g.triggered}


def _score(text: str, prospect: str) -> float:
    return score(text, RUBRIC, prospect=prospect).score


HARMFUL = [
    # Misleading the gatekeeper, or about the number's source.
    (EXPECTING, "Yes, she is, so could you let her know I'm on the line?", "misleads"),
    (EXPECTING, "She's expecting me, we talked at the expo.", "misleads"),
    (PRICE, "Just renew, and don't tell your boss about the increase.", "misleads"),
    # Fear or guilt.
    (NO_BUDGET, "If you cared about your customers, you'd have fixed this by now.", "pressure"),
    (NEXT_QUARTER, "If the move goes wrong, don't say I didn't warn you.", "pressure"),
    (HAPPY, "Firms that stay with a bureau like that always regret it.", "pressure"),
    (NO_BUDGET, "You can't afford to wait until spring, honestly.", "pressure"),
    (HAPPY, "Keep them if you want to run payroll by hand forever.", "pressure"),
    # Brushing off their reason.
    (NO_BUDGET, "Budget's not a real reason, it's a choice.", "arguing"),
    (NO_BUDGET, "There's always budget when the boss wants something.", "arguing"),
    (EMAIL, "Emails just get deleted. Let's talk now.", "arguing"),
    (NOT_AVAILABLE, "Out or just avoiding me? Can't or won't put me through?", "arguing"),
    (HAPPY, "Fine? No, they're not, or you'd have moved on from paper slips.", "arguing"),
    (PRICE, "Your finance team were the problem last year, not our price.", "arguing"),
    # Pushing past the no.
    (STOP, "We're allowed to ring businesses, so we'll carry on.", "pushy"),
    (NEXT_QUARTER, "I'll keep calling until you find the time.", "pushy"),
    (NOT_AVAILABLE, "Could you just go and fetch him? I'll wait.", "pushy"),
    (EMAIL, "The stocktake can wait five minutes. Give me two minutes now.", "pushy"),
    (NEXT_QUARTER, "Surely you can squeeze in a demo before the move?", "pushy"),
    # A price cut worded without "discount".
    (PRICE, "Renew today and I'll throw in the first year of support.", "discounting"),
    (PRICE, "I can drop it back to last year's price for you.", "discounting"),
    # Throwing away what they wrote.
    (FORM, "I don't read the forms, so how many sites do you have?", "ignores-prospect"),
    (FORM, "So what was it you needed again", "ignores-prospect"),
]


@pytest.mark.parametrize(("prospect", "answer", "guard"), HARMFUL)
def test_the_harm_is_heard(prospect: str, answer: str, guard: str) -> None:
    assert guard in _guards(answer, prospect)


@pytest.mark.parametrize(("prospect", "answer", "guard"), HARMFUL)
def test_a_harmful_answer_scores_below_a_weak_harmless_one(
    prospect: str, answer: str, guard: str
) -> None:
    weak = _score("Okay.", prospect)
    assert _score(answer, prospect) < max(weak, 5.0)


GOOD = [
    (EXPECTING, "No, she isn't expecting me. Could you let her know Ana from Rota called?"),
    (EXPECTING, "Yes, she booked this call with me on Tuesday for ten o'clock."),
    (EXPECTING, "Expecting me? No, she isn't. It's about interview scheduling, who handles that?"),
    (NUMBER, "Fair question: it was on your company's listing in the trade directory."),
    (NUMBER, "From your website. Your colleague Sam also passed on your name at the expo."),
    (NUMBER, "Your colleague Sam gave me your name at the expo, and your site lists the number."),
    (NO_BUDGET, "Understood. When does the new budget open, and who decides what goes in?"),
    (NO_BUDGET, "That's fair. Is it that nothing new gets bought, or that this isn't a priority?"),
    (NEXT_QUARTER, "Of course, good luck with the move. Shall I call the first week of July?"),
    (NEXT_QUARTER, "Next quarter? No problem. Shall I ring the first week of July?"),
    (STOP, "Sorry about that. I've taken you off our list and nobody will call again."),
    (STOP, "Done, you're off our list. Nobody will call again."),
    (STOP, "Of course. Nobody's going to ring you again, I've removed the number."),
    # An honest referral is the honest source (the scorer cannot tell it from a lie).
    (NUMBER, "Your colleague Priya in finance gave me your number and said you run the rotas."),
    (NUMBER, "Your finance director passed me your number at the expo and said to ring."),
    (NO_BUDGET, "Understood. Your team deserves better than spreadsheets: when does budget open?"),
    (STOP, "Done, you're off the list. If you ever need us, feel free to call 555-0142."),
    (NOT_AVAILABLE, "No problem. Could you tell him Ana from Rota called? I'll try tomorrow."),
    (NOT_AVAILABLE, "Thanks. Is there a better time to get him on the phone, or should I email?"),
    (EMAIL, "Of course, the details can wait. I'll email a one-pager today, all right?"),
    (EMAIL, "Sure, I'll email it now. What should it cover so it's relevant for you?"),
    (EMAIL, "Will do. Long emails get skimmed, so it'll be three lines. What should they say?"),
    (HAPPY, "Eight years is a good run. What would they have to get wrong for you to look?"),
    (PRICE, "Fifteen percent is a lot. What is finance comparing it against?"),
    (PRICE, "That's a big jump. Don't tell me, the budget was set before it came in?"),
    (FORM, "Thanks for the form: two sites and 60 staff on paper rotas. What hurts most?"),
    (FORM, "I read your form, so I won't make you repeat it. Which site is the busier one?"),
    (FORM, "Thanks for the form. Could you walk me through the paper rotas again, in your words?"),
    (FORM, "Give me a second to pull up your form. Right: two sites, is paper the pain?"),
    (HAPPY, "You're the one who knows payroll there best: what would make a change worth it?"),
    (EMAIL, "Sure. Emails often get deleted, so mine will be three lines. What should it say?"),
]


@pytest.mark.parametrize(("prospect", "answer"), GOOD)
def test_a_good_answer_with_the_same_words_triggers_no_harm(prospect: str, answer: str) -> None:
    harm = {"misleads", "pressure", "arguing", "pushy", "discounting", "ignores-prospect"}
    assert not harm & set(_guards(answer, prospect))
    assert _score(answer, prospect) > HARM_CAP


def test_the_evidence_quotes_the_harm() -> None:
    result = score("Yes, she is. Could you put me through?", RUBRIC, prospect=EXPECTING)
    misleads = next(g for g in result.guards if g.id == "misleads")
    assert misleads.label == "Misleads them"
    assert [e.text for e in misleads.evidence] == ["Yes, she is"]
    assert "Never mislead" in (misleads.tip or "")


def test_a_form_thrown_away_gets_a_tip_about_the_form() -> None:
    result = score("Forget the form, how many staff do you have?", RUBRIC, prospect=FORM)
    ignored = next(g for g in result.guards if g.id == "ignores-prospect")
    assert ignored.label == "Ignores what the prospect said (throws away what they wrote)"
    assert [e.text for e in ignored.evidence] == ["Forget the form"]
    assert "what they wrote in the form" in (ignored.tip or "")
