"""The scorer ranks a coach-labelled answer set the way the coach does.

103 answers in 18 situations (openers, gatekeepers, objections, follow-up, inbound, voicemail),
rated 1-5, including keyword salad, rambling, negation, polite arguing, rude answers, answers
that ignore the prospect, and good answers written as raw speech transcripts.

Bar: 0.85 pairwise ranking accuracy. Chance is 0.5; two coaches rating the same answers
agree on roughly 85-90% of pairs (a 1-point difference between a 4 and a 5 is often a matter
of taste), so asking more than 0.85 of a deterministic scorer would be fitting noise, and
less would mean it misorders answers a coach considers clearly different.
"""

from __future__ import annotations

import labelled_set

BAR = 0.85


def test_the_set_is_big_and_varied_enough() -> None:
    items = labelled_set.load()
    assert len(items) >= 60
    assert len({i.situation for i in items}) >= 12
    assert {i.rating for i in items} == {1, 2, 3, 4, 5}
    assert sum(i.kind == "transcript" for i in items) >= 10
    assert sum(bool(i.note) for i in items) >= 8  # labelled adversarial answers


def test_pairwise_ranking_accuracy_meets_the_bar() -> None:
    accuracy, wrong = labelled_set.ranking(labelled_set.load())
    print(f"pairwise ranking accuracy: {accuracy:.3f} ({len(wrong)} pairs tied or misordered)")
    assert accuracy >= BAR, "\n".join(
        f"{hi.situation}: rated {hi.rating} scored {sh} <= rated {lo.rating} scored {sl}: "
        f"{hi.text!r} vs {lo.text!r}"
        for hi, sh, lo, sl in wrong
    )


def test_every_harmful_answer_scores_below_every_model_answer_in_its_situation() -> None:
    items = labelled_set.load()
    for situation in {i.situation for i in items}:
        group = [i for i in items if i.situation == situation]
        worst_good = min(labelled_set.score(i) for i in group if i.rating == 5)
        for bad in (i for i in group if i.rating == 1):
            assert labelled_set.score(bad) < worst_good, (situation, bad.text)
