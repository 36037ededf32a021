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
        "Then that's not a number we should be ringing, my apologies. Which line is best?",
        "Sorry, that's not a line I ought to have called. Is there a better way to reach you?",
    ],
)
def test_saying_what_we_should_not_have_done_owns_it(text: str) -> None:
    line = "This is the kitchen line. Only our suppliers have this number."
    assert "arguing" not in guards(text, prospect=line)
    # the same denial of their word, with no "we should", still argues
    assert "arguing" in guards("That's not a kitchen line, it's a public number.", line)


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


# -- harm that read as moves ------------------------------------------------------------------

STOP = "Please take this number off your list, you've called four times."
STOP_RUBRIC = ({"use": "comply-do-not-call", "weight": 2}, {"use": "stay-respectful"})


def test_a_plain_removal_in_the_perfect_tense_honours_the_request() -> None:
    result = score(
        "Done, I've taken you off. Apologies for the calls.", *STOP_RUBRIC, prospect=STOP
    )
    assert result.criteria[0].passed and result.score > 70


@pytest.mark.parametrize(
    ("text", "honoured"),
    [
        ("Done, I'll remove it. Is there a mobile we should take off as well?", True),
        ("Of course, taking you off now. Which numbers should I remove, just this one?", True),
        ("Of course, I will take you off the list. Before I do, is payroll still a pain?", False),
        ("Sure, you're off the list. But first, could I ask what you use for rota?", False),
    ],
)
def test_asking_what_to_remove_honours_the_request(text: str, honoured: bool) -> None:
    """A question about what to remove does what they asked; one put before the removal,
    or a "but first", still pitches."""
    result = score(text, *STOP_RUBRIC, prospect=STOP)
    assert result.criteria[0].passed == honoured
    fired = {g.id for g in result.guards if g.triggered}
    assert fired == (set() if honoured else {"pushy"})


@pytest.mark.parametrize(
    "text",
    [
        "I'll take you off, but not before you hear what we saved the bakery next door.",
        "Sure, I'll remove you. Just so you know, our spring offer ends Friday.",
        "sure ill remove you just so you know our spring offer ends friday",
        "Okay, I'll take you off. If you ever want a free audit, we're at hearthline.com.",
    ],
)
def test_a_removal_traded_for_a_last_pitch_does_not_honour_it(text: str) -> None:
    clean = score("Of course, I'll take you off the list now. Sorry.", *STOP_RUBRIC, prospect=STOP)
    pitched = score(text, *STOP_RUBRIC, prospect=STOP)
    assert not pitched.criteria[0].passed
    assert pitched.score < 5 < clean.score


HOMEMADE = "Our son wrote us a booking spreadsheet and it does the job for our two vans."
HOMEMADE_RUBRIC = ({"use": "acknowledge"}, {"use": "peer-question", "weight": 2})


def test_waving_the_question_away_asks_nothing() -> None:
    waved = score(
        "Why bother asking how it works? Spreadsheets break.", *HOMEMADE_RUBRIC, prospect=HOMEMADE
    )
    asked = score(
        "Nice work from your son. How do you handle a double booking, if you don't mind me asking?",
        *HOMEMADE_RUBRIC,
        prospect=HOMEMADE,
    )
    assert not waved.criteria[1].passed
    assert asked.criteria[1].passed
    assert waved.score < 5 < asked.score


@pytest.mark.parametrize(
    "text",
    [
        "Oh sure, I'll ring you in the autumn, just like you'll actually answer.",
        "Absolutely, I'll keep it short, just like the last two times you hung up.",
    ],
)
def test_an_agreement_mocked_by_a_just_like_clause_is_sarcasm(text: str) -> None:
    line = "Call me in the autumn, we're flat out with harvest."
    rubric = ({"use": "acknowledge"}, {"use": "advance-next-step"})
    assert "arguing" in guards(text, prospect=line)
    assert score(text, *rubric, prospect=line).score < 5


def test_a_like_for_like_comparison_is_not_sarcasm() -> None:
    line = "Call me in the autumn, we're flat out with harvest."
    text = "Sure. We'd set it up just like your current rota, so nothing changes at harvest."
    assert "arguing" not in guards(text, prospect=line)


GATE = "He's out till Thursday. Can I take a message, and what's it regarding?"
GATE_RUBRIC = ({"use": "reason-for-call", "weight": 2}, {"use": "ask-for-right-person"})


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather not leave a message or tell you what it's about. I'll call Thursday.",
        "It's personal, he'll know what it's about. I'll try Thursday.",
    ],
)
def test_a_reason_kept_back_is_not_a_reason_given(text: str) -> None:
    result = score(text, *GATE_RUBRIC, prospect=GATE)
    assert not result.criteria[0].passed
    assert result.score < 5


def test_impatience_aimed_at_them_is_rude() -> None:
    assert "rude" in guards("Just put me through, I haven't got all day.", prospect=GATE)


RISE = "Your renewal is up nine percent and I can't sell that to my director."
RISE_RUBRIC = ({"use": "acknowledge"}, {"use": "clarifying-question"}, {"use": "hold-price"})


def test_a_price_cut_in_other_words_is_a_discount() -> None:
    cut = score(
        "I could bring it back to last year's rate if you renew this week.",
        *RISE_RUBRIC,
        prospect=RISE,
    )
    ids = {g.id for g in cut.guards if g.triggered}
    assert {"discounting", "false-urgency"} <= ids
    value = "Understood. We cut their card fees for most clinics; what does your director compare?"
    assert "discounting" not in guards(value, prospect=RISE)


def test_asking_them_to_go_through_their_form_again_is_a_repeat_ask() -> None:
    line = "I put it all on your form: two sites, 40 staff, rotas by hand."
    rubric = ({"use": "build-on-inbound"}, {"use": "no-repeat-ask"})
    again = score(
        "Right, can you go through it all again for me, sites and staff?", *rubric, prospect=line
    )
    assert not again.criteria[1].passed


# -- refusing what they asked for -------------------------------------------------------------

LATER_LINE = "Ring me after the harvest in October, I can't think about software before then."
LATER_RUBRIC = ({"use": "acknowledge"}, {"use": "advance-next-step"}, {"use": "respect-time"})


def test_refusing_to_wait_is_pushing_not_playing_back_their_words() -> None:
    pushed = score(
        "I'd rather not wait until after the harvest, so let's get a demo in this week.",
        *LATER_RUBRIC,
        prospect=LATER_LINE,
    )
    assert not pushed.criteria[0].passed  # their words in a refusal acknowledge nothing
    assert "pushy" in {g.id for g in pushed.guards if g.triggered}
    assert pushed.score < 40


def test_offering_a_later_call_to_someone_with_no_time_respects_it() -> None:
    line = "I'm plating for a wedding of 200 tonight. I really don't have time for this."
    rubric = ({"use": "respect-time"}, {"use": "advance-next-step"})
    result = score(
        "Say no more. Could I call you next Tuesday, once the wedding dust settles?",
        *rubric,
        prospect=line,
    )
    assert result.criteria[0].passed and result.score > 90


@pytest.mark.parametrize(
    "text",
    [
        "If you'd gone with us last year you'd have kept that money. Want to make the same "
        "mistake again?",
        "With a loan to pay back, can you really afford not to look at this?",
    ],
)
def test_calling_their_choice_a_mistake_in_other_words_argues(text: str) -> None:
    """Arguing, or the fear it plays on (pressure): both capped below every harmless answer."""
    line = "We tried an app like yours last year and lost eight grand on it. Not again."
    assert {"arguing", "pressure"} & guards(text, prospect=line)
    assert (
        score(text, {"use": "acknowledge"}, {"use": "clarifying-question"}, prospect=line).score < 5
    )


def test_an_offer_deadline_is_invented_urgency() -> None:
    line = "Send me something and I'll look at it next month."
    assert "false-urgency" in guards("Next month is too late, you'll miss the offer.", line)
    assert "false-urgency" not in guards("Sure, what should the summary cover?", line)


# -- short, precise moves ---------------------------------------------------------------------


def test_asking_when_someone_is_free_to_try_them_then_is_a_next_step() -> None:
    line = "Is Ms. Reyes expecting you? She's in the kiln room and said not to disturb her."
    rubric = ({"use": "respect-time"}, {"use": "advance-next-step"})
    result = score(
        "She isn't. Could you tell me when she's out of the kiln room, so I can try her then?",
        *rubric,
        prospect=line,
    )
    assert all(c.passed for c in result.criteria) and result.score > 70


def test_whose_attention_asks_for_the_right_person() -> None:
    line = "Just email sales@ with whatever it is, somebody reads it eventually."
    rubric = ({"use": "acknowledge"}, {"use": "ask-for-right-person", "weight": 2})
    result = score(
        "Will do. Whose attention should I mark it for, is there a fleet manager?",
        *rubric,
        prospect=line,
    )
    assert result.criteria[1].passed and result.score > 70


def test_quota_talk_and_an_ultimatum_are_guilt_and_pushy() -> None:
    line = "Is this a sales call? I'm about to open the shop."
    ids = guards("It is, and I've got a quota to hit today. Two minutes or not?", prospect=line)
    assert {"pressure", "pushy"} <= ids


def test_blaming_their_people_runs_them_down_but_no_problem_does_not() -> None:
    line = "We tried a stock app and the pickers refused to touch it."
    assert "arguing" in guards("Sounds like your pickers were the problem, not the app.", line)
    assert "arguing" not in guards(
        "Stock counts are no problem for us. What did they dislike?", line
    )


def test_an_introduction_followed_by_about_gives_the_reason() -> None:
    line = "Front desk, this is Ola. What's it regarding?"
    rubric = ({"use": "reason-for-call", "weight": 2}, {"use": "use-name"})
    result = score(
        "Thanks, Ola. It's Dev from Ledgerly, about expense approvals for the clinic.",
        *rubric,
        prospect=line,
    )
    assert result.criteria[0].passed and result.score > 90
    bare = score("Thanks, Ola. It's Dev from Ledgerly, about it.", *rubric, prospect=line)
    assert not bare.criteria[0].passed


def test_offering_a_call_at_a_named_later_time_respects_their_time() -> None:
    line = "It's the Saturday market rush and I'm two staff down. No time for this."
    rubric = ({"use": "respect-time", "weight": 2}, {"use": "advance-next-step"})
    result = score(
        "Go, you've got a stall to run. Can I ring Tuesday around ten?", *rubric, prospect=line
    )
    assert result.criteria[0].passed and result.score > 90
    refused = score("I won't ring Tuesday around ten, let's do it now.", *rubric, prospect=line)
    assert not refused.criteria[0].passed


def test_a_polite_give_up_is_not_keyword_salad() -> None:
    line = "She's out. Can I take a message?"
    assert "keyword-salad" not in guards("Oh, okay, never mind then. Thanks.", prospect=line)
    assert "keyword-salad" in guards("Message, callback, decision maker, software, demo.", line)


def test_telling_a_gatekeeper_what_they_should_be_used_to_is_condescending() -> None:
    line = "He's not available, we get a dozen of these calls a day."
    assert "rude" in guards("Then you should be used to putting people through.", prospect=line)


HAPPY = "We've been with Tidewater Payroll nine years. They pick up. We're happy with them."
HAPPY_RUBRIC = ({"use": "acknowledge"}, {"use": "peer-question", "weight": 2})


def test_asking_what_they_like_about_a_supplier_is_not_asking_which_supplier() -> None:
    result = score(
        "Good to hear. What do you rate most about working with them on payroll?",
        *HAPPY_RUBRIC,
        prospect=HAPPY,
    )
    assert result.criteria[1].passed and result.score > 70
    which = score("Good to hear. Who are you with at the moment?", *HAPPY_RUBRIC, prospect=HAPPY)
    assert not which.criteria[1].passed  # they just said: Tidewater Payroll


def test_an_either_or_question_about_their_setup_asks_as_a_peer() -> None:
    result = score(
        "good to hear um do they run your pensions too or is that handled separately",
        *HAPPY_RUBRIC,
        prospect=HAPPY,
    )
    assert result.criteria[1].passed and result.score > 50


def test_telling_them_nobody_is_happy_contradicts_them() -> None:
    text = "Nobody is really that happy with their payroll provider after nine years."
    assert "arguing" in guards(text, prospect=HAPPY)
    assert "arguing" not in guards("Nobody likes switching payroll mid-year, fair enough.", HAPPY)


def test_a_who_clause_inside_a_question_asks_for_the_right_person() -> None:
    line = "If it's software, email hello@ and someone will get back to you."
    rubric = ({"use": "acknowledge"}, {"use": "ask-for-right-person", "weight": 2})
    result = score(
        "Happy to email. So it doesn't sit in hello@, who looks after maintenance there?",
        *rubric,
        prospect=line,
    )
    assert result.criteria[1].passed and result.score > 70


def test_credit_where_it_is_due_acknowledges() -> None:
    line = "We just finished a big refit and the owners froze all spending until spring."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    for text in (
        "Congrats on finishing the refit. Does the freeze lift when the spring budget lands?",
        "A refit like that is hard to beat. Does the freeze lift when the spring budget lands?",
    ):
        assert score(text, *rubric, prospect=line).criteria[0].passed, text


def test_no_need_to_set_a_time_turns_the_next_step_down() -> None:
    line = "We're moving warehouses next month. Call me in the autumn."
    rubric = ({"use": "acknowledge"}, {"use": "advance-next-step", "weight": 2})
    result = score(
        "Good luck with the move. No need to set a time now, I'll try you later.",
        *rubric,
        prospect=line,
    )
    assert "refuses-move" in {g.id for g in result.guards if g.triggered}
    assert result.score < 5


def test_a_feature_list_opened_by_with_is_a_feature_list() -> None:
    line = "We're opening a second clinic in June. Call me after that."
    text = (
        "Great news! We have a bundle for new sites, with W-2 imports, e-signature and rota sync."
    )
    result = score(text, {"use": "acknowledge"}, {"use": "advance-next-step"}, prospect=line)
    assert any(g.id == "about-us" and "feature list" in g.label for g in result.guards)


LATER_MONTH = "Our budget resets in September. Nothing gets bought before then, call me after."
MONTH_RUBRIC = ({"use": "acknowledge"}, {"use": "advance-next-step", "weight": 2})


@pytest.mark.parametrize(
    "text",
    [
        "Understood, I'll give you a call in September then.",
        "understood ill ring you in september then",
    ],
)
def test_a_promised_call_in_a_named_month_is_a_next_step_like_a_proposed_one(text: str) -> None:
    result = score(text, *MONTH_RUBRIC, prospect=LATER_MONTH)
    proposed = score("Understood. Could we talk in September?", *MONTH_RUBRIC, prospect=LATER_MONTH)
    assert result.criteria[1].passed
    assert result.criteria[1].credit == proposed.criteria[1].credit
    assert score("Understood, talk soon.", *MONTH_RUBRIC, prospect=LATER_MONTH).score < result.score


def test_a_question_inside_a_refused_ask_is_no_question() -> None:
    line = "Go ahead, you've got a minute."
    rubric = ({"use": "clarifying-question"},)
    result = score(
        "ok i wont ask how you run it now ill just say what we do", *rubric, prospect=line
    )
    assert not result.criteria[0].passed


def test_a_directory_named_as_the_source_is_an_honest_source() -> None:
    line = "How did you get this number? It's our back office line."
    rubric = ({"use": "honest-source", "weight": 2}, {"use": "acknowledge"})
    result = score(
        "Sorry about that. We pulled it from a trade directory listing.", *rubric, prospect=line
    )
    assert result.criteria[0].passed


def test_not_having_read_their_form_builds_on_nothing() -> None:
    line = "As I wrote in the form: three vans, two depots, and we lose a day a week to routing."
    rubric = ({"use": "build-on-inbound", "weight": 2}, {"use": "no-repeat-ask"})
    result = score(
        "I haven't had a chance to read your form, so let's start from scratch. What do you run?",
        *rubric,
        prospect=line,
    )
    assert not any(c.passed for c in result.criteria)


def test_a_pitch_slipped_in_after_their_no_costs_points() -> None:
    line = "We're locked into a contract until 2027, there's nothing to discuss."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question"})
    slipped = score(
        "Understood. Just so you know, we can sometimes buy out a contract.", *rubric, prospect=line
    )
    hit = [g for g in slipped.guards if g.id == "about-us"]
    assert hit and "after their no" in hit[0].label and "buy out" in hit[0].evidence[0].text
    assert hit[0].penalty == 10  # priced like a feature list, not like quota talk
    # A prospect who said yes hears no pitch warning for "just so you know".
    fine = "Great, talk Thursday. Just so you know, I'll send the invite from my work address."
    assert "about-us" not in guards(fine, prospect="Sure, Thursday at ten works.")


@pytest.mark.parametrize(
    "text",
    [
        "I'm not hanging up until we put a date in, Sam.",
        "No rush, I'll just keep calling until you find a minute.",
        "Surely you can find ten minutes this week?",
    ],
)
def test_refusing_to_let_them_go_is_pushy(text: str) -> None:
    line = "I said I'd read the proposal when I get a chance. Nothing's changed."
    assert "pushy" in guards(text, prospect=line)


def test_an_embedded_who_question_asks_for_the_right_person() -> None:
    line = "Head office. Vendors go through purchasing, the director doesn't take calls."
    rubric = ({"use": "acknowledge"}, {"use": "ask-for-right-person", "weight": 2})
    result = score(
        "ok fair um do you know who in purchasing looks after software", *rubric, prospect=line
    )
    assert result.criteria[1].passed


def test_a_hedged_source_earns_most_not_all_of_the_move() -> None:
    line = "Where did you get this number? It's my mobile."
    rubric = ({"use": "honest-source", "weight": 2}, {"use": "reason-for-call"})
    plain = score(
        "It came from a list we bought. I'm Ana from Permitly, we track permits.",
        *rubric,
        prospect=line,
    )
    hedged = score(
        "It came from a list we bought, I think. I'm Ana from Permitly, we track permits.",
        *rubric,
        prospect=line,
    )
    assert plain.criteria[0].credit == 1.0
    assert hedged.criteria[0].passed and hedged.criteria[0].credit < 1.0
    assert "I think" in (hedged.criteria[0].detail or "")
    assert hedged.score < plain.score


def test_setting_their_reason_aside_for_a_verdict_on_them_argues() -> None:
    line = "There's no budget left this year, it all went on the new roof."
    text = "It's not that there's no budget, it's that you haven't made this a priority."
    assert "arguing" in guards(text, prospect=line)


@pytest.mark.parametrize(
    "text",
    [
        "She's not, but it's important, so please go and get her.",
        "Then get her on the line, please.",
    ],
)
def test_sending_the_gatekeeper_to_fetch_them_demands_a_transfer(text: str) -> None:
    line = "Is Ms. Ito expecting you? She's in the cold store and said no calls."
    assert "pushy" in guards(text, prospect=line)


@pytest.mark.parametrize(
    "text",
    [
        "Two minutes, trust me, it'll save you thousands.",
        "I know you're slammed, but this won't take long.",
        "Give me a minute now, the deliveries can wait.",
    ],
)
def test_pressing_a_busy_prospect_is_pushy(text: str) -> None:
    line = "I've got three deliveries to sign for and no time for this."
    assert "pushy" in guards(text, prospect=line)


def test_putting_off_our_own_thing_is_not_pushy() -> None:
    line = "I've got three deliveries to sign for and no time for this."
    assert "pushy" not in guards("No problem, the demo can wait. Could I ring you at four?", line)


def test_make_it_fast_sounds_hurried() -> None:
    line = "Yeah? I'm up a ladder on a roof job, so make it fast."
    rubric = ({"use": "reason-for-call", "weight": 2}, {"use": "respect-time"})
    long_answer = (
        "Hi, this is Sam from RoofDesk, thanks so much for picking up, I really appreciate it. "
        "I'll be quick because I know you're busy up there. We build job scheduling software "
        "for roofing contractors that shows you where every crew is and stops double-booking "
        "between jobs. Would it be easier if I called you back later this afternoon?"
    )
    result = score(long_answer, *rubric, prospect=line)
    assert any(g.id == "rambling" for g in result.guards)


def test_what_customers_like_them_use_it_for_is_a_benefit() -> None:
    line = "We're four people and one van. Software like yours is for the big firms."
    rubric = ({"use": "acknowledge"}, {"use": "value-for-buyer", "weight": 2})
    result = score(
        "Fair worry. Most of our customers run one or two vans and use it to quote on the spot.",
        *rubric,
        prospect=line,
    )
    assert result.criteria[1].passed


def test_waving_their_reason_away_argues() -> None:
    line = "We're four people and one van. Software like yours is for the big firms."
    assert "arguing" in guards("Four people isn't a reason, it's a mindset.", prospect=line)
    assert "arguing" in guards("Too small? That's not a real objection.", prospect=line)


def test_turning_down_the_contact_they_offered_refuses_the_ask() -> None:
    line = "Just email info@ and if anyone's interested they'll get back to you."
    rubric = ({"use": "acknowledge"}, {"use": "ask-for-right-person", "weight": 2})
    result = score(
        "Fine, I don't need a name. I'll send a brochure to info@.", *rubric, prospect=line
    )
    assert not result.criteria[1].passed
    assert "refuses-move" in {g.id for g in result.guards if g.triggered}


def test_refusing_to_take_their_no_is_pushy() -> None:
    line = "Not interested, we've just signed with someone."
    assert "pushy" in guards("Fine, but I won't take that as a final no.", prospect=line)


def test_a_removal_handed_to_someone_else_earns_most_of_the_move() -> None:
    done = score("Sorry about that, I've taken you off the list.", *STOP_RUBRIC, prospect=STOP)
    handed = score(
        "Sorry, I'll let the team know to take you off the list.", *STOP_RUBRIC, prospect=STOP
    )
    assert handed.criteria[0].passed and handed.criteria[0].credit < 1.0
    assert "passed on" in (handed.criteria[0].detail or "")
    assert handed.score < done.score


def test_an_introduction_that_says_what_the_company_is_gives_a_reason() -> None:
    line = "Who's this? I've got a customer at the counter."
    rubric = ({"use": "reason-for-call", "weight": 2}, {"use": "respect-time"})
    said = score(
        "Hi, it's Ana with Shelfwise, a stock control software company.", *rubric, prospect=line
    )
    assert said.criteria[0].passed
    listed = score(
        "Hi, it's Ana with Shelfwise, a stock company offering scanning, counts and reorders.",
        *rubric,
        prospect=line,
    )
    assert not listed.criteria[0].passed or listed.score < said.score


def test_a_special_price_and_a_free_extra_are_discounting() -> None:
    line = "It's all about price for us, who's cheapest."
    text = "For you I can do ninety a month, our lowest price, and I'll throw in setup."
    assert "discounting" in guards(text, prospect=line)


@pytest.mark.parametrize(
    "text",
    [
        "Running payroll on a spreadsheet is asking for trouble. You're lucky it hasn't broken.",
        "Finance people just don't understand software. Shall I call your CFO myself?",
    ],
)
def test_scaring_or_talking_down_to_them_argues(text: str) -> None:
    """Talking down argues; a scare is pressure: both capped below every harmless answer."""
    line = "Our finance lead runs payroll on a spreadsheet and she's wary of new tools."
    assert {"arguing", "pressure"} & guards(text, prospect=line)


@pytest.mark.parametrize(
    "text",
    [
        "Sixth call this week, I'd be sick of it too. Is the rota side already sorted?",
        "That sounds rough, and I'd be cautious too after that. What went wrong with the import?",
    ],
)
def test_putting_yourself_in_their_shoes_acknowledges(text: str) -> None:
    line = "Not interested. We tried an app last year, the import lost our rotas."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    result = score(text, *rubric, prospect=line)
    assert result.criteria[0].passed
    assert "their shoes" in (result.criteria[0].detail or "")


def test_a_negated_first_person_would_is_no_acknowledgement() -> None:
    line = "Not interested. We tried an app last year, the import lost our rotas."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    result = score(
        "I wouldn't worry about that either. What do you use now?", *rubric, prospect=line
    )
    assert not result.criteria[0].passed


def test_a_person_they_named_is_not_a_supplier_to_re_ask() -> None:
    line = "Anything over $300 goes through Marcus, our owner, and he hates new software."
    rubric = ({"use": "acknowledge"}, {"use": "clarifying-question", "weight": 2})
    result = score(
        "Good to know. What does Marcus dislike most, the cost or tools staff won't use?",
        *rubric,
        prospect=line,
    )
    assert result.criteria[1].passed


def test_naming_a_role_then_asking_their_name_asks_for_the_right_person() -> None:
    line = "Send it to hello@ and if anyone's interested they'll reply."
    rubric = ({"use": "acknowledge"}, {"use": "ask-for-right-person", "weight": 2})
    result = score(
        "Will do. If I address it to your fleet manager, what's their name?", *rubric, prospect=line
    )
    assert result.criteria[1].passed


def test_is_there_anything_about_their_setup_asks_as_a_peer() -> None:
    result = score(
        "fair enough um is there anything tidewater payroll doesnt do that you have to work around",
        *HAPPY_RUBRIC,
        prospect=HAPPY,
    )
    assert result.criteria[1].passed
    general = score("Fair enough. Is there anything else?", *HAPPY_RUBRIC, prospect=HAPPY)
    assert not general.criteria[1].passed


def test_refusing_to_stop_until_they_decide_pushes() -> None:
    line = "I got your emails. Nothing's changed, we're still deciding."
    assert "pushy" in guards("I'm not going to stop emailing until you make a decision.", line)


def test_telling_them_their_competitors_left_them_behind_argues() -> None:
    line = "I got your emails. Nothing's changed, we're still deciding."
    text = "Still deciding? Your competitors have already moved. At this rate you'll never switch."
    assert "arguing" in guards(text, prospect=line)


def test_doubting_their_request_to_stop_pushes() -> None:
    text = "Removing you means your staff miss out. Are you sure that's what you want?"
    assert "pushy" in guards(text, prospect="Take me off your list, please.")


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("Clinics that wait until spring always regret it, so let's do it today.", "rude"),
        ("Forget the form, I never go by what people write. How many rooms?", "arguing"),
        ("Then don't tell him. Sign the small plan now and sort the rest later.", "misleads"),
        ("I need the owner himself. Just give me his mobile.", "pushy"),
    ],
)
def test_more_harm_in_other_words(text: str, guard: str) -> None:
    line = "I filled in your form. Anything over $500 needs my owner, and he's away until spring."
    assert guard in guards(text, prospect=line)


def test_you_cannot_afford_to_hang_up_pushes() -> None:
    line = "What's this about? I've got a coach party arriving, you've got a minute."
    # fear for their business, a pressure (harms.PRESSURE_EVEN_NEGATED), capped like pushing
    assert "pressure" in guards("You really can't afford to hang up on me.", prospect=line)


def test_an_irregular_plural_is_their_word() -> None:
    line = "We bought a timesheet app and the linemen refused to use it."
    text = "Our onboarding is different, we train every lineman personally on site in week one."
    assert "ignores-prospect" not in guards(text, prospect=line)


def test_holding_up_ambitious_firms_against_them_argues() -> None:
    line = "We're a four-person practice, tools like yours are for big firms."
    assert "arguing" in guards("Ambitious practices don't think that way.", prospect=line)
