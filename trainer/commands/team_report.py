"""`trainer team report` output: text, CSV, JSON or Markdown, the same figures in each."""

from __future__ import annotations

import csv
import sys
from typing import Any

import click

from trainer.commands.common import echo
from trainer.practice.team import (
    TeamReport,
    TeamRow,
    due_text,
    latest_pair_text,
    pair_text,
    tags_summary,
    ticks_summary,
    week_text,
)
from trainer.safe_text import display, json_dumps, spreadsheet_text
from trainer.scoring.format import score_points
from trainer.words import REPORT_WIDTH, wrap_at_spaces


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def fields(row: TeamRow, report: TeamReport) -> dict[str, Any]:
    """A rep's row, by the column names of docs/team.md."""
    return {
        "rep": row.rep,
        "drills_this_week": row.drills_this_week,
        "minutes_this_week": _round(row.minutes_this_week),
        "drills_last_week": row.drills_last_week,
        "minutes_last_week": _round(row.minutes_last_week),
        "assignments_done": row.done,
        "assignments": len(row.open_assignments),
        "assignments_overdue": row.overdue,
        "assigned_average": _round(row.assigned_average),
        "assigned_best": _round(row.assigned_best),
        "weakest_objections": report.weak_texts(row),
        "last_practice_day": None if row.last_day is None else row.last_day.isoformat(),
        "due": row.due,
        "due_overdue": row.due_overdue,
        **pair_fields(row),
    }


def pair_fields(row: TeamRow) -> dict[str, Any]:
    """Pair practice in the window, and the latest pair note on a call the rep answered."""
    pair, note = row.pair, row.latest_pair
    return {
        "pair_calls": pair.calls_as_rep if pair else 0,
        "partner_calls": pair.partner_calls if pair else 0,
        "partner_minutes": _round(pair.partner_seconds / 60) if pair else 0.0,
        "observer_calls": pair.observer_calls if pair else 0,
        "observer_minutes": _round(pair.observer_seconds / 60) if pair else 0.0,
        "latest_pair_day": None
        if note is None
        else note.updated_at.astimezone().date().isoformat(),
        "latest_pair_partner": None if note is None else note.partner,
        "latest_pair_human_score": None if note is None else _round(note.human_score),
        "latest_pair_ticks": None if note is None else ticks_summary(note),
        "latest_pair_tags": None if note is None else tags_summary(note),
        "latest_pair_comment": None if note is None else note.comment,
    }


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "; ".join(value) or "-"
    if isinstance(value, float):
        return score_points(value)  # the one rounding rule (scores and minutes alike)
    return str(value)


WIDTH = REPORT_WIDTH  # the text and Markdown reports fit a terminal's 80 columns
TEXT_HEAD = (
    "rep",
    "this wk",
    "last wk",
    "assignments",
    "avg",
    "best",
    "last day",
    "due",
)


def text_cells(row: TeamRow, report: TeamReport) -> tuple[str, ...]:
    """A rep's row of the table; weak spots and pair calls go on lines of their own under it
    (`rep_lines`), a sentence each would make the row hundreds of columns wide."""
    f = fields(row, report)
    return (
        row.rep,
        week_text(row.drills_this_week, row.minutes_this_week),
        week_text(row.drills_last_week, row.minutes_last_week),
        row.completion,
        _cell(f["assigned_average"]),
        _cell(f["assigned_best"]),
        "-" if row.last_day is None else f"{row.last_day:%a %d %b}",
        due_text(row),
    )


def wrapped(text: str, first: str, rest: str) -> list[str]:
    """`text` in lines of at most WIDTH columns (trainer.words.wrap_at_spaces)."""
    return wrap_at_spaces(text, WIDTH, first, rest)


def rep_texts(row: TeamRow, report: TeamReport) -> list[str]:
    """What a rep's row leaves out, a line each: weak spots (recall tomorrow, lapses), pair calls
    and the latest pair note."""
    texts = [f"weak spot: {spot}" for spot in report.weak_texts(row)]
    if row.pair is not None:
        texts.append(f"pair calls: {pair_text(row)}")
    latest = latest_pair_text(row)
    if latest:
        texts.append(latest)
    return texts


def _csv_cell(value: Any) -> str:
    """A list joined with ";"; a text a spreadsheet would run as a formula starts with an
    apostrophe (trainer.safe_text.spreadsheet_text)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_text(";".join(value))
    return spreadsheet_text(value) if isinstance(value, str) else str(value)


def print_report(report: TeamReport, fmt: str) -> None:
    from trainer.commands.team import REPORT_COLUMNS

    rows = [fields(r, report) for r in report.rows]
    if fmt == "json":
        click.echo(
            json_dumps(
                {
                    "today": report.today.isoformat(),
                    "since": report.since.isoformat(),
                    "reps": rows,
                }
            )
        )
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        for r in rows:
            writer.writerow([display(_csv_cell(v)) for v in r.values()])
        return
    cells = [text_cells(r, report) for r in report.rows]
    if fmt == "md":
        echo(f"# Team report, {report.today:%a %Y-%m-%d} (scores since {report.since})\n")
        echo("| " + " | ".join(TEXT_HEAD) + " |")
        echo("|" + "---|" * len(TEXT_HEAD))
        for c in cells:
            echo("| " + " | ".join(v.replace("|", "\\|") for v in c) + " |")
        details = [(r.rep, rep_texts(r, report)) for r in report.rows]
        if any(texts for _, texts in details):
            echo("\n## Weak spots (recall tomorrow, lapses) and pair calls")
            for rep, texts in details:
                if texts:
                    echo(f"\n### {rep}\n")
                    for text in texts:  # a list item each, its wrapped lines indented
                        for line in wrapped(text, "- ", "  "):
                            echo(line)
        return
    for line in wrapped(
        f"Team report, {report.today:%a %Y-%m-%d}: drills · minutes per week; assigned "
        f"scores and pair calls since {report.since:%a %Y-%m-%d}; due: drills due today "
        "in the rep's daily practice (overdue); under each rep, weak spots (recall "
        "tomorrow, lapses) and pair calls",
        "",
        "",
    ):
        click.echo(click.style(line, bold=True))
    if not cells:
        click.echo("No reps yet.")
        return
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(TEXT_HEAD)]
    echo("  ".join(h.ljust(w) for h, w in zip(TEXT_HEAD, widths, strict=True)).rstrip())
    for row, c in zip(report.rows, cells, strict=True):
        echo("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
        for text in rep_texts(row, report):
            for line in wrapped(text, "    ", "        "):
                echo(line)
