"""Issue 11: one verdict per fact, substance over vocabulary, and the detector cases a new
user and a manager found. Each test asserts what a rep would see."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scoring.helpers import guards, moves_total, passed, score, step
from trainer.scenario.format import checked
from trainer.scenario.library import Library, load_library
from trainer.scenario.models import DeliveryTargets
from trainer.scoring.answer import Answer, TimedWord
from trainer.scoring.format import format_breakdown
from trainer.scoring.result import TurnScore
from trainer.scoring.scorer import score_answer

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
NEXT = {"use": "advance-next-step"}
QUESTION = {"use": "clarifying-question"}
BRIEF = {"use": "brief-answer"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(include_user=False, shipped_dir=SHIPPED)


def _shipped(library: Library, scenario: str, step_id: str | None, text: str) -> TurnScore:
    s = library.get(scenario).scenario
    st = s.step(step_id or s.first_step)
    return score_answer(
        st, Answer.typed(text), st.prospect[0], s.delivery, prospect_name=s.persona.name or None
    )


def _metric(result: TurnScore, metric_id: str) -> tuple[float | None, bool | None]:
    m = next(m for m in result.delivery if m.id == metric_id)
    return m.actual, m.ok


def _criterion(result: TurnScore, criterion_id: str) -> bool:
    return next(c for c in result.criteria if c.id == criterion_id).passed


# -- 1. one verdict per fact -------------------------------------------------------------------


def test_a_proposal_is_not_a_question_about_them_anywhere() -> None:
    """Was: '✗ Ask a clarifying question (no question asked)' beside 'Questions asked 1 ✓'."""
    result = score("Sure. Would Tuesday at 2 work?", QUESTION)
    assert not result.criteria[0].passed
    assert "no question about them" in (result.criteria[0].detail or "")
    assert _metric(result, "questions") == (0, False)


def test_the_words_line_and_keep_it_brief_agree_when_too_long() -> None:
    """Was: '✗ Keep it brief (53 words, max 45)' beside 'Words 53 ✓'."""
    text = " ".join(["We help warehouses count stock daily."] * 9)  # 54 words
    result = score(
        text, {"use": "brief-answer", "words": {"max": 45}}, prospect="What is it you do?"
    )
    assert not result.criteria[0].passed
    assert _metric(result, "words") == (54, False)


def test_the_words_line_and_keep_it_brief_agree_when_short() -> None:
    """Was: a 7-word answer got 'Words 7 ✗ (target 10-60)' beside 'Keep it brief ✓'."""
    result = score("Fair enough. What are you comparing against?", BRIEF)
    assert result.criteria[0].passed
    assert _metric(result, "words") == (7, True)


def test_fillers_are_not_words_in_any_count() -> None:
    words = [
        TimedWord(w, i * 0.4, i * 0.4 + 0.3)
        for i, w in enumerate(["um", "so", "uh", "what", "are", "you", "comparing", "it", "to"])
    ]
    s = step(BRIEF)
    result = score_answer(s, Answer.spoken(words), s.prospect[0])
    assert result.criteria[0].detail == "7 words"  # so what are you comparing it to
    assert _metric(result, "words")[0] == 7


def test_a_step_word_bound_drives_the_rambling_guard_for_a_hurried_prospect(
    library: Library,
) -> None:
    """Was: an excellent 34-word answer to 'I don't have time for this' could not pass (a
    fixed 30-word cap). The step says 45; 34 words pass everywhere."""
    text = (
        "Understood. I'm calling because warehouses use us to avoid closing two days for the "
        "annual stocktake and paying a weekend of overtime. Is that a headache for you, or "
        "shall I let you go?"
    )
    result = _shipped(library, "objection/no-time", None, text)
    assert not result.guards and result.score >= 70
    assert _metric(result, "words") == (34, True)


def test_the_hurried_default_caps_an_unwritten_bound_and_says_so() -> None:
    text = " ".join(["We help warehouses count stock daily."] * 7)  # 42 words
    result = score(text, BRIEF, prospect="I'm walking into a meeting, make it quick.")
    assert not result.criteria[0].passed
    assert "more than 40 for a hurried prospect" in (result.criteria[0].detail or "")
    assert any(g.id == "rambling" for g in result.guards)
    assert _metric(result, "words") == (42, False)


def test_a_scenario_can_change_the_hurried_default() -> None:
    text = (
        "Understood, I'll be quick. I'm calling because most warehouses close for two days "
        "for the annual stocktake, and we help them count a little every day instead, so "
        "nobody works the weekend. Is that a headache?"
    )  # 36 words
    targets = checked(DeliveryTargets, {"hurried_words": {"max": 40}})
    s = step(BRIEF, prospect="I'm walking into a meeting, make it quick.")
    result = score_answer(s, Answer.typed(text), s.prospect[0], targets)
    assert result.criteria[0].passed and not result.guards


# -- 2. substance over vocabulary --------------------------------------------------------------


def test_an_off_topic_answer_to_the_price_objection_earns_no_moves(library: Library) -> None:
    """Was: 100 with every move ✓."""
    result = _shipped(
        library,
        "objection/too-expensive",
        None,
        "Fair question, I'm calling about your stocktake. How do you handle it today?",
    )
    assert result.score < 40
    assert not _criterion(result, "clarifying-question")
    assert any("stocktake" in n for n in result.notes)
    good = _shipped(
        library, "objection/too-expensive", None, "Fair enough. What are you comparing it to?"
    )
    assert good.score >= 70


def test_a_paraphrase_of_the_model_answer_earns_its_moves(library: Library) -> None:
    """Was: '✗ Ask a peer-level question (none of its phrases)', 69, and the bad branch."""
    result = _shipped(
        library,
        "objection/too-expensive",
        "the-comparison",
        "Makes sense, they're a solid option. When a driver calls in sick, how would "
        "you re-plan with their scheduling compared with what you saw in our demo?",
    )
    peer = next(c for c in result.criteria if c.id == "peer-question")
    assert peer.passed and "model answer" in (peer.detail or "")
    assert result.score >= 70


# -- 3. detector cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Does your scheduling team call drivers in?",
        "What did your last three Mondays cost you in overtime?",
        "How is the scheduling going on Mondays?",
        "I'll call you next quarter then.",
        "I'll call you next week.",
    ],
)
def test_not_a_next_step(text: str) -> None:
    assert not passed(text, NEXT)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "What did your last three Mondays cost in overtime? Would Thursday at 10 work?",
            "Thursday at 10",
        ),
        ("Would a short call now be worth it?", "a short call"),
        ("Could we talk next week?", "next week"),
    ],
)
def test_next_steps_and_what_is_quoted(text: str, quoted: str) -> None:
    result = score(text, NEXT)
    assert result.criteria[0].passed
    assert result.criteria[0].evidence[0].text == quoted


def test_a_product_noun_does_not_swallow_the_real_question() -> None:
    result = score("How does scheduling work on your last three Mondays?", QUESTION, NEXT)
    assert result.criteria[0].passed and not result.criteria[1].passed


@pytest.mark.parametrize(
    ("text", "technique"),
    [
        ("How is your business doing this year?", "respect-time"),
        ("Could I speak to your operations director?", "honest-source"),
        ("Can you help me find the right person?", "value-for-buyer"),
        ("We've done this for a lot of warehouses.", "comply-do-not-call"),
    ],
)
def test_everyday_and_product_words_are_not_moves(text: str, technique: str) -> None:
    assert not passed(text, {"use": technique}, prospect="Who's calling?")


def test_a_day_in_the_past_is_not_a_next_step() -> None:
    assert not passed("I sent the proposal on Monday, did it reach you?", NEXT)


def test_a_negator_after_the_phrase_negates_it() -> None:
    assert passed(
        "Okay, maybe you shouldn't, but can I ask what you use today?",
        {"use": "stay-respectful"},
        prospect="Not interested.",
    )
    assert not passed(
        "You should look at it.", {"use": "stay-respectful"}, prospect="Not interested."
    )


def test_useful_to_know_is_an_acknowledgement() -> None:
    assert passed("That's really useful to know.", {"use": "acknowledge"})


FORM = "Hello, Rosa speaking."


def test_asking_what_the_form_said_earns_no_question_credit() -> None:
    result = score(
        "Hi Rosa, thanks for the form. How many technicians do you have?",
        {"use": "peer-question"},
        QUESTION,
        {"use": "no-repeat-ask"},
        prospect=FORM,
    )
    assert [c.passed for c in result.criteria] == [False, False, False]


def test_tell_me_a_bit_about_your_company_is_a_repeat_ask() -> None:
    assert not passed(
        "Thanks for reaching out! Could you tell me a bit about your company?",
        {"use": "no-repeat-ask"},
        prospect=FORM,
    )


def test_comma_separated_keyword_salad_loses_everything() -> None:
    text = (
        "Totally fair, understand, curious, before I let you go, scheduling, today, timing, "
        "how are things?"
    )
    result = score(
        text,
        {"use": "acknowledge"},
        QUESTION,
        {"use": "respect-time"},
        prospect="Not interested, thanks.",
    )
    # Every move's points are lost: only the harm floor (5 less 1 per 30 points) is left.
    assert any(g.id == "keyword-salad" for g in result.guards) and result.score < 2


def test_a_short_list_of_courtesies_is_not_salad() -> None:
    result = score("Okay, sure, fair enough, what are you comparing it to?", QUESTION)
    assert not result.guards and moves_total(result) == 100


# -- 5. readable scores ------------------------------------------------------------------------


def test_the_breakdown_shows_points_per_move_in_plain_words() -> None:
    result = score("Okay.", {"use": "acknowledge"}, QUESTION)
    text = format_breakdown(result)
    assert "none of its phrases" not in text
    assert "0 of 40 points" in text and "0 of 60 points" in text


def test_typed_answers_show_no_pace_or_pause() -> None:
    s = step(QUESTION)
    typed = score_answer(
        s, Answer.typed("What are you comparing it to?", pause_s=7.9, duration_s=0.3), s.prospect[0]
    )
    shown = {m.id for m in typed.delivery}
    assert "words_per_minute" not in shown and "pause_before_answer_s" not in shown
    assert "Typing pace" not in format_breakdown(typed)
    spoken = score_answer(s, Answer.spoken([TimedWord("what", 0, 0.3)], pause_s=1.0), s.prospect[0])
    assert {"words_per_minute", "pause_before_answer_s"} <= {m.id for m in spoken.delivery}


def test_the_app_shows_points_per_move_like_trainer_score() -> None:
    from trainer.tui.render import feedback

    result = score("Okay. What are you comparing it to?", {"use": "acknowledge"}, QUESTION)
    shown = feedback(result).plain
    assert "Acknowledge  0 of 40 points" in shown
    assert "Ask a clarifying question  60 of 60 points" in shown
    assert "none of its phrases" not in shown and "Typing pace" not in shown


def test_i_dont_think_thats_fair_is_not_an_acknowledgement() -> None:
    assert not passed("I don't think that's fair.", {"use": "acknowledge"})
    assert passed("I don't think you'll regret it. That's fair.", {"use": "acknowledge"})


@pytest.mark.parametrize(
    "text",
    [
        "Come on, it's not that much. What's the problem?",
        "Look, every client says that at first. What are you comparing it to?",
        "You get what you pay for. What's your budget?",
        "I wouldn't say it's expensive, would you?",
    ],
)
def test_brushing_the_objection_aside_is_arguing(text: str) -> None:
    assert "arguing" in guards(text)


# -- 4. extending a technique's phrases --------------------------------------------------------


def test_more_phrases_extends_and_phrases_replaces() -> None:
    extended = {"use": "acknowledge", "more_phrases": ["righto"]}
    replaced = {"use": "acknowledge", "phrases": ["righto"]}
    assert passed("Righto.", extended) and passed("Fair enough.", extended)
    assert passed("Righto.", replaced) and not passed("Fair enough.", replaced)


def test_more_avoid_extends_a_techniques_avoid_list() -> None:
    rubric = {"use": "no-repeat-ask", "more_avoid": ["how many centres"]}
    assert not passed("Thanks Rosa, how many centres do you run?", rubric, prospect=FORM)
    assert not passed("Thanks Rosa, can you repeat that?", rubric, prospect=FORM)


def test_a_scenario_file_can_extend_a_technique(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ext.yaml").write_text(
        """id: test/extend
version: 1
title: Extend
kind: gatekeeper
difficulty: 1
persona: {role: Receptionist}
brief: A receptionist answers.
steps:
  - id: hello
    prospect: "Good morning, Fenwick."
    rubric:
      - use: acknowledge
        more_phrases: ["righto"]
    model_answer: "Righto, thanks. Who looks after stock counts there?"
""",
        encoding="utf-8",
    )
    library = load_library([folder], include_user=False, shipped_dir=SHIPPED)
    loaded = library.get("test/extend")
    assert loaded.scenario.persona.label == "Receptionist"
    st = loaded.scenario.steps[0]
    for text in ("Righto.", "Fair enough."):
        result = score_answer(st, Answer.typed(text), st.prospect[0])
        assert result.criteria[0].passed, text


def test_a_question_about_their_business_answers_send_me_an_email() -> None:
    """Not off topic: scoping the email with a question about them is a fair answer."""
    s = step(
        {"use": "acknowledge"},
        QUESTION,
        prospect="Just send me an email.",
        model_answer="Happy to. So it's worth opening, what's the one thing it should cover?",
    )
    text = "Will do. Is the payroll side or the rota side more pressing for you?"
    assert moves_total(score_answer(s, Answer.typed(text), s.prospect[0])) == 100


def test_how_are_you_running_it_is_not_small_talk() -> None:
    assert passed("So I don't send you fluff, how are you running the rotas today?", QUESTION)
    assert not passed("Great, thanks! How are you today?", QUESTION)


def test_a_clock_time_is_one_word_and_quoted_whole() -> None:
    result = score("Would tomorrow at 9:30 work for ten minutes?", NEXT)
    assert result.criteria[0].evidence[0].text == "tomorrow at 9:30"


def test_pushing_past_their_no_is_a_guard() -> None:
    text = "It'll only take two minutes, just hear me out, we can save you money."
    assert "pushy" in guards(text, prospect="Can you call me later? I'm walking into a meeting.")


def test_a_list_without_a_pronoun_or_article_is_salad() -> None:
    assert "keyword-salad" in guards("payroll team in-house cope month how much fair makes sense")
    assert "keyword-salad" not in guards("Of course. What would be most useful to include?")


@pytest.mark.parametrize(
    "text",
    [
        "Yes, yes, of course, absolutely, no problem, what would you like it to cover?",
        "We cover payroll, rotas, holiday pay, pensions, expenses, and overtime, so what's the "
        "biggest pain today?",
    ],
)
def test_stacked_courtesies_and_a_real_list_are_not_salad(text: str) -> None:
    assert "keyword-salad" not in guards(text, prospect="Just send me an email.")


def test_salad_words_in_front_of_a_real_question_are_still_salad() -> None:
    text = (
        "Totally fair, understand, curious, before I let you go, scheduling, today, timing, how "
        "are things going with the planning at the moment?"
    )
    assert "keyword-salad" in guards(text, prospect="Not interested, thanks.")


def test_a_pitch_ending_in_whats_your_email_still_ignores_the_prospect() -> None:
    text = (
        "Great! Our platform has AI dashboards, real-time analytics and integrations with two "
        "hundred tools. What's your email?"
    )
    assert "ignores-prospect" in guards(text, prospect="Not interested, thanks.")


def test_proposing_a_time_responds_to_the_prospect() -> None:
    text = "Sorry about that. Let's get you sorted. When would suit you for a demo?"
    assert "ignores-prospect" not in guards(text, prospect=FORM_ANNOYED)


FORM_ANNOYED = "I put all of that in the form. Did anyone actually read it?"
