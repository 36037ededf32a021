"""Home's due card: what the daily practice holds today and the goals in means
(trainer.practice.daily)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from trainer.words import plural

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trainer.practice.goals import Goal
    from trainer.tui.home_view import DueRow


# Goals Home's Today and This week cards already measure.
SHOWN_ELSEWHERE = frozenset({"daily_goal_minutes", "weekly_goal_drills"})


def due_card(queue: DueRow | None, goals: Sequence[Goal], key: str) -> Content:
    """The due card's text ("3 due today (1 overdue) · 2 new · D: daily practice", or when
    the next is due): empty until the library (and with it the queue) has loaded."""
    if queue is None:
        return Content("")
    rest = [g for g in goals if g.setting not in SHOWN_ELSEWHERE]
    return Content("\n").join([due_text(queue, key), goals_text(rest)])


def goals_text(goals: Sequence[Goal]) -> Content:
    """'Goals: ✓ 5/5 drills today · 1/5 due cleared today · 0/3 new this week'."""
    parts: list[Content | str | tuple[str, str]] = [("Goals: ", "$text-muted")]
    for n, goal in enumerate(goals):
        if n:
            parts.append(("  ", "$text-muted"))
        done = f"{goal.done:.0f}/{goal.target}"
        parts.append((("✓ " if goal.met else "") + done, "$success" if goal.met else "bold"))
        parts.append((f" {goal.label}", "$text-muted"))
    return Content.assemble(*parts)


def due_text(queue: DueRow, key: str) -> Content:
    if not queue.any_due:
        after = (
            f"next on {queue.next_due:%a %d %b}" if queue.next_due else "drill a scenario to start"
        )
        return Content.assemble(
            ("Nothing due", "bold $success"),
            f" · {after}",
            (f"  ({queue.cleared_today} cleared today)", "$text-muted")
            if queue.cleared_today
            else "",
        )
    overdue = f" ({queue.overdue} overdue)" if queue.overdue else ""
    cleared = f" · {queue.cleared_today} cleared today" if queue.cleared_today else ""
    return Content.assemble(
        (f"{queue.due} due", "bold $warning" if queue.overdue else "bold"),
        (overdue, "$error"),
        f" · {plural(queue.new, 'new scenario')}" if queue.new else "",
        (cleared, "$text-muted"),
        "   ",
        (key, "bold $accent"),
        " daily practice",
    )
