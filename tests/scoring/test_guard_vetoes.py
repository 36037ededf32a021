"""QA session 8, item 5: one fact, one verdict. A guard that flags harm vetoes the rubric
move it contradicts, in `trainer score`, the app and the plain drill alike (all show what
`score_answer` returns). Each test asserts what a rep reads in the breakdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.scenario.library import Library, load_library
from trainer.scoring.answer import Answer
from trainer.scoring.format import format_breakdown
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _shipped(library: Library, scenario: str, text: str, step_id: str | None = None) -> TurnScore:
    s = library.get(scenario).scenario
    st = s.step(step_id or s.first_step)
    return score_answer(
        st, Answer.typed(text), st.prospect[0], s.delivery, prospect_name=s.persona.name or None
    )


def _lines(result: TurnScore, text: str) -> list[str]:
    return format_breakdown(result, text).splitlines()


def _mark(result: TurnScore, text: str, label: str) -> str:
    """The mark shown before a move's label: '✓' or '✗'."""
    line = next(x for x in _lines(result, text) if x.strip()[2:].startswith(label + ":"))
    return line.strip()[0]


def test_claiming_their_time_is_not_respecting_it(library: Library) -> None:
    """Was: '✓ Respect their time “two minutes”' beside 'claims their time without asking'."""
    text = "Come on, don't be like that. Give me two minutes, you'll regret it otherwise."
    result = _shipped(library, "objection/not-interested", text)
    assert any("claims their time" in g.label for g in result.guards)
    assert _mark(result, text, "Respect their time") == "✗"
    respect = next(c for c in result.criteria if c.id == "respect-time")
    assert "flagged below: pushing past their no" in (respect.detail or "")


def test_pushing_past_their_no_is_pressure(library: Library) -> None:
    """Was: '✓ No pressure or guilt 16/16' beside '! Pushing past their no'."""
    text = "Look, this will only take two minutes. Your competitors already use us."
    result = _shipped(library, "objection/no-time", text)
    assert any(g.id == "pushy" for g in result.guards)
    assert _mark(result, text, "No pressure or guilt") == "✗"


def test_a_demand_to_be_put_through_is_not_respectful(library: Library) -> None:
    """Was: '✓ Stay respectful' beside 'demands to be put through'."""
    text = "Put me through to her please. I don't have time to explain it to an assistant."
    result = _shipped(library, "gatekeeper/screening-assistant", text)
    assert any(g.id == "pushy" for g in result.guards)
    assert _mark(result, text, "Stay respectful") == "✗"


def test_arguing_and_a_last_pitch_fail_their_own_checks(library: Library) -> None:
    """Was: '✓ Stay respectful' beside arguing and '✓ No last pitch or question 9 of 17'
    beside 'kept pitching after agreeing to stop'."""
    text = (
        "Of course I'll remove you, but honestly you're making a mistake, this would save you "
        "hours. Can I at least send you a brochure?"
    )
    result = _shipped(library, "objection/take-me-off-your-list", text)
    assert _mark(result, text, "Stay respectful") == "✗"
    assert _mark(result, text, "No last pitch or question") == "✗"
    pitch = next(c for c in result.criteria if c.id == "no-last-pitch")
    assert [e.text for e in pitch.evidence] == ["Can I at least send you a brochure"]


def test_good_answers_keep_every_move(library: Library) -> None:
    """The vetoes take nothing from an answer no guard flags."""
    cases = [
        ("objection/take-me-off-your-list", None),
        ("objection/no-time", None),
        ("objection/not-interested", None),
    ]
    for scenario, step_id in cases:
        s = library.get(scenario).scenario
        st = s.step(step_id or s.first_step)
        assert st.model_answer
        result = _shipped(library, scenario, st.model_answer, step_id)
        assert not result.guards, scenario
        assert not any("flagged below" in (c.detail or "") for c in result.criteria), scenario


# -- numbers that read the same fact once (QA session 8, items 5 and 11) ---------------------


def _questions_line(result: TurnScore, text: str) -> str:
    return next(x.strip() for x in _lines(result, text) if "Questions" in x)


def test_a_do_not_call_step_sets_no_question_target(library: Library) -> None:
    """Was: '✗ Questions asked: 0 (target at least 1)' beside '✓ No last pitch or question'
    on the model answer itself: its model answer asks nothing, so no target is set."""
    s = library.get("objection/take-me-off-your-list").scenario
    text = s.step(s.first_step).model_answer or ""
    result = _shipped(library, "objection/take-me-off-your-list", text)
    assert _questions_line(result, text) == "✓ Questions about them: 0  (target none)"


def test_the_questions_line_keeps_its_label_through_a_call(library: Library) -> None:
    """Was: 'Questions asked' on one step and 'Questions about them' on the next."""
    s = library.get("cold-call/permission-opener").scenario
    labels = set()
    for st in s.steps:
        result = _shipped(library, s.id, st.model_answer or "Okay.", st.id)
        labels |= {m.label for m in result.delivery if m.id == "questions"}
    assert labels == {"Questions about them"}


def test_a_lead_in_and_its_question_are_one_question(library: Library) -> None:
    """Was: 'I wonder if you can help me: who…?' counted as 2 questions."""
    text = "Hi, it's Alex from SiteSafe. I wonder if you can help me: who looks after the vans?"
    result = _shipped(library, "gatekeeper/friendly-receptionist", text)
    assert _questions_line(result, text).startswith("✓ Questions about them: 1 ")


def test_asking_for_a_minute_is_not_a_question_about_them(library: Library) -> None:
    """Was: 'Do you have a minute?' passed 'Ask a clarifying question' on no-time."""
    text = "Understood, I'm calling about your stocktake. Do you have a minute?"
    result = _shipped(library, "objection/no-time", text)
    assert not next(c for c in result.criteria if c.id == "clarifying-question").passed
    assert _questions_line(result, text).startswith("✗ Questions about them: 0 ")


def test_a_move_met_in_full_shows_all_its_worth(library: Library) -> None:
    """Was: '✓ No pressure or guilt: 15 of 16 points' with no reason, and a move's worth
    changing between answers: the move met in part (a general question) takes up the
    rounding, a move met in full shows all of its fixed worth."""
    answers = [
        "Understood, I'm calling about your stocktake. What does it cost you?",
        "Understood, I'll be quick: it's about your stocktake. How does it go?",
        "Understood, I'm calling about your stocktake, what's it like for you?",
    ]
    worths: dict[str, set[str]] = {}
    for text in answers:
        result = _shipped(library, "objection/no-time", text)
        for x in _lines(result, text):
            if " points" in x and (x.strip().startswith("✓") or x.strip().startswith("✗")):
                label, rest = x.strip()[2:].split(": ", 1)
                earned, worth = rest.split(" points")[0].split(" of ")
                worths.setdefault(label, set()).add(worth)
                if x.strip().startswith("✓") and "general" not in x:
                    assert earned == worth, x
    assert all(len(w) == 1 for w in worths.values()), worths


def test_a_polite_promise_to_be_short_respects_their_time(library: Library) -> None:
    """Item 6, was: '✗ Respect their time (said what to avoid) “won't take long”' on "I
    won't take long"; "this won't take long" still brushes their no aside."""
    polite = (
        "No need to decide anything now, and I won't take long. I'm calling because most "
        "warehouses lose a weekend to the stocktake. How long does yours shut you down for?"
    )
    result = _shipped(library, "objection/no-time", polite)
    assert _mark(result, polite, "Respect their time") == "✓"
    assert not result.guards
    brushed = "Sure, this won't take long. I'm calling about your stocktake. How long is it?"
    result = _shipped(library, "objection/no-time", brushed)
    assert _mark(result, brushed, "Respect their time") == "✗"
    assert any(g.id == "pushy" for g in result.guards)


def test_small_talk_costs_the_small_talk_move_not_the_name(library: Library) -> None:
    """Was: '✗ Use their name (not in the answer)' on "Hi Kate, how are you today?", and
    "how are you?" / "hope you're having a good day" not taken for small talk."""
    text = (
        "Hi Kate, how are you today? It's Alex from SiteSafe, I hope you're having a good day. "
        "Did I catch you at a bad time?"
    )
    result = _shipped(library, "cold-call/permission-opener", text)
    assert _mark(result, text, "Use their name") == "✓"
    small_talk = next(c for c in result.criteria if c.id == "no-fake-small-talk")
    assert [e.text for e in small_talk.evidence] == ["how are you today", "having a good day"]
    short = "Hi Kate, how are you? It's Alex from SiteSafe."
    assert (
        _mark(_shipped(library, "cold-call/permission-opener", short), short, "Use their name")
        == "✓"
    )
    assert (
        _mark(
            _shipped(library, "cold-call/permission-opener", short), short, "No scripted small talk"
        )
        == "✗"
    )


def test_quoting_the_form_builds_on_it_and_thanks_do_not(library: Library) -> None:
    """Was: '✓ Quotes what she wrote' beside '✗ Build on what they told us', and "thanks for
    your request" earning Build on inbound “your request”."""
    quoted = (
        "Hi Rosa, Alex from Paywell. Six centres, route-setters paid per session, and live "
        "before April. What's the hardest part today?"
    )
    result = _shipped(library, "inbound/demo-request", quoted)
    assert _mark(result, quoted, "Quotes what she wrote") == "✓"
    assert _mark(result, quoted, "Build on what they told us") == "✓"
    thanks = "Hi Rosa, Alex from Paywell, thanks for your request. What would you like to see?"
    result = _shipped(library, "inbound/demo-request", thanks)
    assert _mark(result, thanks, "Build on what they told us") == "✗"


# -- evidence quotes the right words (QA session 8, item 9) ----------------------------------


def test_a_negated_claim_is_quoted_with_its_negation(library: Library) -> None:
    """Was: '(negated: “It's”)' and a refusal guard quoting “It's”."""
    text = "It's not a sales call as such, I'm just calling to see how you handle your IT."
    result = _shipped(library, "objection/is-this-a-sales-call", text)
    says_yes = next(c for c in result.criteria if c.id == "honest-yes")
    assert "negated: \u201cIt's not a sales call as such\u201d" in (says_yes.detail or "")
    for g in result.guards:
        assert all(e.text != "It's" for e in g.evidence), g


def test_a_spoken_who_question_is_quoted_without_the_next_clause(library: Library) -> None:
    """Was: the quote ran on into "...and if you cant tell me ill"."""
    text = (
        "hi jenny alex from routewise who would plan the delivery vans there and if you cant "
        "tell me ill just call back later"
    )
    result = _shipped(library, "gatekeeper/friendly-receptionist", text)
    who = next(c for c in result.criteria if c.id == "ask-for-right-person")
    assert [e.text for e in who.evidence] == ["who would plan the delivery vans there"]


def test_i_know_you_are_is_no_respect_for_their_time_on_its_own(library: Library) -> None:
    """Was: '✓ Respect their time “I know you are”' on a ramble."""
    text = "Yeah I know you are, I know, but what I wanted to say is we do stock counts. How long?"
    result = _shipped(library, "objection/no-time", text)
    assert _mark(result, text, "Respect their time") == "✗"


def test_supposing_they_get_many_calls_is_not_an_order(library: Library) -> None:
    """Was: "I know you must get a lot of these calls" flagged as disrespect (“you must”)."""
    text = (
        "Of course, I know you must get a lot of these calls. I've taken you off our list, "
        "sorry to bother you."
    )
    result = _shipped(library, "objection/take-me-off-your-list", text)
    assert _mark(result, text, "Stay respectful") == "✓"
    assert result.score >= 70


RAMBLE = (
    "Right, yes, I totally get it, everyone is busy these days, and honestly I would not "
    "normally call at a time like this, but what I wanted to say is that we help warehouses "
    "like yours count stock in small batches every day instead of closing for a whole weekend, "
    "and a lot of our customers say it saves them overtime, so I just thought it might be worth "
    "a quick chat at some point, if you have a minute?"
)


def test_a_long_answer_is_not_printed_again_as_its_question(library: Library) -> None:
    """Was: the plain drill printed a 79-word answer twice, once as the answer and once as
    the quote of the question that ended it; and "if you have a minute?" passed as a
    question about her."""
    result = _shipped(library, "objection/no-time", RAMBLE)
    question = next(c for c in result.criteria if c.id == "clarifying-question")
    assert not question.passed
    assert question.detail == "no question about them (asking for their time is not one)"
    longest = max((len(e.text.split()) for c in result.criteria for e in c.evidence), default=0)
    assert longest <= 20


def test_a_run_on_question_is_quoted_from_its_last_clause(library: Library) -> None:
    text = (
        "Right, yes, I totally get it, everyone is busy these days, and honestly I would not "
        "normally call now, but with the stocktake closing you for a weekend and all that "
        "overtime adding up, how long does it actually shut you down for?"
    )
    result = _shipped(library, "objection/no-time", text)
    question = next(c for c in result.criteria if c.id == "clarifying-question")
    assert question.passed
    assert [e.text for e in question.evidence] == ["how long does it actually shut you down for"]


def test_a_run_on_monologue_is_not_brief_within_the_bound(library: Library) -> None:
    """Item 8, was: a 57-word ramble in one breath scoring 100 with '✓ Keep it brief'."""
    text = (
        "I totally hear you, and you know, I really do understand where you're coming from with "
        "that, and what I'd say is, you know, it's really about the value and what it does for "
        "your team over time, and I think, honestly, if we just took a moment to look at it "
        "together, you know, compared to what are you weighing it up?"
    )
    result = _shipped(library, "objection/too-expensive", text)
    assert _mark(result, text, "Keep it brief") == "✗"
    assert any(g.id == "rambling" for g in result.guards)
    words = next(m for m in result.delivery if m.id == "words")
    assert words.ok is False
    assert result.score < 70
    brief = "That's fair. Compared to what, another quote or the budget you set?"
    assert _shipped(library, "objection/too-expensive", brief).score >= 90


def test_asking_if_they_are_interested_is_no_question_about_them(library: Library) -> None:
    """Item 8, was: "Is that something you'd be interested in?" passing 'Ask a clarifying
    question' (96); a question about her stocktake still does."""
    text = (
        "Understood, I'll be quick. We help warehouses count stock without closing. Is that "
        "something you'd be interested in?"
    )
    result = _shipped(library, "objection/no-time", text)
    question = next(c for c in result.criteria if c.id == "clarifying-question")
    assert question.detail == "no question about them (asking if they're interested is not one)"
    about_her = text.replace(
        "Is that something you'd be interested in?", "How long does your stocktake close you?"
    )
    assert _shipped(library, "objection/no-time", about_her).score > result.score + 15


def test_a_price_rise_held_over_them_is_invented_urgency(library: Library) -> None:
    """Item 8, was: "You need to book the demo today, prices go up next month" (23) above a
    generic "tell me a bit about your company" (5); asking about their prices is no push."""
    pushy = "Hi Rosa, you need to book the demo today, prices go up next month."
    generic = "Hi Rosa, thanks for getting in touch. Tell me a bit about your company."
    result = _shipped(library, "inbound/demo-request", pushy)
    assert any(g.id == "false-urgency" for g in result.guards)
    assert result.score < _shipped(library, "inbound/demo-request", generic).score
    asked = "Hi Rosa. Are prices going up for you this year?"
    assert not _shipped(library, "inbound/demo-request", asked).guards
