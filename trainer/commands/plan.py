"""`trainer assign`, `trainer assignments` and `trainer comment`: practice given with due
dates and targets in means, and a manager's comment and score on an attempt. On a team
server a manager assigns to reps and a rep reads their own; on a SQLite log you assign
yourself (a personal plan)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import click

from trainer.commands.common import clock_from, echo, fail, store_and_library, store_from

if TYPE_CHECKING:
    from trainer.practice.assignments import AssignmentProgress
    from trainer.scenario.library import Library
    from trainer.store.base import Store

DUE_HELP = (
    "Due by this day: a date (2026-12-04), today, tomorrow, fri (the next Friday: on a "
    "Friday, a week on), 3d or 2w."
)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {n: i for i, name in enumerate(_DAY_NAMES) for n in (name, name[:3])}
_RELATIVE = re.compile(r"^\+?(\d+)\s*([dw])$")


def register(group: click.Group) -> None:
    for command in (assign, assignments, comment):
        group.add_command(command)


def parse_due(text: str, today: date) -> date:
    """A due day from what a manager types (ValueError when it is none)."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    weekday = _WEEKDAYS.get(word)
    if weekday is not None:  # the next such day: "fri" said on a Friday is a week on
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    relative = _RELATIVE.match(word)
    if relative:
        count, unit = int(relative[1]), relative[2]
        return today + timedelta(days=count * (7 if unit == "w" else 1))
    return date.fromisoformat(word)


class Due(click.ParamType):  # type: ignore[type-arg]
    name = "DAY"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        from trainer.clock import local_today

        try:
            return parse_due(str(value), local_today(clock_from(ctx)))
        except ValueError:
            self.fail(f"{value!r} is not a day: {DUE_HELP}", param, ctx)


def me(store: Store) -> str:
    """Who the login is: the team server's login, else the rep in the settings."""
    from trainer.commands.common import settings_reported
    from trainer.store.base import rep_of

    return rep_of(store, settings_reported())


@click.command()
@click.argument("scenario", required=False)
@click.option("--tag", help="Assign every scenario with this tag instead of one scenario.")
@click.option("--kind", help="Assign every scenario of this kind (objection, cold-call...).")
@click.option(
    "--to",
    "reps",
    multiple=True,
    metavar="REP",
    help="Who practises (repeatable) [default: yourself].",
)
@click.option("--all-reps", is_flag=True, help="Every rep of this team database.")
@click.option("--due", type=Due(), required=True, help=DUE_HELP)
@click.option(
    "--attempts",
    type=click.IntRange(0, 1000),
    default=0,
    help="Drills to do (attempts with at least one answer).",
)
@click.option(
    "--minutes", type=click.IntRange(0, 10000), default=0, help="Minutes of practice to do."
)
@click.option(
    "--pass",
    "passing",
    type=click.FloatRange(0, 100),
    help="A finished call must score at least this.",
)
@click.option("--note", default="", help="A line for the rep (why, what to focus on).")
@click.pass_context
def assign(
    ctx: click.Context,
    scenario: str | None,
    tag: str | None,
    kind: str | None,
    reps: tuple[str, ...],
    all_reps: bool,
    due: date,
    attempts: int,
    minutes: int,
    passing: float | None,
    note: str,
) -> None:
    """Give practice with a due day and targets in means (drills, minutes), optionally a
    passing score: one scenario, a tag or a kind, to reps (a manager on the team server) or
    to yourself (a personal plan on your own log).

    \b
    Examples:
      trainer assign objection/too-expensive --to alex --to blake --due fri --attempts 5 --pass 70
      trainer assign --tag price --all-reps --due 2w --minutes 30
      trainer assign --kind cold-call --due tomorrow --attempts 3      (assign yourself)
    """
    from trainer.practice.assignments import scenario_facts
    from trainer.store.base import StoreError
    from trainer.store.plan_records import Assignment, TargetKind
    from trainer.words import kind_id

    kind = kind_id(kind) if kind else kind
    given = [(TargetKind.SCENARIO, scenario), (TargetKind.TAG, tag), (TargetKind.KIND, kind)]
    chosen = [(k, v) for k, v in given if v]
    if len(chosen) != 1:
        fail("give one scenario id, or --tag TAG, or --kind KIND (exactly one).", 2)
    target_kind, target = chosen[0]
    assert target is not None
    if not (attempts or minutes or passing is not None):
        fail("set a target: --attempts N, --minutes N or --pass SCORE.", 2)
    from trainer.practice.assignments import covered

    def check(library: Library) -> None:
        facts = scenario_facts(library)
        if target_kind is TargetKind.SCENARIO and target not in facts:
            hint = library.suggest(target)
            fail(
                f"no scenario {target!r} in your library"
                + (f" (did you mean {', '.join(hint)}?)" if hint else "")
                + "; `trainer scenarios` lists them.",
                2,
            )
        probe = Assignment("", target_kind, target, due)
        if target_kind is not TargetKind.SCENARIO and not covered(probe, facts):
            fail(f"no scenario in your library has {target_kind} {target!r}.", 2)

    store, _ = store_and_library(ctx, check)
    try:
        by = me(store)
        who = list(dict.fromkeys(reps))
        if all_reps:
            who += [r for r in store.team_members() or [] if r not in who]
            if not who:
                fail(
                    "--all-reps: the team server lists no reps (or this is not a team "
                    "server); name them with --to.",
                    2,
                )
        who = who or [by]
        made = [
            Assignment(
                rep, target_kind, target, due, attempts, minutes, passing, note, assigned_by=by
            )
            for rep in who
        ]
        store.add_assignments(made)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    for a in made:
        echo(f"Assigned {a.label} to {a.rep}, due {a.due:%a %Y-%m-%d} (id {a.id[:8]}).")


@click.group(invoke_without_command=True)
@click.option("--rep", help="Only this rep's (a manager; a rep sees only their own).")
@click.option("--all", "show_all", is_flag=True, help="Also withdrawn ones.")
@click.pass_context
def assignments(ctx: click.Context, rep: str | None, show_all: bool) -> None:
    """What is assigned, due when, and progress against each target; overdue first.

    \b
    Examples:
      trainer assignments                      yours (a manager: everyone's)
      trainer assignments --rep alex
      trainer assignments edit 3f2a --due mon --attempts 8
      trainer assignments withdraw 3f2a
    """
    if ctx.invoked_subcommand is not None:
        return
    from trainer.practice.assignments import read_assignments, scenario_facts
    from trainer.store.base import StoreError

    store, library = store_and_library(ctx)
    try:
        found = read_assignments(store, scenario_facts(library), clock_from(ctx), rep, show_all)
        viewer = me(store)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if not found:
        click.echo("Nothing assigned." + ("" if rep is None else f" ({rep})"))
        return
    print_progress(found, viewer)


def print_progress(found: list[AssignmentProgress], viewer: str) -> None:
    """One line per assignment; whose it is, unless every one is the viewer's own."""
    reps = {p.assignment.rep for p in found}
    named = reps != {viewer}
    for p in found:
        who = f"{p.assignment.rep:<12} " if named else ""
        mark = {"overdue": "OVERDUE ", "done": "done    ", "withdrawn": "withdrawn "}.get(
            p.state, "        "
        )
        echo(f"{p.assignment.id[:8]}  {who}{mark}{p.summary()}")
        if p.assignment.note:
            indent = 10 + (13 if named else 0) + 8
            echo(f"{'':{indent}}note: {p.assignment.note}")


def _find(store: Store, assignment_id: str) -> object:
    found = store.find_assignment(assignment_id)
    if found is None:
        fail(f"No assignment {assignment_id}; `trainer assignments` lists the ids.")
    return found


@assignments.command()
@click.argument("assignment_id", metavar="ID")
@click.option("--due", type=Due(), help=DUE_HELP)
@click.option("--attempts", type=click.IntRange(0, 1000), help="New target: drills to do.")
@click.option("--minutes", type=click.IntRange(0, 10000), help="New target: minutes to practise.")
@click.option(
    "--pass",
    "passing",
    type=click.FloatRange(0, 100),
    help="New passing score: the best call must reach it.",
)
@click.option("--no-pass", is_flag=True, help="Drop the passing score.")
@click.option("--note", help="A new line for the rep.")
@click.pass_context
def edit(
    ctx: click.Context,
    assignment_id: str,
    due: date | None,
    attempts: int | None,
    minutes: int | None,
    passing: float | None,
    no_pass: bool,
    note: str | None,
) -> None:
    """Change an open assignment's due day, targets or note (a manager; yourself on a log)."""
    from trainer.store.base import StoreError
    from trainer.store.plan_records import Assignment

    store = store_from(ctx)
    try:
        found = _find(store, assignment_id)
        assert isinstance(found, Assignment)
        if due is not None:
            found.due = due
        if attempts is not None:
            found.attempts_target = attempts
        if minutes is not None:
            found.minutes_target = minutes
        if passing is not None or no_pass:
            found.passing_score = None if no_pass else passing
        if note is not None:
            found.note = note
        store.update_assignment(found)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    echo(f"Changed {found.label} for {found.rep}: due {found.due:%a %Y-%m-%d}.")


@assignments.command()
@click.argument("assignment_id", metavar="ID")
@click.pass_context
def withdraw(ctx: click.Context, assignment_id: str) -> None:
    """Withdraw an assignment (kept, marked withdrawn; `assignments --all` shows it)."""
    from trainer.store.base import StoreError
    from trainer.store.plan_records import Assignment

    store = store_from(ctx)
    try:
        found = _find(store, assignment_id)
        assert isinstance(found, Assignment)
        store.withdraw_assignment(found.id, clock_from(ctx).now())
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    echo(f"Withdrew {found.label} for {found.rep}.")


@click.command()
@click.argument("attempt_id", metavar="ATTEMPT")
@click.argument("text", required=False, default="")
@click.option("--turn", type=click.IntRange(1, 10000), help="On this answer (its number).")
@click.option(
    "--score",
    type=click.FloatRange(0, 100),
    help="Your own score, 0-100, shown beside the automatic one (never replacing it).",
)
@click.pass_context
def comment(
    ctx: click.Context, attempt_id: str, text: str, turn: int | None, score: float | None
) -> None:
    """Comment on an attempt (or one answer) and/or give it your own score (a manager on
    the team server; on your own log, a note to yourself).

    \b
    Examples:
      trainer comment 3f2a "Good pause before answering; ask about the budget sooner." --score 75
      trainer comment 3f2a --turn 2 "Here: acknowledge first."
    """
    from trainer.store.base import StoreError
    from trainer.store.plan_records import AttemptNote

    if not text.strip() and score is None:
        fail("give a comment, a --score, or both.", 2)
    if turn is not None and score is not None:
        fail("a human score is for the whole attempt: give --score without --turn.", 2)
    store = store_from(ctx)
    try:
        detail = store.attempt(attempt_id)
        if detail is None:
            fail(f"No attempt {attempt_id} in the log; `trainer history` lists the ids.")
        if turn is not None and turn not in {t.seq for t in detail.turns}:
            fail(f"attempt {detail.attempt.id[:8]} has no answer {turn}.", 2)
        store.add_note(AttemptNote(detail.attempt.id, me(store), text.strip(), score, turn))
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    echo(f"Noted on attempt {detail.attempt.id[:8]} of {detail.attempt.rep}.")
