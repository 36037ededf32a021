"""Substance over vocabulary: does the answer take up what the prospect just said?

Two deterministic, lexical signals, both explained in the evidence:

* **Off topic**: the prospect raised a subject that needs an answer (price, their current
  vendor, who decides, "send me an email", where you got their number, "take me off your
  list") and the answer neither uses their words or that subject, nor plays them back, nor
  touches the step's own material (model answer, good examples, the rubric's phrases), but
  talks about a subject of its own ("I'm calling about your stocktake" to a price objection).
  Its moves then earn nothing: a good question about something else is not an answer.
* **Paraphrase of the model answer**: a phrase move the model answer makes counts when the
  answer says the same sentence in its own words (at least half of that sentence's meaningful
  words, and at least three, with a question answered by a question).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from trainer.scenario.models import Step
from trainer.scoring.detectors import (
    STOPWORDS,
    Span,
    content_stems,
    find_questions,
)
from trainer.scoring.normalize import NEGATORS, Normalised, Token, normalise, phrase_words, stem
from trainer.scoring.phrases import Matcher

# Subjects a prospect raises that an answer must take up: price, where you got their number,
# "stop calling". Elsewhere ("I'm busy", "not interested", "call me next quarter", "send me
# an email", "we're happy with our vendor", "ask my boss") a question about their business
# or a reason for the call is a fair answer.
MUST_TAKE_UP: dict[str, frozenset[str]] = {
    name: frozenset(stem(w) for w in words.split())
    for name, words in {
        "price": "price cost costs expensive spend budget money afford pricing cheap cheaper "
        "invest investment fee fees quote",
        "where you got their details": "number",
        "stopping the calls": "remove unsubscribe",
    }.items()
}

# Words of everyday sales talk: saying them is not bringing a subject of one's own.
_GENERIC_WORDS = """
able absolutely actually ago ahead answer anything appreciate ask asked asking away back bad
best better big bit book booked call called calling calls can catch change check clear come
company completely concern concerned conversation couple course curious customer customers day
days decide deal definitely different does done easy else end enough everything exactly
example fair far feel few fine find first focus follow folks free friday future give glad
good great guess happen happened happy hear heard help helpful honest honestly hope hoping
idea important interest interested issue job keep kind last later least leave less lot lots
love make makes matter maybe mean meeting mind minute minutes moment monday month months
morning most move much need needs never new next nice note now number offer often ok once
only open option options other part people perfect person place plan point possible pretty
probably problem problems question questions quick quickly rather real reason really right
same saturday say saying second seconds see seem sense short should show side since situation
small something sometimes sorry sound sounds speak spend start still stuff sunday sure take
talk talking team tell thursday time times today tomorrow totally true try trying tuesday
understand understood usually use used useful using value want wanted way wednesday week
weeks well while whole wonder wondering work worked working works worth year years yes
business businesses people thing things today's
"""
GENERIC = frozenset(stem(w) for w in _GENERIC_WORDS.split())

FOREIGN_MIN_LETTERS = 4
PARAPHRASE_SHARE = 0.5  # share of the model sentence's meaningful words the answer reuses
PARAPHRASE_MIN = 3  # and at least this many


class Topic(NamedTuple):
    """The answer's subject against the prospect's: off topic, with the words that show it."""

    raised: str  # the subject the prospect raised ("price")
    foreign: tuple[Span, ...]  # the answer's words on a subject of its own


_vocabularies: dict[int, tuple[Step, frozenset[str]]] = {}


def step_vocabulary(step: Step) -> frozenset[str]:
    """Stems of the step's own material: model answer, hint, good examples, rubric phrases."""
    cached = _vocabularies.get(id(step))
    if cached is not None and cached[0] is step:
        return cached[1]
    if len(_vocabularies) > 1024:
        _vocabularies.clear()
    result = _step_vocabulary(step)
    _vocabularies[id(step)] = (step, result)
    return result


def _step_vocabulary(step: Step) -> frozenset[str]:
    if step.model_answer.strip() in {"", "-"}:
        return frozenset()
    texts = [step.model_answer, step.hint or ""]
    texts += [e.answer for e in step.examples if (e.expect.score_at_least or 0) >= 70]
    stems: set[str] = set()
    for text in texts:
        stems.update(content_stems(normalise(text).content))
    for c in step.rubric:
        if c.use is not None and c.phrases is not None and c.more_phrases is None:
            continue  # a technique's stock phrases say nothing about this step's subject
        for phrase in (c.phrases or []) + (c.more_phrases or []):
            stems.update(stem(w) for w in phrase_words(phrase))
    return frozenset(stems - _STOP_STEMS)


_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS) | GENERIC


@lru_cache(maxsize=256)
def facts_vocabulary(texts: tuple[str, ...]) -> frozenset[str]:
    """Stems of the call's hidden facts: what its good questions are about ("when a driver
    doesn't turn up" asks about the planners' driver no-shows)."""
    stems: set[str] = set()
    for text in texts:
        stems.update(content_stems(normalise(text).content))
    return frozenset(stems - _STOP_STEMS)


def off_topic(
    answer: Normalised, prospect: Normalised, vocabulary: frozenset[str], engaged: bool
) -> Topic | None:
    """The prospect raised a subject that needs an answer and the answer talks about another.

    `engaged`: the answer already uses the prospect's words or subject, or plays them back."""
    if engaged or not answer.content or not vocabulary:
        return None  # without the step's own material there is no telling what is on topic
    theirs = content_stems(prospect.content)
    raised = [name for name, stems in MUST_TAKE_UP.items() if stems & theirs.keys()]
    if not raised:
        return None
    mine = content_stems(answer.content)
    if any(s in vocabulary for s in mine):
        return None
    toks = answer.content
    foreign = tuple(
        (i, i)
        for i, t in enumerate(toks)
        if t.stem in mine
        and t.stem not in GENERIC
        and t.stem not in theirs
        and not t.norm[:1].isdigit()
        and len(t.norm) >= FOREIGN_MIN_LETTERS
        and _named(toks, i)
    )
    return Topic(raised[0], foreign) if foreign else None


# A subject is named: "your stocktake", "about the annual stocktake", "our rota app".
_NAMING = frozenset({"your", "our", "the", "about", "their", "my", "his", "her"})


def _named(toks: tuple[Token, ...], i: int) -> bool:
    before = [t.norm for t in toks[max(0, i - 2) : i] if t.sentence == toks[i].sentence]
    return bool(before) and (
        before[-1] in _NAMING
        or (len(before) == 2 and before[0] in _NAMING and before[1] not in STOPWORDS)
    )


@lru_cache(maxsize=256)
def model_answer(text: str) -> tuple[Normalised, Matcher, frozenset[int]]:
    """The model answer normalised once, with the sentences that ask a question."""
    norm = normalise(text)
    matcher = Matcher(norm)
    asking = frozenset(norm.content[q.span[0]].sentence for q in find_questions(norm, matcher))
    return norm, matcher, asking


def paraphrase(
    answer: Normalised, answer_asks: frozenset[int], phrases: list[str], model_text: str
) -> Span | None:
    """The sentence of the answer that says what the model answer's move says, if any.

    The model answer must make the move with one of `phrases` (un-negated); the answer's
    sentence must reuse at least half (and 3+) of that sentence's meaningful words, and ask
    if the model's sentence asks."""
    if not model_text or model_text == "-" or not answer.content:
        return None
    model, matcher, model_asks = model_answer(model_text)
    hit, _ = matcher.first_unnegated(phrases)
    if hit is None:
        return None
    sentences = _through_colons(model, model.content[hit.first].sentence)
    target = {
        t.stem
        for t in model.content
        if t.sentence in sentences and t.norm not in STOPWORDS and len(t.norm) > 1
    }
    if len(target) < PARAPHRASE_MIN:
        return None
    need = max(PARAPHRASE_MIN, PARAPHRASE_SHARE * len(target))
    toks = answer.content
    by_sentence: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        by_sentence.setdefault(t.sentence, []).append(i)
    model_negated = any(t.norm in NEGATORS for t in model.content if t.sentence in sentences)
    for sent, idx in by_sentence.items():
        if sentences & model_asks and sent not in answer_asks:
            continue
        if not model_negated and any(toks[i].norm in NEGATORS for i in idx):
            continue  # "I don't think they're a solid option..." says the opposite
        shared = {s for i in idx for s in toks[i].alts} & target
        if len(shared) >= need:
            return (idx[0], idx[-1])
    return None


def _through_colons(text: Normalised, sentence: int) -> set[int]:
    """The sentence and those a colon leads on to: "I read your form: six centres, ..." says
    one thing, with the details after the colon."""
    out = {sentence}
    toks = text.content
    for a, b in pairwise(toks):
        colon = text.text[a.end : b.start].strip() == ":"
        if colon and a.sentence in out and b.sentence != a.sentence:
            out.add(b.sentence)
    return out


def substance_words(answer: Normalised) -> int:
    """Distinct meaningful words that everyday sales talk does not use ("twelve percent",
    "finance", "locum", "Shopify"): how much the answer says that is specific."""
    return sum(1 for s in content_stems(answer.content) if s not in _STOP_STEMS)


GENERAL_QUESTION_CREDIT = 0.85  # a question that would fit any line earns this share
# Words of a question that probes what they just said ("Compared to what?", "What makes you
# say that?", "What's behind that?", "Why now?").
_PROBES = frozenset(stem(w) for w in ["compared", "comparing", "behind", "why", "mean"])
_NOT_A_CHOICE_AFTER = frozenset({"not", "no", "so", "something", "anything", "whatever"})


def pointed_question(
    answer: Normalised, span: Span, prospect: Normalised, vocabulary: frozenset[str]
) -> bool:
    """A question tied to this conversation: it offers a choice ("another quote, or the
    budget you set?") or names something of theirs or of the step's subject (a word of the
    prospect's line or of the model answer that everyday sales talk does not use). "What
    would be most useful?" and "What happened?" fit any line: they are general."""
    first, last = span
    toks = answer.content[first : last + 1]
    for i, t in enumerate(toks[:-1]):
        if t.norm == "or" and i > 0 and toks[i + 1].norm not in _NOT_A_CHOICE_AFTER:
            return True
    words = [t.norm for t in toks]
    if any(t.stem in _PROBES for t in toks) or any(
        words[i : i + 2] == ["you", "say"] for i in range(len(words) - 1)
    ):
        return True  # "Compared to what?", "What makes you say that?" probe what they said
    theirs = set(content_stems(prospect.content)) - _STOP_STEMS
    if not theirs and not vocabulary:
        return True  # nothing of theirs to tie it to: no question can do better
    return any(t.stem in theirs or t.stem in vocabulary for t in toks if t.stem not in _STOP_STEMS)
