"""The one error type of the speech layer: what went wrong, and what to do about it."""

from __future__ import annotations

INSTALL_EXTRA = "install the speech extra: pip install 'trainer-drills[speech]'"


class SpeechError(Exception):
    """A speech problem in plain words, with the fix. Typed answers keep working."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem, fix)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem}\n  fix: {self.fix}"


def missing_extra(module: str, exc: BaseException) -> SpeechError:
    """A SpeechError for an optional speech module that cannot be imported."""
    return SpeechError(f"speech is not available: {module} cannot be loaded ({exc})", INSTALL_EXTRA)
