"""Brushing the prospect off or pushing to close, in words no phrase list names: calling
their choice a mistake, "every <one of their kind> says that", telling them their way loses
money, predicting what nobody will do, a reproach put as a question ("Didn't you read...?"),
running down what they have ("those scanners are outdated"),
arguing or rudeness outweighing the moves made, and a push to sign by a deadline with no
discount; a feature list whose first item ends its lead-in ("software with online booking,
recall, reminders and ..."), though a list inside a ramble costs only the ramble, and rambling
is no harm at the bottom of the scale. Plain talk with the same words is not flagged."""

from __future__ import annotations

from tests.scoring.helpers import guards, score

LOCKED_IN = "We're tied into our current laundry contract until next spring."


def test_calling_their_choice_a_mistake_is_arguing() -> None:
    for text in (
        "Honestly, staying with them another year would be a costly mistake.",
        "I think you're making a mistake sticking with paper rotas.",
    ):
        assert "arguing" in guards(text, prospect=LOCKED_IN), text


def test_owning_a_mistake_or_asking_about_one_is_not_arguing() -> None:
    for text in (
        "Fair enough. Was there a mistake on the last invoice that made you ask?",
        "Understood. What would make switching next spring worth a look?",
    ):
        assert "arguing" not in guards(text, prospect=LOCKED_IN), text


def test_every_one_of_their_kind_says_that_is_arguing() -> None:
    for text in (
        "Every hotel manager says that, and then they call us in March.",
        "All the care homes tell me the same thing.",
        "Anyone who says 'next quarter' never means it. Can we talk now?",
    ):
        assert "arguing" in guards(text, prospect=LOCKED_IN), text


def test_every_with_no_saying_is_not_arguing() -> None:
    text = "Makes sense. Does every site use the same contract, or does each one say yes itself?"
    assert "arguing" not in guards(text, prospect=LOCKED_IN)


def test_a_push_to_sign_by_a_deadline_is_invented_urgency() -> None:
    text = "No problem, we'll cover the exit fee, just sign the form today and we start Monday."
    assert "false-urgency" in guards(text, prospect=LOCKED_IN)


def test_asking_who_signs_off_is_not() -> None:
    text = "Understood. Who would need to sign off a change this week, you or finance?"
    assert "false-urgency" not in guards(text, prospect=LOCKED_IN)


def _penalties(text: str, line: str) -> dict[str, float]:
    result = score(text, {"use": "reason-for-call"}, {"use": "permission-opener"}, prospect=line)
    return {g.id: g.penalty for g in result.guards if g.triggered}


def test_a_feature_list_that_starts_in_its_lead_in_is_a_feature_list() -> None:
    line = "Omar Haddad, warehouse."
    listed = _penalties(
        "Hi Omar, Jo from Pallo. We make racking software with slot planning, audits, "
        "labels and forklift routing. Got a few minutes?",
        line,
    )
    reason = _penalties(
        "Hi Omar, Jo from Pallo. I'm calling about pick paths in your warehouse, because "
        "most sites your size walk twice what they need. Got a few minutes?",
        line,
    )
    assert "about-us" in listed and "about-us" not in reason


def test_a_list_inside_a_ramble_costs_only_the_ramble() -> None:
    text = (
        "Sure, so I'm Jo, from Pallo, and we do a lot with warehouses, mostly mid-sized ones, "
        "and what we usually find is that the pick paths are long, and the slotting is old, "
        "and the labels are a mess, so we do racking software with slot planning, audits, "
        "labels and forklift routing, and I think it could really help you a lot."
    )
    penalties = _penalties(text, "I'm busy, what is it?")
    assert "rambling" in penalties and "about-us" not in penalties


def test_arguing_outweighs_the_moves_it_made() -> None:
    """An acknowledgement and a good question do not lift an answer that argues above a
    harmless give-up: a coach rates the first a 1, the second a 2-3."""
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question"})
    line = "We tried an app like yours and the staff hated it."
    arguing = score(
        "I hear you, but with all due respect, your staff just weren't trained. What app was it?",
        *rubric,
        prospect=line,
    )
    give_up = score("Okay, no problem. Thanks anyway.", *rubric, prospect=line)
    assert arguing.criteria[1].passed
    assert arguing.score < give_up.score and arguing.score < 5
    assert any("outweighs any move" in n for n in arguing.notes)


def test_telling_them_their_way_loses_money_is_arguing() -> None:
    line = "We price rooms by checking the two hotels next door."
    for text in (
        "Honestly, you're leaving a fortune of money on the table that way.",
        "ok so you guys are losing money every weekend doing that",
    ):
        assert "arguing" in guards(text, prospect=line), text


def test_asking_whether_they_lose_money_or_playing_it_back_is_not() -> None:
    assert "arguing" not in guards(
        "Makes sense. Are you losing money on the event nights, do you think?",
        prospect="We price rooms by checking the two hotels next door.",
    )
    assert "arguing" not in guards(
        "ok so are you guys losing time on it every morning",
        prospect="We price rooms by checking the two hotels next door.",
    )
    assert "arguing" not in guards(
        "That's painful, losing money on every no-show. How many a week?",
        prospect="We keep losing money on no-shows.",
    )


def test_rambling_is_no_harm_at_the_bottom_of_the_scale() -> None:
    """A long, harmless answer that makes no move keeps the harmless floor (5): above one
    that refuses the move the step asks for."""
    rubric = (
        {"use": "acknowledge"},
        {"use": "clarifying-question"},
        {"use": "advance-next-step"},
    )
    line = "I'm in the middle of a delivery, what is it?"
    ramble = score(
        "Oh right, yes, sorry, so it's Jo, from Pallo, and we do warehouse software, mostly "
        "racking and slotting and labels and that kind of thing, for mid-sized sites mostly, "
        "and a few bigger ones too, and we've been going about ten years now, and the reason "
        "I was ringing was really just to say hello and see about maybe a chat sometime.",
        *rubric,
        prospect=line,
    )
    refusal = score("I won't ask what you use now. Our software is great.", *rubric, prospect=line)
    assert "rambling" in {g.id for g in ramble.guards if g.triggered}
    assert ramble.score == 5 > refusal.score
    assert any("rambling is no harm" in n for n in ramble.notes)


def test_predicting_what_nobody_will_do_is_arguing() -> None:
    line = "Just send me a brochure and I'll look at it."
    for text in (
        "Honestly, nobody's going to open a brochure. Let's do ten minutes now.",
        "nobody ever reads those so lets just book a call",
    ):
        assert "arguing" in guards(text, prospect=line), text


def test_a_shared_fact_about_nobody_is_not() -> None:
    text = "Of course. Nobody has time for long brochures, so what should the one page cover?"
    assert "arguing" not in guards(text, prospect="Just send me a brochure and I'll look at it.")


def test_a_reproach_put_to_them_as_a_question_is_arguing() -> None:
    line = "We need it to work with our ERP across three sites."
    for text in (
        "We do all of that. Didn't you look at the integrations page?",
        "Haven't you seen our case studies? It's all in there.",
    ):
        assert "arguing" in guards(text, prospect=line), text


def test_a_negated_question_about_something_else_still_asks() -> None:
    line = "We need it to work with our ERP across three sites."
    for text in (
        "Got it. Didn't the last system sync the three sites, or was that the problem?",
        "Makes sense. Do you not run the same ERP at every site?",
    ):
        assert "arguing" not in guards(text, prospect=line), text


def test_running_down_what_they_have_is_arguing() -> None:
    line = "We track deliveries with a spreadsheet and our old handheld scanners."
    for text in (
        "Honestly, those handheld scanners are pretty outdated now.",
        "Spreadsheets are basically obsolete for this. Your process is broken.",
    ):
        assert "arguing" in guards(text, prospect=line), text


def test_agreeing_with_their_own_verdict_or_asking_is_not() -> None:
    line = "Our scanners are clunky and the spreadsheet is a mess."
    for text in (
        "Sorry to hear that. Which part of the spreadsheet is the mess, the returns or stock?",
        "Got it. Are those scanners outdated, or just slow to sync?",
    ):
        assert "arguing" not in guards(text, prospect=line), text


def test_it_will_just_take_a_minute_pushes_past_their_no_like_only() -> None:
    line = "Not interested, please don't call again."
    for text in ("It'll just take a minute, I promise.", "It will only take a minute, honestly."):
        assert "pushy" in guards(text, prospect=line), text


def test_refusing_a_request_to_stop_is_harm_below_pitching_after_agreeing() -> None:
    rubric = ({"use": "comply-do-not-call", "weight": 2}, {"use": "stay-respectful"})
    line = "Please take us off your calling list."
    refused = score(
        "Sure, though I won't remove you yet - hear me out first.", *rubric, prospect=line
    )
    pitched = score(
        "Okay, I'll remove you. Before I go, can I ask what you use for payroll?",
        *rubric,
        prospect=line,
    )
    ids = [g.id for g in refused.guards if g.triggered]
    assert "refuses-stop" in ids and "refuses-move" not in ids
    assert refused.score < pitched.score and refused.score < 4.9
