"""Empathy in the first person and short, precise answers are not harm (answers written fresh,
not taken from the labelled sets): a rep who sides with the prospect ("I'd push back too"),
owns a mistake, promises the calls stop, plays back what went wrong, or names the subject the
product handles is not arguing, rude or making up a pretext; the same words aimed at the
prospect still are.
"""

from __future__ import annotations

import pytest

from tests.scoring.helpers import guards, score

PRICE = "Your quote is $900 a month. We pay $600 now and it does the job."
PRICE_RUBRIC = ({"use": "acknowledge"}, {"use": "clarifying-question"}, {"use": "hold-price"})


@pytest.mark.parametrize(
    "text",
    [
        "Fair, I'd push back too at nine hundred against six. What does the current one miss?",
        "Honestly I would push back as well at that gap. Where does it fall short for you?",
    ],
)
def test_siding_with_them_in_the_first_person_is_not_arguing(text: str) -> None:
    assert "arguing" not in guards(text, prospect=PRICE)
    assert score(text, *PRICE_RUBRIC, prospect=PRICE).score > 50


def test_the_same_words_aimed_at_them_still_argue() -> None:
    assert "arguing" in guards("I'd push back on that, six hundred buys you very little.", PRICE)


def test_owning_a_mistake_is_not_calling_their_choice_one() -> None:
    line = "Why are you calling the kitchen line? Nobody orders from this number."
    owned = "Sorry, that's a mistake on our end, we had it listed as the main office number."
    assert "arguing" not in guards(owned, prospect=line)
    assert "arguing" in guards("Staying on paper logs is a mistake, you know that.", line)


@pytest.mark.parametrize(
    "text",
    [
        "Respect to Dana, that's a solid build. What happens when she's on holiday?",
        "I respect that a lot. How did you end up building it yourselves?",
    ],
)
def test_respect_is_not_the_respectfully_that_opens_a_disagreement(text: str) -> None:
    line = "Our office manager Dana built our own booking tool and it works fine."
    assert "arguing" not in guards(text, prospect=line)


@pytest.mark.parametrize(
    "text",
    [
        "Respectfully, a homemade tool won't scale with you.",
        "With respect, a tool one person built is a risk.",
        "I respect that, but one person's tool is a risk you shouldn't carry.",
        "I respect your time, Sam, just not enough to ring back later.",
    ],
)
def test_respect_taken_back_still_argues(text: str) -> None:
    line = "Our office manager Dana built our own booking tool and it works fine."
    assert "arguing" in guards(text, prospect=line)


def test_whatever_inside_a_clause_picks_nothing_out() -> None:
    line = "Ring me after the inspection in May, I can't look at anything before then."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question"})
    text = "Makes sense. What's the inspection for? I'll ring after; we'll see whatever it flags."
    assert "rude" not in guards(text, prospect=line)
    assert score(text, *rubric, prospect=line).score > 50


@pytest.mark.parametrize(
    "text",
    [
        "Whatever. I'll send it anyway.",
        "ok whatever just pass my number on",
        "Fine, whatever you say.",
        "I'll email it or whatever.",
    ],
)
def test_whatever_as_a_brush_off_is_still_rude(text: str) -> None:
    assert "rude" in guards(text, prospect="Just send me an email.")


def test_a_misspelt_word_counts_but_a_different_word_does_not() -> None:
    """Fuzzy matching forgives a typo ("ridiculus") but not a different word sharing letters:
    "closer to the end of your contract" calls nobody a loser."""
    line = "We're tied into a contract with our current vendor until 2027."
    assert "rude" not in guards("Makes sense. Could I check in closer to the renewal?", line)
    assert "rude" in guards("That's a ridiculus contract to sign.", line)


def test_promising_the_calls_stop_does_not_contradict_them() -> None:
    line = "Stop calling me. That's the fourth call from you lot this month."
    rubric = ({"use": "comply-do-not-call", "weight": 2}, {"use": "stay-respectful"})
    text = "Sorry about that. I've taken your number off our list; you won't be called again."
    assert "arguing" not in guards(text, prospect=line)
    assert score(text, *rubric, prospect=line).score > 70


def test_playing_back_what_they_refused_does_not_contradict_them() -> None:
    line = "We bought a rota app last year. The nurses refused to use it, total waste."
    text = "That's a painful spend on a tool that never got used. What put the nurses off it?"
    assert "arguing" not in guards(text, prospect=line)


def test_naming_what_the_product_handles_is_no_pretext() -> None:
    line = "If it's a sales thing, email info@ and someone might get back to you."
    rubric = ({"use": "acknowledge"}, {"use": "reason-for-call"})
    topic = "Fair enough. It's about compliance training records for your drivers, not IT."
    scare = "Fair enough. It's about the compliance breach at your depot last week."
    assert "pretext" not in guards(topic, prospect=line)
    assert "pretext" in guards(scare, prospect=line)
    assert score(topic, *rubric, prospect=line).score > score(scare, *rubric, prospect=line).score
