"""Who plays the prospect (and who observes, if anyone): asked once per app session before
the first pair call from the Library, so that a call (and a swap) is never logged under a
made-up name, and an observer's own screen may tick on it (docs/pairs.md)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.tui.keys import bindings
from trainer.tui.widgets.footer import Footer


class PartnerNameScreen(ModalScreen[tuple[str, str | None] | None]):
    """Dismisses with the partner's name and the observer's (None: no observer) on enter,
    or None (esc)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("partner-name")

    def __init__(self, rep: str) -> None:
        super().__init__()
        self.rep = rep

    def compose(self) -> ComposeResult:
        with Vertical(id="partner-name", classes="dialog"):
            yield Static("Who plays the prospect?", classes="dialog-title", markup=False)
            yield Static(
                f"You ({self.rep}) answer; your partner plays the prospect from the card. "
                "Their name goes in the log with the call, and an observer's, who may tick "
                "on their own screen.",
                markup=False,
            )
            # room to paste a long name whole: the check says how long a name may be
            yield Input(placeholder="Your partner's name", id="partner-name-input", max_length=200)
            yield Input(
                placeholder="An observer's name (optional)",
                id="partner-name-observer",
                max_length=200,
            )
            yield Static("", id="partner-name-problem", markup=False)
            yield Static("enter: start · tab: next name · esc: cancel", classes="dialog-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#partner-name-input", Input).focus()

    @on(Input.Submitted)
    def _named(self) -> None:
        from trainer.drill.pair import name_problem, roles_problem

        name = _name(self.query_one("#partner-name-input", Input).value)
        observer = _name(self.query_one("#partner-name-observer", Input).value)
        problem = self.query_one("#partner-name-problem", Static)
        if not name:
            problem.update("Type your partner's name, or esc to cancel.")
            self.query_one("#partner-name-input", Input).focus()
        elif said := name_problem("partner", name):
            problem.update(f"{said}.")
            self.query_one("#partner-name-input", Input).focus()
        elif said := name_problem("observer", observer):
            problem.update(f"{said}.")
            self.query_one("#partner-name-observer", Input).focus()
        elif said := roles_problem(self.rep, name, observer or None):
            problem.update(f"{said}.")
        else:
            self.dismiss((name, observer or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _name(typed: str) -> str:
    """A typed name with no control characters and single spaces."""
    from trainer.drill.run import plain_answer

    return " ".join(plain_answer(typed).split())
