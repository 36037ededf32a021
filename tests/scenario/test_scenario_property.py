"""Property: any mutation of a valid file either loads or fails with located errors."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scenario.scenario_paths import FIXTURES, fixture_techniques
from trainer.scenario.loader import LoadedScenario, load_bytes

VALID = (FIXTURES / "valid.yaml").read_bytes()
TECHNIQUES = fixture_techniques()
PATH = Path("mutated.yaml")
YAML_BITS = [
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!str ",
    "<<: ",
    "#",
    "'",
    '"',
    "|",
    ">",
    "\t",
    "\n",
    "  ",
    "---\n",
    "~",
    "no",
    "12:30",
    "1.0",
    "\x00",
    "\xe9",
    "?",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "raw-bytes"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(YAML_BITS)).encode()
        elif kind == "delete":
            data[at : at + draw(st.integers(1, 40))] = b""
        elif kind == "replace":
            data[at : at + 1] = draw(st.text(min_size=1, max_size=3)).encode("utf-8", "replace")
        elif kind == "raw-bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=3))
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_load_or_fail_with_located_errors(data: bytes) -> None:
    result = load_bytes(data, PATH, TECHNIQUES)
    if isinstance(result, LoadedScenario):
        return
    assert result, "a failed load must say why"
    lines = data.count(b"\n") + 2
    for error in result:
        assert error.path == PATH
        assert 1 <= error.line <= lines and error.col >= 1
        assert error.message and "Traceback" not in error.message
        assert str(error).startswith(f"mutated.yaml:{error.line}:{error.col}: ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_quick_and_the_careful_parse_agree(data: bytes) -> None:
    """Clean files take a fast path without positions; it must read them exactly as the
    careful parse (the one that reports problems) does."""
    from trainer.scenario.safe_yaml import _Builder, _NeedsCare, _quick, decode

    text, _ = decode(data)
    if text is None:
        return
    try:
        quick = _quick(text)
    except _NeedsCare:
        return
    careful = _Builder()
    careful.run(text)
    assert careful.problems == []
    assert careful.root == quick
