"""Each detector on typed and transcript-style input, with negation and misheard words."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import passed, score
from trainer.scoring.normalize import normalise

ACK = {"use": "acknowledge"}
QUESTION = {"use": "clarifying-question"}
NEXT = {"use": "advance-next-step"}


# -- normalisation -------------------------------------------------------------------------------


def test_normalisation_expands_contractions_numbers_and_keeps_spans() -> None:
    text = "I don't think two o'clock works"
    norm = normalise(text)
    assert [t.norm for t in norm.tokens] == ["i", "do", "not", "think", "2", "o'clock", "works"]
    assert all(text[t.start : t.end] for t in norm.tokens)
    assert text[norm.tokens[1].start : norm.tokens[1].end] == "don't"


def test_transcript_contractions_without_apostrophes_are_expanded() -> None:
    assert [t.norm for t in normalise("im sure thats fine dont worry").tokens] == [
        "i",
        "am",
        "sure",
        "that",
        "is",
        "fine",
        "do",
        "not",
        "worry",
    ]


def test_fillers_are_kept_for_delivery_but_not_content() -> None:
    norm = normalise("um so you know I uh hear you")
    assert [t.norm for t in norm.content] == ["so", "i", "hear", "you"]
    assert len(norm.tokens) == 8


# -- phrases: stemming, fuzzy, confusions, negation -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I hear you.",
        "i here you",  # misheard by speech recognition
        "Totally understandable.",
        "That's fair enough",
        "thats fair",  # transcript: no apostrophe
        "I completely undrestand",  # typo: fuzzy match
    ],
)
def test_acknowledgement_is_found_in_typed_and_transcribed_forms(text: str) -> None:
    assert passed(text + " What are you comparing it to?", ACK)


@pytest.mark.parametrize(
    "text",
    [
        "I don't understand why you'd say that.",
        "i dont hear you very well",
        "That's not fair to us.",
        "I can't say I get it.",
    ],
)
def test_negated_acknowledgements_do_not_count(text: str) -> None:
    assert not score(text, ACK).criteria[0].passed


def test_a_negated_miss_says_so() -> None:
    detail = score("I don't understand.", ACK).criteria[0].detail or ""
    assert "negated" in detail and "understand" in detail


def test_a_negator_cannot_be_skipped_as_an_inserted_word() -> None:
    assert not passed(
        "I won't remove you just yet.",
        {"use": "comply-do-not-call"},
        prospect="Take me off your list.",
    )
    assert passed(
        "I'll remove you today.", {"use": "comply-do-not-call"}, prospect="Take me off your list."
    )


def test_evidence_quotes_the_answer_as_written() -> None:
    text = "Yeah, THAT'S FAIR. Compared to what?"
    ev = score(text, ACK).criteria[0].evidence[0]
    assert text[ev.start : ev.end] == ev.text == "THAT'S FAIR"


def test_phrases_do_not_match_across_a_comma() -> None:
    # "that's great" must not be read into "that, it's a great price"
    assert not passed("I see that, it's a great price", {"id": "x", "phrases": ["that's great"]})


# -- questions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Compared to what?",
        "compared to what",  # transcript, no question mark
        "what are you comparing it to",
        "yeah that's fair um what's driving the budget",
        "sounds like that was frustrating what actually went wrong with it",
        "I hear you do you have a budget in mind",
        "totally fair before i let you go is it the timing",
        "I'm curious how you picked the last vendor.",
        "Tell me more about the other quote.",
        "That's the real issue, isn't it",
        "It's the timing, right?",
    ],
)
def test_questions_are_recognised_with_or_without_a_question_mark(text: str) -> None:
    assert passed(text, QUESTION), text


@pytest.mark.parametrize(
    "text",
    [
        "I won't ask you to decide today.",
        "I'm not going to ask you for anything.",
        "That's what we do for teams like yours.",
        "I know what you mean.",
        "What we do is help teams plan routes.",
        "You're right.",
    ],
)
def test_statements_are_not_questions(text: str) -> None:
    assert not passed(text, QUESTION), text


def test_proposing_a_time_or_asking_for_an_email_is_not_a_clarifying_question() -> None:
    assert not passed("Would Tuesday at 2 work?", QUESTION)
    assert not passed("Sure, what's your email address?", QUESTION)
    assert passed("Out of interest, what does it cost you over a weekend?", QUESTION)


# -- next step --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Could we talk Thursday at 10?",
        "how about fifteen minutes tomorrow morning",
        "Can I book a 20-minute call next week?",
        "could you connect me with whoever runs dispatch",
        "I'll call you back at 3pm.",
    ],
)
def test_a_concrete_next_step_is_found(text: str) -> None:
    assert passed(text, NEXT), text


@pytest.mark.parametrize(
    "text",
    [
        "Let me know if anything changes.",
        "I'll be in touch at some point.",
        "I won't take your time with a meeting.",
    ],
)
def test_vague_or_negated_next_steps_do_not_count(text: str) -> None:
    assert not passed(text, NEXT), text


# -- other checks -----------------------------------------------------------------------------


def test_avoid_fails_on_the_phrase_and_passes_when_it_is_negated() -> None:
    hold = {"use": "hold-price", "phrases": None}
    assert not passed("I can offer you a discount today, what do you think?", hold)
    assert passed("I won't offer a discount, but what are you comparing it to?", hold)


def test_length_bounds_count_content_words_not_fillers() -> None:
    brief = {"id": "brief", "words": {"min": 3, "max": 5}}
    assert passed("um uh so, um, compared to what?", brief)
    assert not passed("That is fair and I would like to know what you compare it to", brief)


def test_refers_to_prospect_accepts_their_words_or_their_topic() -> None:
    refers = {"id": "r", "refers_to_prospect": True}
    assert passed("What budget did you have in mind?", refers)  # same topic: spend/budget
    assert not passed("Our dashboards are great.", refers)


def test_use_name_needs_the_prospect_name() -> None:
    use_name = {"use": "use-name"}
    assert score("Thanks Dana, fair point.", use_name, prospect_name="Dana Ruiz").criteria[0].passed
    assert not score("Thanks, fair point.", use_name, prospect_name="Dana Ruiz").criteria[0].passed
    assert score("Thanks, Ms Ruiz.", use_name, prospect_name="Dana Ruiz").criteria[0].passed


def test_playing_back_their_words_counts_as_confirming_understanding() -> None:
    prospect = "It runs out next March and last time it just rolled over."
    assert passed(
        "So March, and it rolled over last time. Shall we talk in September?",
        {"use": "confirm-understanding"},
        prospect=prospect,
    )
