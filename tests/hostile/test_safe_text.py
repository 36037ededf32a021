"""The sanitising boundary: what `display`, `one_line` and `json_dumps` make of any text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from trainer.safe_text import (
    REPLACEMENT,
    display,
    escape_json_text,
    is_safe,
    json_dumps,
    one_line,
    terminal_safe,
    unsafe_chars,
)

ANY_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFFF, blacklist_categories=()),
    max_size=200,
)


def test_escape_sequences_show_as_inert_text() -> None:
    assert display("\x1b[2J\x1b[31mRED\x1b]0;pwned\x07") == "␛[2J␛[31mRED␛]0;pwned␇"
    assert display("\x1b]52;c;cHduZWQ=\x07") == "␛]52;c;cHduZWQ=␇"
    assert display("\x1bP+q\x1b\\") == "␛P+q␛\\"


def test_newline_and_tab_stay_other_controls_become_pictures() -> None:
    assert display("a\nb\tc") == "a\nb\tc"
    assert display("a\r\nb") == "a\nb"
    assert display("a\r\nb", keep_length=True) == "a \nb"
    assert display("over\rwrite") == "over␍write"
    assert display("\x00\x08\x7f") == "␀␈␡"


def test_c1_bidi_surrogates_and_non_characters_become_the_replacement_character() -> None:
    for char in [
        "\u0080",
        "\u0085",
        "\u009b",
        "\u009d",
        "\u009f",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
        "\ud800",
        "\udcff",
        "\ufffe",
        "\uffff",
    ]:
        assert display(f"a{char}b") == f"a{REPLACEMENT}b", repr(char)


def test_harmless_text_is_unchanged() -> None:
    for text in [
        "plain",
        "[/] broken",
        "$accent",
        "Café ✓ ✗ — “quotes”",
        "السعر",
        "👩‍💻",
        "zero\u200bwidth",
        "mark\u200fRLM",
    ]:
        assert display(text) == text
        assert is_safe(text)


def test_one_line_joins_lines_for_a_table_cell() -> None:
    assert one_line("a\nb\tc\u2028d") == "a b c d"
    assert one_line("\x1b[2J") == "␛[2J"


def test_json_escapes_what_json_leaves_raw_and_keeps_the_data() -> None:
    value = {"t": "a\u009bb\u202ec\u2028d\x7fe\x1bf"}
    text = json_dumps(value)
    assert terminal_safe(text)
    assert "\\u009b" in text and "\\u202e" in text and "\\u001b" in text
    assert json.loads(text) == value
    assert escape_json_text('"\u0085"') == '"\\u0085"'


def test_unsafe_chars_names_each_one() -> None:
    assert unsafe_chars("a\x1bb\u202e") == [(1, "\x1b"), (3, "\u202e")]


@given(ANY_TEXT)
def test_display_of_anything_is_terminal_safe(text: str) -> None:
    shown = display(text)
    assert terminal_safe(shown)
    assert "\x1b" not in shown
    assert is_safe(shown)
    assert display(shown) == shown  # idempotent
    assert terminal_safe(one_line(text)) and "\n" not in one_line(text)
    assert len(display(text, keep_length=True)) == len(text)


@given(ANY_TEXT)
def test_json_of_anything_is_terminal_safe_and_round_trips(text: str) -> None:
    dumped = json_dumps({"x": text})
    assert terminal_safe(dumped)
    assert json.loads(dumped) == {"x": text}


def test_undecodable_input_is_replaced_and_counted() -> None:
    from trainer.safe_text import undecodable_replaced

    raw = b"fair \xff\xfe compare?".decode("utf-8", "surrogateescape")
    assert undecodable_replaced(raw) == ("fair \ufffd\ufffd compare?", 2)
    assert undecodable_replaced("clean ✓") == ("clean ✓", 0)
