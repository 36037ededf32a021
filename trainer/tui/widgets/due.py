"""Home's due card: what the daily practice holds today (trainer.practice.daily)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from trainer.practice.rules import plural

if TYPE_CHECKING:
    from trainer.practice.schedule import DueQueue


class DueCard(Static):
    """'3 due today (1 overdue) · 2 new · D: daily practice', or when the next is due."""

    def on_mount(self) -> None:
        self.border_title = "Due today"

    def show(self, queue: DueQueue | None, key: str) -> None:
        self.update(due_text(queue, key))


def due_text(queue: DueQueue | None, key: str) -> Content:
    if queue is None:
        return Content("")
    if not queue.items:
        after = (f"next on {queue.next_due:%a %d %b}" if queue.next_due
                 else "drill a scenario to start")
        return Content.assemble(("Nothing due", "bold $success"), f" · {after}",
                                (f"  ({queue.cleared_today} cleared today)", "$text-muted")
                                if queue.cleared_today else "")
    overdue = f" ({queue.overdue} overdue)" if queue.overdue else ""
    cleared = f" · {queue.cleared_today} cleared today" if queue.cleared_today else ""
    return Content.assemble(
        (f"{queue.due} due", "bold $warning" if queue.overdue else "bold"),
        (overdue, "$error"),
        f" · {plural(queue.new, 'new scenario')}" if queue.new else "",
        (cleared, "$text-muted"),
        "   ", (key, "bold $accent"), " daily practice",
    )
