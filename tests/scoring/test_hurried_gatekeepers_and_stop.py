"""Structural faults a third coach's set showed (issue 11), each pinned with new sentences.

Hurried prospects and call-back times, a gatekeeper's "he isn't available", pushing after a
refusal, invented urgency, moves missed in longer answers (titles such as "Dr.", speech after
"um", a question's choices later in its sentence, "if we spoke on Wednesday"), what the company
does as a reason for the call, playing back an inbound form, a feature list.
"""

from __future__ import annotations

import pytest

from tests.scoring.helpers import guards, passed, score, step
from trainer.scenario.format import checked
from trainer.scenario.models import DeliveryTargets
from trainer.scoring.answer import Answer
from trainer.scoring.detectors import find_next_step, find_questions
from trainer.scoring.normalize import normalise
from trainer.scoring.phrases import Matcher
from trainer.scoring.scorer import score_answer

NEXT_STEP = {"use": "advance-next-step"}
BRIEF = {"use": "brief-answer"}
PERMISSION = {"use": "permission-opener"}
REASON = {"use": "reason-for-call"}
RIGHT_PERSON = {"use": "ask-for-right-person"}
COMPLY = {"use": "comply-do-not-call"}
CALLBACK = {"use": "leave-callback-details"}
INBOUND = {"use": "build-on-inbound"}
CONFIRM = {"use": "confirm-understanding"}
ACK = {"use": "acknowledge"}
PEER = {"use": "peer-question"}

IN_THE_KITCHEN = "Sorry love, I'm in the middle of the breakfast rush, what is it?"
AT_THE_COUNTER = "Who's calling? I've got a queue at the till and bread in the oven."
NOT_IN = "Ms. Harlow isn't in today. Do you want to leave a message?"
STOP = "Please stop ringing this number. Take us off your list."
VOICEMAIL = "You've reached Omar Haddad at Northgate Dental. Leave a message after the beep."
FORM = "Hi, I sent the form last night. We run nine ambulances and the fuel logs are a mess."


def _steps(text: str) -> list[tuple[int, int]]:
    norm = normalise(text)
    return find_next_step(norm, Matcher(norm))


# -- hurried prospects ------------------------------------------------------------------------


def test_a_brief_answer_to_a_hurried_prospect_with_a_call_back_time_scores_well() -> None:
    """Was: a 35-word answer tripped the 30-word rambling guard and its 'half two' was no
    time at all, so it scored below a vague one."""
    text = (
        "Sorry, the breakfast rush is no time for this. In short: we take the daily fridge "
        "checks off paper and onto a tablet. Can I ring you back at half two once it's calmer?"
    )
    rubric = ({"use": "respect-time", "weight": 2}, BRIEF, {**NEXT_STEP, "weight": 2})
    result = score(text, *rubric, prospect=IN_THE_KITCHEN)
    assert not result.guards
    assert result.score >= 90
    vague = score("Sorry, bad time. When's better?", *rubric, prospect=IN_THE_KITCHEN)
    assert result.score > vague.score


@pytest.mark.parametrize("prospect", [IN_THE_KITCHEN, AT_THE_COUNTER])
def test_kitchen_and_counter_rushes_are_hurried(prospect: str) -> None:
    rambling = " ".join(["We help bakeries keep their allergen sheets in order."] * 5)
    assert "rambling" in guards(rambling, prospect=prospect)


def test_running_something_past_the_boss_is_not_hurry() -> None:
    """Was: "I'd have to run it past Dr. Okafor" read as "I have to run"."""
    text = " ".join(["Of course, it makes sense to include her in the choice."] * 4)
    assert "rambling" not in guards(text, prospect="I'll have to run it past Mr. Brandt first.")
    assert "rambling" in guards(text, prospect="Sorry, I have to run, what is it?")


def test_the_hurried_default_is_forty_words_and_a_scenario_can_lower_it() -> None:
    text = " ".join(["We help cafes log fridge temperatures."] * 6)  # 36 words
    s = step(BRIEF, prospect=IN_THE_KITCHEN)
    assert score_answer(s, Answer.typed(text), s.prospect[0]).criteria[0].passed
    tight = checked(DeliveryTargets, {"hurried_words": {"max": 30}})
    result = score_answer(s, Answer.typed(text), s.prospect[0], tight)
    assert not result.criteria[0].passed and any(g.id == "rambling" for g in result.guards)


@pytest.mark.parametrize(
    "text",
    [
        "Could I try you at half four?",
        "Shall I ring back at half past eleven?",
        "Would quarter to three suit you?",
        "Can I call you at two fifteen?",
        "i'll call you back at like four once it's quiet",
    ],
)
def test_spoken_clock_times_are_a_next_step(text: str) -> None:
    assert _steps(text)
    result = score(text, NEXT_STEP, prospect=IN_THE_KITCHEN)
    assert result.criteria[0].passed and result.criteria[0].credit == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "We run four trucks on two shifts.",
        "About three of our clients asked the same.",
        "Was there a time when the chillers failed?",
        "When did you start using it in the office?",
    ],
)
def test_counts_and_past_questions_are_not_times(text: str) -> None:
    assert not _steps(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shall I call you back at four, once the rush is over?",
        "Is it better if I ring back after two?",
        "Could I call you back this afternoon instead?",
    ],
)
def test_offering_to_call_back_asks_permission(text: str) -> None:
    assert passed(text, PERMISSION, prospect=AT_THE_COUNTER)


# -- gatekeeper: "isn't available" ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks. When is she usually in, so I can try again then?",
        "No problem. What's the best time to catch her tomorrow?",
        "Thanks. When would be a good time to reach her?",
    ],
)
def test_asking_when_they_can_be_reached_is_a_next_step(text: str) -> None:
    result = score(text, NEXT_STEP, prospect=NOT_IN)
    assert result.criteria[0].passed


@pytest.mark.parametrize(
    "text",
    [
        "Is there anyone else who looks at the dental supplies?",
        "Or is someone else in charge of ordering?",
    ],
)
def test_asking_for_someone_else_asks_for_the_right_person(text: str) -> None:
    assert passed(text, RIGHT_PERSON, prospect=NOT_IN)


def test_a_good_gatekeeper_answer_beats_a_bare_message() -> None:
    rubric = (REASON, RIGHT_PERSON, {**NEXT_STEP, "weight": 2})
    good = score(
        "Thanks. It's Kim from Clearline, calling about the sterilising contract for your "
        "surgeries. When is she usually in, so I can ring then? Or is there someone else "
        "who handles it?",
        *rubric,
        prospect=NOT_IN,
    )
    bare = score("Just tell her Kim rang, thanks.", *rubric, prospect=NOT_IN)
    assert good.score >= 90 > 30 > bare.score


# -- no means no; invented urgency ------------------------------------------------------------


def test_pitching_after_agreeing_to_stop_is_not_complying() -> None:
    """Was: 100 on a do-not-call request."""
    text = (
        "Sure, I'll take you off our list. Before I go, we have a spring offer on card "
        "machines - are you sure you don't want the details?"
    )
    result = score(text, COMPLY, {"use": "stay-respectful"}, prospect=STOP)
    assert not result.criteria[0].passed
    assert "kept pitching" in (result.criteria[0].detail or "")
    assert "pushy" in {g.id for g in result.guards}
    assert result.score < 20


def test_complying_and_checking_it_is_done_still_complies() -> None:
    text = "Of course, I'll remove your number today and you won't hear from us again. Okay?"
    assert passed(text, COMPLY, prospect=STOP)


def test_invented_urgency_on_a_voicemail_costs_points() -> None:
    """Was: 100 for 'it's urgent, call me back immediately on <number>'."""
    text = (
        "Omar, it's urgent, about your sterilisation audit. Call me back immediately on "
        "0113 496 0777."
    )
    result = score(text, CALLBACK, prospect=VOICEMAIL)
    assert "false-urgency" in {g.id for g in result.guards}
    assert result.score <= 50


def test_callback_details_want_a_number_and_a_day() -> None:
    number_only = score("It's Lee at Brightwash, my number is 0113 496 0555.", CALLBACK)
    both = score(
        "It's Lee at Brightwash, my number is 0113 496 0555, and I'll try you again Friday "
        "morning.",
        CALLBACK,
        prospect=VOICEMAIL,
    )
    assert number_only.criteria[0].passed and number_only.criteria[0].credit < 1.0
    assert both.criteria[0].passed and both.criteria[0].credit == 1.0


# -- moves missed in longer answers -----------------------------------------------------------


def test_a_title_does_not_end_the_question() -> None:
    norm = normalise("What will matter most to Mrs. Osei, speed or price?")
    questions = find_questions(norm, Matcher(norm))
    assert len(questions) == 1
    assert questions[0].span == (0, len(norm.content) - 1)


def test_speech_after_um_can_open_a_question() -> None:
    text = "right that's fair um have you ever looked at a heat pump for the depot"
    norm = normalise(text)
    assert find_questions(norm, Matcher(norm))


def test_a_spoken_question_with_its_choices_later_is_pointed() -> None:
    s = step(
        PEER,
        prospect="We're getting quotes from two other firms.",
        model_answer="What will decide it for you, the callout time or the price per visit?",
    )
    text = (
        "yeah fair enough um what's gonna matter most to you at the end of the day like "
        "whether someone turns up the same morning or the price per visit"
    )
    result = score_answer(s, Answer.typed(text), s.prospect[0])
    assert result.criteria[0].passed and result.criteria[0].credit == 1.0


def test_a_proposal_in_the_past_tense_after_if_keeps_its_day() -> None:
    text = "Would it help if the three of us met for ten minutes on Thursday afternoon?"
    result = score(text, NEXT_STEP, prospect="I'd need to check with my partner.")
    assert result.criteria[0].passed and result.criteria[0].credit == 1.0
    assert not _steps("We spoke on Thursday about it.")


def test_could_we_set_up_a_time_is_a_proposal() -> None:
    assert _steps("Could we set up a time to go through your numbers?")


@pytest.mark.parametrize(
    "text",
    [
        "Just to check I've got it right: nine ambulances and fuel logs by hand?",
        "Let me check I've understood - nine vehicles, paper logs, and month-end chaos.",
    ],
)
def test_checking_you_got_it_right_confirms_understanding(text: str) -> None:
    assert passed(text, CONFIRM, prospect=FORM)


def test_granting_their_point_in_two_words_acknowledges() -> None:
    prospect = "You again? I said I'd ring you if we needed anything."
    assert passed("You did, and I'll be brief.", ACK, prospect=prospect)
    assert "ignores-prospect" not in guards(
        "You did, and I'll be brief. One new thing: mileage rates change in April and we can "
        "fix yours for the year.",
        prospect=prospect,
    )


# -- reason for the call, inbound play-back, feature lists -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It's Ana from Coldline. We swap paper fridge logs for sensors that text you.",
        "Ana at Coldline here - we fit sensors in walk-in fridges so nobody checks by hand.",
    ],
)
def test_saying_what_the_company_does_is_a_reason_for_the_call(text: str) -> None:
    assert passed(text, REASON, prospect=AT_THE_COUNTER)


@pytest.mark.parametrize(
    "text",
    [
        "We think you might like it.",
        "We were in the area last week.",
        "We sent you a brochure in May.",
        "We offer sensors, alarms, apps, reports, dashboards and training.",
        "Could you let him know I rang?",
    ],
)
def test_opinions_past_visits_and_feature_lists_are_not_a_reason(text: str) -> None:
    assert not passed(text, REASON, prospect=AT_THE_COUNTER)


def test_playing_back_the_form_builds_on_inbound_but_asking_again_does_not() -> None:
    said = "Thanks for getting in touch. Nine ambulances and messy fuel logs sounds like hard work."
    assert passed(said, INBOUND, prospect=FORM)
    assert not passed(
        "Thanks for getting in touch. How many ambulances do you run?", INBOUND, prospect=FORM
    )


def test_a_feature_list_is_about_us() -> None:
    text = (
        "We're a fleet platform with fuel cards, telematics, tyre alerts, driver scoring and "
        "a mobile app."
    )
    assert "about-us" in guards(text, prospect=FORM)
    assert "about-us" not in guards(
        "Thanks. Is it the paper logs, the receipts, or the month-end totals that hurt most?",
        prospect=FORM,
    )


@pytest.mark.parametrize(
    "text",
    [
        "We can ring back once things have calmed down.",
        "Whatever suits you best, Thursday or Friday?",
    ],
)
def test_describing_a_calmer_moment_or_deferring_is_not_rude(text: str) -> None:
    assert "rude" not in guards(text, prospect=IN_THE_KITCHEN)


def test_telling_a_busy_prospect_it_will_take_minutes_is_pushy_not_respect() -> None:
    text = "This will take ten minutes, the lunch orders can wait. Have you seen your last audit?"
    result = score(text, {"use": "respect-time"}, prospect=IN_THE_KITCHEN)
    assert not result.criteria[0].passed
    assert "pushy" in {g.id for g in result.guards}


def test_saying_a_loss_must_have_hurt_labels_the_emotion() -> None:
    prospect = "We lost a whole freezer of stock in the heatwave."
    assert passed(
        "Losing a full freezer must have hurt. What happened?",
        {"use": "label-emotion"},
        prospect=prospect,
    )


def test_a_company_in_the_middle_of_a_project_is_not_a_hurried_person() -> None:
    text = " ".join(["We help depots move their stock records without a weekend freeze."] * 4)
    assert "rambling" not in guards(
        text, prospect="We're in the middle of a software migration, so not this year."
    )


@pytest.mark.parametrize("text", ["Is now a good time to talk?", "Is this a bad time to call?"])
def test_asking_for_this_call_is_not_a_next_step(text: str) -> None:
    assert not _steps(text)
