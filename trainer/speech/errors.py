"""The one error type of the speech layer: what went wrong, and what to do about it."""

from __future__ import annotations

from trainer.install import extra_hint

INSTALL_EXTRA = "install the speech extra: " + extra_hint("speech")


class SpeechError(Exception):
    """A speech problem in plain words, with the fix. Typed answers keep working."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem, fix)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem}\n  fix: {self.fix}"

    @property
    def line(self) -> str:
        """The problem and what to do in one line, as a toast or a drill shows it: "No
        microphone found: plug in or enable one, …; or answer by typing." """
        said = f"{self.problem[:1].upper()}{self.problem[1:]}: {self.fix}"
        return said if said.endswith((".", "?", "!")) else said + "."


def missing_extra(module: str, exc: BaseException) -> SpeechError:
    """A SpeechError for an optional speech module that cannot be imported."""
    return SpeechError(f"speech is not available: {module} cannot be loaded ({exc})", INSTALL_EXTRA)
