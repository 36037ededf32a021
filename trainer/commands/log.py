"""`trainer history`, `show`, `stats` and `export`: reading the practice log."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, TextIO, cast

import click

from trainer.commands.common import clock_from, db_from, echo, existing_store_from, fail
from trainer.safe_text import display, escape_json_text, one_line
from trainer.words import (
    REPORT_WIDTH,
    clock_time,
    plural,
    practice_minutes,
    retry_mark,
    tag_word,
    ticked_words,
    wrap_at_spaces,
)

if TYPE_CHECKING:
    from trainer.practice.stats import PracticeStats, SpotNames
    from trainer.scenario.models import Scenario
    from trainer.store.base import Store
    from trainer.store.records import (
        AttemptDetail,
        AttemptRecord,
        PairNote,
        RepActivity,
        TurnRecord,
    )

SINCE_HELP = "Only from WHEN on: 7d (the last 7 days), 2w, 12h, today, yesterday or a date."
_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")


def register(group: click.Group) -> None:
    for command in (history, show, stats, export):
        group.add_command(command)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`7d` = the last 7 calendar days including today (from local midnight), `2w` = 14
    days, `12h` = the last 12 hours, `today`, `yesterday`, `2026-11-01` (local midnight) or
    an ISO date and time. Raises ValueError with the accepted forms."""
    now = (now or datetime.now()).astimezone()
    word = text.strip().lower()

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), now.tzinfo)

    if word == "today":
        return midnight(now.date())
    if word == "yesterday":
        return midnight(now.date() - timedelta(days=1))
    if match := _RELATIVE.match(word):
        count, unit = int(match[1]), match[2]
        if unit == "h":
            return now - timedelta(hours=count)
        days = count * (7 if unit == "w" else 1)
        return midnight(now.date() - timedelta(days=max(days - 1, 0)))
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: use 7d, 2w, 12h, today, yesterday or a date like 2026-11-01"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


class Since(click.ParamType):  # type: ignore[type-arg]
    name = "WHEN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value
        try:
            return parse_since(str(value), clock_from(ctx).now())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _no_log(ctx: click.Context) -> None:
    from trainer.store.open import database_path

    where = database_path(db_from(ctx))
    echo(f"No practice logged yet (no log at {where}). Start with: trainer drill")


def _local(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _clock(seconds: float | None) -> str:
    return "" if seconds is None else clock_time(seconds)  # the one duration rule


def _score(value: float | None) -> str:
    from trainer.scoring.format import score_points

    return "" if value is None else score_points(value)


def _status(a: AttemptRecord) -> str:
    from trainer.practice.rules import attempt_result
    from trainer.words import result_word

    return result_word(attempt_result(a))


# -- history ------------------------------------------------------------------------------


@click.command()
@click.option("--rep", help="Only this rep's attempts [default: everyone in the log].")
@click.option("--scenario", "scenario_id", metavar="ID", help="Only this scenario.")
@click.option("--since", type=Since(), help=SINCE_HELP)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="At most this many attempts, newest first (0: all).",
)
@click.pass_context
def history(
    ctx: click.Context,
    rep: str | None,
    scenario_id: str | None,
    since: datetime | None,
    limit: int,
) -> None:
    """Attempts in the practice log (everyone's, or one rep's with --rep), newest first.

    "unfinished" marks a drill whose program stopped before the end (a crash or a
    kill); its answers up to then are kept.
    """
    from trainer.store.base import StoreError

    store = existing_store_from(ctx)
    if store is None:
        return _no_log(ctx)
    asked = rep is not None or scenario_id is not None or since is not None
    rep = _own_only(store, rep)
    try:
        attempts = store.history(rep, scenario_id, since, limit or None)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if not attempts:
        click.echo("No attempts match." if asked else "No attempts yet.")
        return
    show_rep = len({a.rep for a in attempts}) > 1
    rows = [
        (
            _local(a.started_at),
            a.id[:8],
            *((a.rep,) if show_rep else ()),
            a.scenario_id + (" (pair)" if a.mode == "pair" else ""),
            _status(a),
            _score(a.score),
            str(a.turn_count),
            _clock(a.active_s),
        )
        for a in attempts
    ]
    head = ("STARTED", "ID", *(("REP",) if show_rep else ()), "SCENARIO", "STATUS", "SCORE")
    _table((*head, "ANSWERS", "TIME"), rows, right={len(head) - 1, len(head), len(head) + 1})
    drills = sum(a.is_drill for a in attempts)
    if drills < len(attempts):
        click.echo(
            f"{plural(len(attempts), 'attempt')}, {plural(drills, 'drill')}:"
            ' "no answer" was opened and left without answering, not a drill.'
        )
    if limit and len(attempts) == limit:
        click.echo(f"(the {limit} most recent; use --limit 0 or --since for more)")


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: set[int]) -> None:
    rows = [tuple(one_line(c) for c in row) for row in rows]  # content (titles, reps) as text
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    click.echo(line(head))
    for row in rows:
        click.echo(line(row))


# -- show ---------------------------------------------------------------------------------


@click.command()
@click.argument("attempt_id", metavar="ATTEMPT")
@click.pass_context
def show(ctx: click.Context, attempt_id: str) -> None:
    """The full transcript of one attempt, with each criterion's evidence or tip.

    ATTEMPT is an id from `trainer history` (its first characters are enough).
    """
    from trainer.store.base import StoreError

    store = existing_store_from(ctx)
    if store is None:
        fail(f"No attempt {attempt_id}: nothing has been practised yet.")
    from trainer.commands.common import library_from

    try:
        detail = store.attempt(attempt_id)
        if detail is None:
            fail(f"No attempt {attempt_id} in the log; `trainer history` lists the ids.")
        loaded = library_from(ctx, store).scenarios.get(detail.attempt.scenario_id)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    scenario = loaded.scenario if loaded is not None else None
    _print_attempt(detail, scenario)
    _print_facts(detail, scenario)
    _warn_damaged(detail)


def _print_facts(detail: AttemptDetail, scenario: Scenario | None) -> None:
    """The hidden facts uncovered and missed, replayed from the logged answers."""
    from trainer.drill.debrief import fact_lines, facts_tally
    from trainer.drill.pair import FACTS_NOT_CHECKED, facts_unchecked
    from trainer.drill.replay import attempt_facts

    if scenario is None:
        return
    statuses = attempt_facts(scenario, detail)
    if (tally := facts_tally(statuses)) is None:
        return
    click.echo()
    if facts_unchecked(detail):
        echo(FACTS_NOT_CHECKED)
        return
    echo(tally)
    for _, line in fact_lines(statuses):
        echo(f"  {line}")


def _warn_damaged(detail: AttemptDetail) -> None:
    """One line on stderr per turn whose stored scoring details could not be read."""
    for turn in detail.turns:
        if turn.damaged:
            click.echo(
                f"trainer: {turn.damaged}; its stored score is shown without details. "
                "`trainer doctor` checks the whole log.",
                err=True,
            )


def _print_attempt(detail: AttemptDetail, scenario: Scenario | None) -> None:
    a = detail.attempt
    click.echo(
        click.style(one_line(a.scenario_title), bold=True) + one_line(f"  ({a.scenario_id})")
    )
    echo(f"Attempt   {a.id}")
    echo(f"Rep       {a.rep}   mode {a.mode}, {a.input_kind} answers")
    echo(f"Scenario  version {a.scenario_version}, file sha256 {a.scenario_hash[:12]}…")
    echo(f"Started   {_local(a.started_at)}   time practised {_clock(a.active_s)}")
    ending = f"  (ending {a.ending_id})" if a.ending_id else ""
    echo(f"Result    {_status(a)}{ending}")
    click.echo(f"Score     {_score(a.score) or '-'}")
    _print_notes(detail)
    if detail.pair is not None:
        _print_pair(detail, scenario)
    if not detail.turns:
        click.echo("\nNo answers were logged.")
    from trainer.practice.rules import retry_practice_seqs

    practice = retry_practice_seqs(a, detail.turns)
    for turn in detail.turns:
        click.echo()
        _print_turn(turn, turn.seq in practice)
        for note in detail.notes:
            if note.turn_seq == turn.seq and note.body:
                echo(f"  Comment ({note.author}, {_local(note.created_at)}): {note.body}")


def _print_notes(detail: AttemptDetail) -> None:
    """The human score beside the automatic one, and comments on the whole attempt."""
    from trainer.store.plan_records import human_score

    scored = human_score(detail.notes)
    if scored is not None:
        echo(
            f"Human     {_score(scored.human_score)} by {scored.author} "
            f"({_local(scored.created_at)}; the automatic score stays as it is)"
        )
    for note in detail.notes:
        if note.turn_seq is None and note.body:
            echo(f"Comment   {note.author}, {_local(note.created_at)}: {note.body}")


def _print_pair(detail: AttemptDetail, scenario: Scenario | None) -> None:
    """A pair call: who played and observed, the partner's verdicts (the moves named as the
    checklist names them), tags and comment; times as the call's clock reads them."""
    from trainer.drill.pair import branch_place, move_names

    note = detail.pair
    assert note is not None
    observer = f", observed by {note.observer}" if note.observer else ""
    echo(
        f"Pair      partner {note.partner}{observer}; "
        f"partner's time {clock_time(note.partner_seconds)}"
    )
    if note.auto_score is not None:
        echo(
            f"          partner's score {_score(note.human_score) or '-'}, "
            f"scorer's {_score(note.auto_score)}"
        )
    for turn in note.turns:
        ticks = ticked_words(move_names(scenario, turn.step_id, turn.ticks))
        where = branch_place(scenario, turn.branch)
        echo(f"          answer {turn.seq}: {ticks}{f' → {where}' if where else ''}")
    for tag in note.tags:
        echo(f"          tag {clock_time(tag.at_s)} {tag_word(tag.kind)} (answer {tag.seq})")
    if note.comment:
        echo(f"Comment   {note.comment}")
    _print_observers(note, scenario)


def _print_observers(note: PairNote, scenario: Scenario | None) -> None:
    """Each observer's own ticks beside the partner's (disagreements marked), tags, comment."""
    from trainer.drill.pair import observers_beside_partner

    for row in observers_beside_partner(note, scenario):
        line = f"Observer  {row.observer}, answer {row.seq}: {ticked_words(row.ticks)}"
        if row.disagree:
            click.echo(
                one_line(line)
                + click.style(one_line(f" ← disagree: {row.differences}"), fg="yellow", bold=True)
            )
        else:
            echo(line)
    for seen in note.observations:
        for tag in seen.tags:
            echo(
                f"Observer  {seen.observer}: tag {clock_time(tag.at_s)} {tag_word(tag.kind)}"
                f" (answer {tag.seq})"
            )
        if seen.comment:
            echo(f"Comment   {seen.observer} (observer): {seen.comment}")


def _print_turn(t: TurnRecord, practice: bool = False) -> None:
    """`practice`: given in a retry after the call was played to its end."""
    notes = []
    if t.pause_s is not None:
        notes.append(f"pause {t.pause_s:.1f} s")
    if t.hint_used:
        notes.append("hint used")
    if mark := retry_mark(t.retried, practice):
        notes.append(mark)
    extra = f" · {' · '.join(notes)}" if notes else ""
    click.echo(
        click.style(f"Turn {t.seq}", bold=True)
        + display(f" · step {t.step_id} · score {_score(t.result.score)}{extra}")
    )
    echo(f"  Prospect: {t.prospect_line}")
    echo(f"  You ({t.input_kind}): {t.answer_text}")
    from trainer.scoring.format import move_points, penalty_text, points_text, quotes

    for c, earned, possible in move_points(t.result):
        mark = click.style("✓", fg="green") if c.passed else click.style("✗", fg="red")
        parts = [f" {c.label}: {points_text(earned, possible)}"]
        if c.evidence:
            parts.append(" — " + quotes(c.evidence))
        if c.detail:
            parts.append(f" ({c.detail})")
        if not c.passed and c.tip:
            parts.append(f" — tip: {c.tip}")
        click.echo(f"    {mark}" + display("".join(parts)))
    for g in t.result.guards:
        if g.triggered:
            evidence = quotes(g.evidence)
            tip = f" — tip: {g.tip}" if g.tip else ""
            click.echo(
                f"    {click.style('!', fg='yellow')}"
                + display(
                    f" {g.label}: {penalty_text(g.penalty)}"
                    + (f" — {evidence}" if evidence else "")
                    + tip
                )
            )
    shown = [m for m in t.result.delivery if m.actual is not None]
    if shown:
        figures = []
        for m in shown:
            target = f" (target {m.target_text()})" if m.target_text() else " (no target)"
            ok = {True: " ✓", False: " ✗", None: ""}[m.ok]
            figures.append(f"{m.label} {m.actual:g}{(' ' + m.unit) if m.unit else ''}{target}{ok}")
        echo(f"    Delivery: {'; '.join(figures)}")
    for note in t.result.notes:
        echo(f"    Note: {note}")
    if t.audio_path:
        echo(f"    Recording: {t.audio_path}")


# -- stats --------------------------------------------------------------------------------


@click.command()
@click.option("--rep", help="Only this rep [default: everyone in the log].")
@click.option("--since", type=Since(), help=SINCE_HELP.removesuffix(".") + " [default: 14d].")
@click.option(
    "--by-rep",
    is_flag=True,
    help="One line per rep: drills, minutes, answers, average score, days practised "
    "(a manager's view of the team).",
)
@click.pass_context
def stats(ctx: click.Context, rep: str | None, since: datetime | None, by_rep: bool) -> None:
    """Practice per day and week, streaks, weak spots (recall tomorrow).

    \b
    Examples:
      trainer stats                       everyone, the last 14 days
      trainer stats --rep alex --since 30d
      trainer stats --by-rep --since 7d   who practised how much this week
    """
    from trainer.clock import local_today
    from trainer.practice.stats import first_day, read_practice
    from trainer.store.base import StoreError, fixed_rep

    store = existing_store_from(ctx)
    if store is None:
        return _no_log(ctx)
    rep = _own_only(store, rep)
    day = None if since is None else since.astimezone().date()
    clock = clock_from(ctx)
    # The weak spots are one rep's schedule: --rep, else the login or the settings' rep.
    weak_rep = rep or fixed_rep(store) or _settings_rep()
    everyone = rep is None and fixed_rep(store) is None  # the totals are everyone's
    try:
        if by_rep:
            start = first_day(day, local_today(clock))
            reps = [r for r in store.rep_activity(start) if rep is None or r.rep == rep]
        else:
            figures = read_practice(store, rep, clock, day, weakest_of=weak_rep)
            logged = {s.scenario_id: s.scenario_title for s in store.scenario_summary(weak_rep)}
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if by_rep:
        _print_reps(reps, start)
    else:
        _print_stats(
            figures,
            rep,
            weak_rep,
            _spot_names(ctx, figures, logged),
            local_today(clock),
            everyone,
        )


def _spot_names(ctx: click.Context, s: PracticeStats, logged: dict[str, str]) -> SpotNames:
    """The names of the weak spots: the library's titles and steps' lines (the titles as
    logged for a scenario it no longer holds); the library is read only for a step."""
    from trainer.practice.stats import SpotNames, spot_names

    if not any(w.step_id for w in s.weakest):
        return SpotNames(logged)
    from trainer.commands.common import library_from

    return spot_names(library_from(ctx), logged)


def _settings_rep() -> str | None:
    from trainer.commands.common import settings_reported

    return settings_reported().rep


def _print_reps(reps: list[RepActivity], since: date) -> None:
    click.echo(click.style(f"Practice per rep since {since:%a %Y-%m-%d}", bold=True))
    if not reps:
        click.echo("Nobody has practised in this period.")
        return
    rows = [
        (
            r.rep,
            str(r.drills),
            practice_minutes(r.minutes),
            str(r.answers),
            _score(r.average_score),
            str(r.active_days),
            f"{r.last_day:%Y-%m-%d}" if r.last_day else "",
        )
        for r in reps
    ]
    _table(
        ("REP", "DRILLS", "MINUTES", "ANSWERS", "AVG SCORE", "DAYS", "LAST"),
        rows,
        right={1, 2, 3, 4, 5},
    )


def _print_stats(
    s: PracticeStats,
    rep: str | None,
    weak_rep: str | None,
    names: SpotNames,
    today: date,
    everyone: bool = False,
) -> None:
    who = f" for {rep}" if rep else " for everyone" if everyone else ""
    first = s.days[0].day if s.days else today
    click.echo(click.style(one_line(f"Practice{who} since {first:%a %Y-%m-%d}"), bold=True))
    click.echo(
        f"{plural(s.drills, 'drill')} · {practice_minutes(s.minutes)} min practised · "
        f"{plural(s.answers, 'answer')} · "
        f"average score {_score(s.average_score) or '-'} (calls played to their end)"
    )
    click.echo(f"Streak: {_days(s.current_streak)} now, longest {_days(s.longest_streak)}")
    click.echo()
    day_rows = [
        (
            f"{d.day:%a %Y-%m-%d}",
            str(d.drills) if d.drills else "·",
            practice_minutes(d.minutes) if d.drills else "",
            str(d.answers) if d.drills else "",
            _score(d.average_score),
        )
        for d in s.days
    ]
    _table(("DAY", "DRILLS", "MINUTES", "ANSWERS", "AVG SCORE"), day_rows, right={1, 2, 3, 4})
    click.echo()
    week_rows = [
        (
            f"{w.week_start:%Y-%m-%d}",
            str(w.active_days),
            str(w.drills),
            practice_minutes(w.minutes),
            str(w.answers),
            _score(w.average_score),
        )
        for w in s.weeks
    ]
    _table(
        ("WEEK OF", "DAYS", "DRILLS", "MINUTES", "ANSWERS", "AVG SCORE"),
        week_rows,
        right={1, 2, 3, 4, 5},
    )
    click.echo()
    _print_weakest(s, weak_rep, names, only=everyone)


def _print_weakest(s: PracticeStats, rep: str | None, names: SpotNames, only: bool = False) -> None:
    """The weak spots (trainer.practice.stats.weakest), as Home and Progress show them:
    the scenario id, what the rep reads (`Weak.name`), recall tomorrow, lapses, next review,
    interval. `only`: the totals above are everyone's, these one rep's (said so)."""
    if rep is None:
        click.echo("Weak spots: name the rep with --rep.")
        return
    whose = f"{rep} only (not everyone's: --rep NAME for another rep)" if only else rep
    if not s.weakest:
        click.echo(one_line(f"Weak spots of {whose}: none yet (calls played to their end)."))
        return
    click.echo(one_line(f"Weak spots of {whose}, lowest recall tomorrow first, then most lapses:"))
    rows = [
        (
            one_line(w.scenario_id),
            f"{w.recall:.0%}",
            str(w.card.lapses),
            f"{w.due:%Y-%m-%d}",
            f"{w.card.interval_days}d",
        )
        for w in s.weakest
    ]
    # A spot's name (title · the prospect's line) is too long for a column at 80: it goes on
    # its own line under the scenario and the figures, wrapped at spaces.
    head = ("SCENARIO / WEAK SPOT", "RECALL", "LAPSES", "NEXT DUE", "EVERY")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    click.echo("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    for w, row in zip(s.weakest, rows, strict=True):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(n) for c, n in zip(row[1:], widths[1:], strict=True)
        ]
        click.echo("  ".join(cells))
        for line in wrap_at_spaces(one_line(w.name(names)), REPORT_WIDTH, "  ", "    "):
            click.echo(line)


def _days(count: int) -> str:
    return plural(count, "day")


# -- export -------------------------------------------------------------------------------


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="csv: one row per answer; json: attempts with their turns and full scoring.",
)
@click.option("--rep", help="Only this rep [default: everyone in the log].")
@click.option("--since", type=Since(), help=SINCE_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file (replaced only once complete) or pipe instead of standard output.",
)
@click.pass_context
def export(
    ctx: click.Context, fmt: str, rep: str | None, since: datetime | None, output: str | None
) -> None:
    """The practice log as CSV or JSON; the columns are documented in `trainer docs
    export`."""
    from trainer.commands.output_file import write_output
    from trainer.store.export import write_csv, write_json

    writer: Callable[[Iterable[AttemptDetail], TextIO], int] = partial(
        write_json, exported_at=clock_from(ctx).now()
    )
    if fmt == "csv":
        writer = write_csv
    store = existing_store_from(ctx)
    rep = _own_only(store, rep)
    details = _details(store, rep, since)
    # Content is data, but data a terminal (or `cat`) must not act on: JSON escapes what
    # JSON leaves raw (C1, bidi), CSV shows control characters as text.
    clean = escape_json_text if fmt == "json" else display
    try:
        if output is None:
            writer(details, cast(TextIO, _Cleaned(sys.stdout, clean)))
        else:
            write_output(output, lambda out: writer(details, cast(TextIO, _Cleaned(out, clean))))
    finally:
        if store is not None:
            store.close()


class _Cleaned:
    """A text stream that passes everything written through `clean` first."""

    def __init__(self, out: TextIO, clean: Callable[[str], str]) -> None:
        self._out = out
        self._clean = clean

    def write(self, text: str) -> int:
        self._out.write(self._clean(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


def _own_only(store: Store | None, rep: str | None) -> str | None:
    """Whose practice history, stats and export read (`trainer.practice.rules.practice_of`:
    a rep's login reads its own, not the pair calls it was the partner in). A rep's login
    asking for another rep's is refused with why, rather than answered with nothing."""
    from trainer.practice.rules import practice_of
    from trainer.store.base import StoreError, logged_rep, rep_key

    if store is None:
        return rep
    own = store.fixed_rep
    try:
        if rep is not None and own is not None and rep_key(rep) == rep_key(own):
            rep = own  # their own login, however they spell it
        if rep is not None and own is not None and rep != own and store.login_role() == "rep":
            store.close()
            fail(
                f"{own}'s login reads only {own}'s own practice, not {rep}'s "
                "(a manager's login reads anyone's)."
            )
        if rep is not None and rep != own:  # as the log spells them ("ANA" reads Ana's)
            rep = logged_rep(store, rep)
        return practice_of(store, rep)
    except StoreError as exc:
        store.close()
        fail(str(exc))


def _details(
    store: Store | None, rep: str | None, since: datetime | None
) -> Iterator[AttemptDetail]:
    from trainer.store.base import StoreError

    if store is None:
        return
    try:
        for detail in store.export(rep, since):
            _warn_damaged(detail)
            yield detail
    except StoreError as exc:
        fail(str(exc))
