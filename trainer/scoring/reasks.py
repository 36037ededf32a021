"""Questions whose answer the prospect just gave ("What platform are you on?" right after
"we're on Shopify"): asking again makes them repeat themselves, so it earns no question
credit and fails the don't-make-them-repeat move.

Two kinds are recognised, both deterministic and quoted from the prospect's line:

* a count: "how many vans do you run?" after "we've got twelve vans" (a number right before
  the same noun);
* a date: "when do you want to be live?" after "we want something live by March" (a word
  of the question that their line dates with by/before/in and a month, day or season);
* a thing of theirs they just named: "what would you say is your biggest headache?" after
  "our biggest headache is downtime" (their/your words, then is/are and what it is); or the
  way they do something: "how do you set your rates?" after "we set our rates by checking
  the hotels across the street" (the same verb and object, then by/with/using/on);
* a named tool or supplier: "what platform are you on?" / "which system do you use?" after
  "we're on Shopify" / "we use Xero" (a capitalised name after on/use/using/with/run/from);
  or the tool for a task they named: "what do you use for scheduling?" after "we schedule
  on spreadsheets" (the task's verb, then on/with/using and what they use).

A headcount is one noun however it is said: "how many people?" after "a 40-person clinic
group" or "35 staff".
"""

from __future__ import annotations

from typing import NamedTuple

from trainer.scoring.names import is_first_name
from trainer.scoring.normalize import MONTHS, WEEKDAYS, Normalised, Token

Span = tuple[int, int]

# Nouns that ask which named tool, platform or supplier they have.
TOOL_WORDS = frozenset(
    {
        "platform",
        "system",
        "software",
        "tool",
        "crm",
        "erp",
        "app",
        "provider",
        "vendor",
        "supplier",
        "package",
        "program",
        "programme",
        "solution",
        "store",
        "shop",
        "site",
        "website",
    }
)
_WHICH = frozenset({"what", "which", "who"})
_USE_VERBS = frozenset({"use", "using", "used", "run", "running", "on", "with"})
# Words before a name that say it is theirs: "we're on Shopify", "we use Xero".
_NAME_LEAD = frozenset({"on", "use", "using", "with", "run", "runs", "from", "via", "through"})
_COUNT_REACH = 3  # words between "how many" and its noun: "how many delivery vans"
_NUMBER_REACH = 2  # words between a number and its noun in their line: "12 electric vans"
_NOT_NOUNS = frozenset(
    {"do", "does", "did", "you", "your", "are", "have", "is", "of", "the", "a", "we", "they"}
)


# Capitalised words that are not a tool's name.
_NOT_NAMES = frozenset({"i", *WEEKDAYS, *MONTHS, "the", "a", "our", "my", "it"})


# One headcount, however it is worded.
_HEADCOUNT = frozenset({"people", "person", "staff", "employee", "employees", "headcount"})


class Reask(NamedTuple):
    question: Span  # the question in the answer (content-token indices)
    said: str  # what they already said, quoted from their line ("Shopify", "twelve vans")


def reasks(answer: Normalised, questions: list[Span], prospect: Normalised) -> list[Reask]:
    """The questions of `answer` (spans) whose answer is already in the prospect's line."""
    if not questions or not prospect.content:
        return []
    out: list[Reask] = []
    for span in questions:
        said = (
            _count_given(answer.content, span, prospect)
            or _name_given(answer.content, span, prospect)
            or _date_given(answer.content, span, prospect)
            or _thing_given(answer.content, span, prospect)
            or _way_given(answer.content, span, prospect)
        )
        if said:
            out.append(Reask(span, said))
    return out


def _count_given(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    first, last = span
    for i in range(first, last):
        if toks[i].norm == "how" and toks[i + 1].norm in {"many", "much"}:
            nouns = [
                t
                for t in toks[i + 2 : min(last, i + 2 + _COUNT_REACH) + 1]
                if t.norm not in _NOT_NOUNS
            ]
            for noun in nouns:
                said = _number_before(prospect, noun)
                if said:
                    return said
    return None


def _number_before(prospect: Normalised, noun: Token) -> str | None:
    ptoks = prospect.content
    for j, t in enumerate(ptoks):
        same = t.alts & noun.alts or t.stem == noun.stem
        if not (same or (t.norm in _HEADCOUNT and noun.norm in _HEADCOUNT)):
            continue
        for k in range(max(0, j - 1 - _NUMBER_REACH), j):
            if ptoks[k].norm.replace(",", "").replace(".", "").isdigit():
                return prospect.text[ptoks[k].start : t.end]
    return None


def _name_given(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    first, last = span
    words = {t.norm for t in toks[first : last + 1]}
    asks_which = bool(words & _WHICH)
    names_tool = bool(words & TOOL_WORDS)
    # "Who are you with?", "What are you using at the moment?", "What do you use for
    # scheduling?" ask which: the verb ends the question or names the task next. In "What do
    # you like about working with them on payroll?" it has its object and asks something else.
    uses = any(
        t.norm in _USE_VERBS
        and (
            all(u.norm in _NOW for u in toks[k + 1 : last + 1]) or toks[k + 1].norm in {"for", "to"}
        )
        for k, t in enumerate(toks[first : last + 1], start=first)
    )
    if not (asks_which and (names_tool or uses)):
        return None
    return _named_tool(prospect) or (_tool_for_task(toks, span, prospect) if uses else None)


_NOW = frozenset({"now", "currently", "today", "at", "the", "moment", "these", "days", "right"})
_TASK_LEAD = frozenset({"on", "with", "using", "in", "via", "through"})
_TASK_OBJECT_REACH = 3  # words from the task's verb to on/with/in: "track time in"


def _tool_for_task(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    """ "What do you use for scheduling?" after "we schedule on spreadsheets": the question's
    task is a verb of their line, followed by what they do it on or with."""
    first, last = span
    for i in range(first, last):
        if toks[i].norm != "for":
            continue
        task = toks[i + 1]
        ptoks = prospect.content
        for j, verb in enumerate(ptoks):
            if verb.stem != task.stem:
                continue
            # "we schedule on spreadsheets", "we track time in spreadsheets"
            for k in range(j + 1, min(len(ptoks) - 1, j + 1 + _TASK_OBJECT_REACH)):
                lead, tool = ptoks[k], ptoks[k + 1]
                if (
                    lead.norm in _TASK_LEAD
                    and len({verb.sentence, lead.sentence, tool.sentence}) == 1
                    and tool.norm not in _NOT_NOUNS
                ):
                    return prospect.text[verb.start : tool.end]
    return None


def _named_tool(prospect: Normalised) -> str | None:
    """A capitalised name after on/use/with... in their line: "we're on Shopify"."""
    ptoks = prospect.content
    text = prospect.text
    for j in range(1, len(ptoks)):
        lead, tok = ptoks[j - 1], ptoks[j]
        if lead.norm not in _NAME_LEAD or lead.sentence != tok.sentence:
            continue
        word = text[tok.start : tok.end]
        # "goes through Linda": a person they named, not a tool or supplier
        if word[:1].isupper() and word.lower() not in _NOT_NAMES and not is_first_name(word):
            end = tok.end
            # "Sage Payroll", "Google Sheets": a following capitalised word is part of it.
            if j + 1 < len(ptoks) and text[ptoks[j + 1].start : ptoks[j + 1].end][:1].isupper():
                end = ptoks[j + 1].end
            return text[tok.start : end]
    return None


_ASKING_AUX = frozenset(
    {"do", "does", "did", "is", "are", "was", "were", "would", "will", "can", "should"}
)
_DATE_LINKS = frozenset({"by", "before", "in", "from", "for", "until"})
_DATE_WORDS = (_NOT_NAMES - {"i", "the", "a", "our", "my", "it"}) | frozenset(
    {"christmas", "easter", "summer", "spring", "autumn", "winter", "quarter", "q1", "q2"}
    | {"q3", "q4"}
)
_ANOTHER_TIME = frozenset({"next", "following", "another"})
_DATE_REACH = 3  # words from the dated word to its "by": "live by March", "in place before May"
_NOT_DATED = frozenset({"be", "is", "are", "want", "need", "do", "have", "get", "you", "it"})


def _date_given(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    first, last = span
    words = toks[first : last + 1]
    # "when do/would/is ..." asks a time; "when you say live by March, ..." plays it back
    if not any(
        t.norm == "when" and k + 1 < len(words) and words[k + 1].norm in _ASKING_AUX
        for k, t in enumerate(words)
    ):
        return None
    if any(t.norm in _ANOTHER_TIME for t in words):
        return None  # "when does the board start the next cycle?" asks about another time
    stems = {t.stem for t in words if t.norm not in _NOT_DATED and t.norm not in _NOT_NOUNS}
    ptoks = prospect.content
    for j, t in enumerate(ptoks):
        if t.stem not in stems:
            continue
        for k in range(j + 1, min(len(ptoks) - 1, j + 1 + _DATE_REACH)):
            link, date = ptoks[k], ptoks[k + 1]
            if (
                link.norm in _DATE_LINKS
                and date.norm in _DATE_WORDS
                and date.sentence == t.sentence
            ):
                return prospect.text[t.start : date.end]
    return None


_OURS = frozenset({"our", "my"})
_COPULAS = frozenset({"is", "are", "was", "were"})
_THING_REACH = 3  # words between "our" and "is": "our biggest headache is"
_WAY_LEADS = frozenset({"by", "with", "using", "on", "through", "via"})


def _thing_given(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    """ "What would you say is your biggest headache?" after "Our biggest headache is
    downtime": a what/which question naming, after "your", the words they named after "our"
    or "my" and then said what it is."""
    first, last = span
    words = toks[first : last + 1]
    if not any(t.norm in _WHICH - {"who"} for t in words) or not any(
        t.norm in _COPULAS for t in words
    ):
        return None
    ptoks = prospect.content
    for j, t in enumerate(ptoks):
        if t.norm not in _OURS:
            continue
        thing: list[Token] = []
        for k in range(j + 1, min(len(ptoks), j + 2 + _THING_REACH)):
            if ptoks[k].sentence != t.sentence:
                break
            if ptoks[k].norm in _COPULAS:
                said = k + 1 < len(ptoks) and ptoks[k + 1].sentence == t.sentence
                if thing and said and _your_then(words, thing):
                    return _quoted(prospect, j, k + 1)
                break
            thing.append(ptoks[k])
    return None


def _way_given(toks: tuple[Token, ...], span: Span, prospect: Normalised) -> str | None:
    """ "How do you set your rates?" after "we set our rates by checking the hotels across
    the street": a how-question with their verb and "your" object, which their line does by,
    with or using something."""
    first, last = span
    words = toks[first : last + 1]
    if not any(t.norm == "how" for t in words):
        return None
    ptoks = prospect.content
    for j in range(len(ptoks) - 3):
        verb, ours, obj = ptoks[j], ptoks[j + 1], ptoks[j + 2]
        if ours.norm not in _OURS or verb.norm in _NOT_NOUNS or obj.norm in _NOT_NOUNS:
            continue
        lead = ptoks[j + 3]
        if lead.norm not in _WAY_LEADS or lead.sentence != verb.sentence:
            continue
        for i in range(len(words) - 2):
            if (
                words[i].stem == verb.stem
                and words[i + 1].norm == "your"
                and words[i + 2].stem == obj.stem
            ):
                return _quoted(prospect, j, j + 3)
    return None


def _your_then(words: tuple[Token, ...], thing: list[Token]) -> bool:
    """Whether "your" is followed by the same words as `thing` (by stem)."""
    stems = [x.stem for x in thing]
    return any(
        t.norm == "your" and [w.stem for w in words[i + 1 : i + 1 + len(stems)]] == stems
        for i, t in enumerate(words)
    )


_QUOTE_WORDS = 12  # words quoted from their line, at most, up to the end of the clause
_DANGLING = frozenset({"the", "a", "an", "in", "on", "of", "to", "and", "by", "with", "at"})


def _quoted(prospect: Normalised, start: int, at_least: int) -> str:
    """Their words from token `start` to the end of its clause (at least to `at_least`)."""
    ptoks = prospect.content
    end = at_least
    while (
        end + 1 < len(ptoks)
        and end + 1 - start < _QUOTE_WORDS
        and ptoks[end + 1].clause == ptoks[start].clause
    ):
        end += 1
    while end > at_least and ptoks[end].norm in _DANGLING:
        end -= 1  # "... staff turnover in the" reads as cut off: end on a word that means
    return prospect.text[ptoks[start].start : ptoks[end].end]
