"""The first-word index of phrase lists: a Matcher skips only phrases that cannot match."""

from __future__ import annotations

from tests.scoring.labelled_set import load
from trainer.scoring import guards
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.techniques import core_techniques


def _phrase_lists() -> list[tuple[str, ...]]:
    lists = [
        value
        for value in vars(guards).values()
        if isinstance(value, tuple) and value and all(isinstance(p, str) for p in value)
    ]
    lists += [tuple(t.phrases) for t in core_techniques().values() if t.phrases]
    return lists


def test_candidates_keep_every_phrase_that_matches_in_list_order() -> None:
    lists = _phrase_lists()
    assert len(lists) > 20
    texts = [item.text for item in load()][::7]
    for text in texts:
        matcher = Matcher(normalise(text))
        for phrases in lists:
            kept = matcher.candidates(phrases)
            assert kept == [p for p in phrases if p in set(kept)]  # list order
            matching = [p for p in phrases if matcher.find(p)]
            assert set(matching) <= set(kept), (text, matching)


def test_a_misspelt_long_first_word_still_finds_its_phrase() -> None:
    matcher = Matcher(normalise("Conpared to what, another quote?"))
    phrases = ("compared to what", "hoping to spend")
    assert matcher.candidates(phrases) == ["compared to what"]
    assert matcher.find("compared to what")


def test_phrases_whose_first_word_is_absent_are_skipped() -> None:
    matcher = Matcher(normalise("I hear you, budgets are tight."))
    assert matcher.candidates(("sign today", "budgets are tight", "i hear you")) == [
        "budgets are tight",
        "i hear you",
    ]
