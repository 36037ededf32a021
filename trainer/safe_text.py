"""The one sanitising boundary: text from files, answers, transcripts and the server, made
safe to show on a terminal (or in the app) as plain text.

Content is data. Whatever it holds, showing it must never move the cursor, clear the screen,
retitle the window, write the clipboard (OSC 52), reorder the line (bidi overrides) or be
read as markup. Every front end passes content through `display` (or `one_line` for a table
cell) before it reaches a terminal, and `json_dumps` before JSON is printed.

What `display` does, character by character (nothing is dropped silently, so an attempt at
injection stays visible as harmless text):

- newline and tab are kept; "\\r\\n" becomes "\\n";
- every other C0 control (U+0000-U+001F) becomes its Unicode *control picture*
  (U+2400-U+241F): ESC shows as "␛", BEL as "␇", CR as "␍". An escape sequence such as
  "\\x1b[2J" therefore shows as the inert text "␛[2J";
- DEL (U+007F) becomes "␡" (U+2421);
- C1 controls (U+0080-U+009F, e.g. the one-byte CSI U+009B and OSC U+009D), bidirectional
  embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), lone surrogates
  (undecodable bytes) and the non-characters U+FFFE/U+FFFF become U+FFFD "�".

No Textual import here: the core, the CLI and the app all use this module.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"

# Characters never shown as they are (everything but newline and tab below U+0020, ...).
_UNSAFE_NO_NEWLINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# Bidirectional embedding, override and isolate characters (not the harmless marks LRM/RLM).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# In JSON, escape what json.dumps leaves raw but a terminal would act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# One table cell: any line break or tab becomes one space.
_BREAKS = re.compile("[\n\t\u2028\u2029]")


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return REPLACEMENT


def _replace(match: re.Match[str]) -> str:
    return _stand_in(match.group())


def display(text: str, *, keep_length: bool = False) -> str:
    """`text` as safe plain text for a terminal: newlines and tabs kept, every other control
    character (C0, DEL, C1), bidi override/isolate and lone surrogate shown as a visible
    stand-in (see the module docstring).

    `keep_length=True` keeps every character's offset (for highlighting spans of the
    original): "\r\n" then becomes " \n" instead of "\n".
    """
    if not isinstance(text, str):
        text = str(text)
    if "\r\n" in text:
        text = text.replace("\r\n", " \n" if keep_length else "\n")
    if _UNSAFE_NO_NEWLINE.search(text) is None:
        return text
    return _UNSAFE_NO_NEWLINE.sub(_replace, text)


# What text a person enters keeps: no control character but newline and tab, no bidi control.
_NOT_KEPT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def kept_text(text: str) -> str:
    """Text a person enters (an answer typed or pasted, a comment) as it is kept and logged:
    line breaks become "\\n" ("\\r\\n" and a lone "\\r" too), tabs stay; every other control
    character (C0, DEL, C1) and every bidi embedding, override or isolate is dropped. They
    carry no words, so unlike `display` nothing stands in for them: what the answer box
    shows is what the log keeps."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_KEPT.sub("", text)


def one_line(text: str) -> str:
    """`display(text)` on one line, for a table cell or a heading: line breaks and tabs
    become single spaces."""
    return _BREAKS.sub(" ", display(text))


def is_safe(text: str) -> bool:
    """True when `display(text)` would change nothing (no control, bidi override, ...)."""
    return _UNSAFE_NO_NEWLINE.search(text.replace("\r\n", "\n")) is None


def unsafe_chars(text: str) -> list[tuple[int, str]]:
    """Each character `display` would replace (newline excluded), with its index."""
    return [(m.start(), m.group()) for m in _UNSAFE_NO_NEWLINE.finditer(text)]


_SURROGATE = re.compile("[\ud800-\udfff]")


def undecodable_replaced(text: str) -> tuple[str, int]:
    """Text read with errors="surrogateescape" (Python's UTF-8 mode under LANG=C, or argv)
    holds each byte that was not UTF-8 as a lone surrogate, which cannot be stored or
    printed. Returns the text with each one replaced by U+FFFD, and how many there were, so
    that a caller can say "2 bytes were not UTF-8 and were replaced" (or refuse the input)."""
    found = len(_SURROGATE.findall(text))
    if not found:
        return text, 0
    return _SURROGATE.sub(REPLACEMENT, text), found


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_dumps(value: Any, **kwargs: Any) -> str:
    """`json.dumps` whose output is safe on a terminal and still the same data: C0 controls
    are escaped by JSON itself; DEL, C1 controls, line/paragraph separators, bidi controls and
    lone surrogates are written as \\uXXXX escapes too (they only occur inside strings)."""
    kwargs.setdefault("ensure_ascii", False)
    import json

    return escape_json_text(json.dumps(value, **kwargs))


def escape_json_text(text: str) -> str:
    """Escape, in already-serialised JSON, the characters `json_dumps` escapes."""
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """A CSV cell's text that a spreadsheet shows rather than runs: text starting with
    = + - @, tab or carriage return gets a leading apostrophe (`=HYPERLINK(...)` becomes
    `'=HYPERLINK(...)`), as OWASP recommends; other text is unchanged."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def terminal_safe(text: str) -> bool:
    """True when `text` holds no ESC, no C1 control and no other C0 control than newline,
    tab and carriage return: what the tests require of everything that reaches a terminal."""
    return _TERMINAL_BAD.search(text) is None


_TERMINAL_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

__all__ = [
    "BIDI_CONTROLS",
    "REPLACEMENT",
    "display",
    "escape_json_text",
    "is_safe",
    "json_dumps",
    "kept_text",
    "one_line",
    "spreadsheet_text",
    "terminal_safe",
    "undecodable_replaced",
    "unsafe_chars",
]
