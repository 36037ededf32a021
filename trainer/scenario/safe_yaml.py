"""Parse untrusted YAML into plain values, remembering where every value was written.

Only the YAML that scenario files need is accepted: one document of mappings, lists and
text. Anchors, aliases, tags, merge keys (`<<`), duplicate keys, several documents, deep
nesting, huge files and control characters (raw, or written as escapes like "\\e" or
"\\u009b"; bidi overrides too) are rejected with their own line and column. Every scalar
stays the text that was written (`no`, `12:30` and `1.0` are strings);
only an empty value, `~` or `null` becomes None. Typing numbers and booleans is left to the
model, field by field, so `title: no` stays "no" while `question: no` means false.

The parser is libyaml's event stream (PyYAML's C binding when present); the tree is built
here without recursion, so neither nesting nor aliases can blow the stack or the memory.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml

from trainer.scenario.files import MAX_BYTES as MAX_BYTES
from trainer.scenario.files import too_big
from trainer.scenario.located import Located as Located
from trainer.scenario.located import PathKey, Position

MAX_DEPTH = 20
MAX_NODES = 10_000


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Characters YAML forbids (C0/C1 controls except tab and line breaks, non-characters).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters no scalar may hold however they were written (raw or as a YAML escape such as
# "\e", "\x1b", "\u009b" or "\N"): C0 controls but tab and newline, DEL, C1 controls,
# and bidirectional embeddings, overrides and isolates (text that reads differently from how
# it is stored).
_BAD_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_Loader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True, slots=True)
class YamlProblem:
    line: int
    col: int
    path: PathKey
    message: str


@dataclass(slots=True)
class Parsed:
    value: Any = None
    where: Located = field(default_factory=Located)
    problems: list[YamlProblem] = field(default_factory=list)
    empty: bool = False


_SKIP = "\x00skip"  # marks a rejected key whose value must be dropped


class _Stop(Exception):
    """A problem after which the rest of the file is not worth reading."""


class _NeedsCare(Exception):
    """The quick parse met something unusual; the careful parse will say what."""


def decode(data: bytes) -> tuple[str | None, list[YamlProblem]]:
    """The file's text, or the problems that keep it from being read as UTF-8 YAML."""
    if len(data) > MAX_BYTES:
        return None, [_problem(1, 1, too_big(len(data)))]
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [_problem(1, 1, "file is UTF-32 encoded; save it as UTF-8")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_problem(1, 1, "file is UTF-16 encoded; save it as UTF-8")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless: drop it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        byte = data[exc.start]
        return None, [
            _problem(
                line,
                col,
                f"byte 0x{byte:02X} is not valid UTF-8; save the file as UTF-8 "
                "(it may be Latin-1 or Windows-1252 encoded)",
            )
        ]
    bad = _BAD_CHAR.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        char = bad.group()
        hint = " (is the file saved as UTF-16? save it as UTF-8)" if char == "\x00" else ""
        return None, [
            _problem(line, col, f"control character U+{ord(char):04X} is not allowed{hint}")
        ]
    return text, []


def parse(data: bytes) -> Parsed:
    """Parse one file's bytes. Never raises for bad input: problems are returned."""
    text, problems = decode(data)
    if text is None:
        return Parsed(problems=problems)
    try:
        value = _quick(text)
    except _NeedsCare:
        pass  # something unusual: parse again, keeping every position and problem
    else:
        return Parsed(value=value, where=Located(text=text), empty=value is None)
    builder = _Builder()
    try:
        builder.run(text)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(_from_yaml_error(exc, text))
    except yaml.YAMLError as exc:  # unmarked (rare): report at the top of the file
        builder.problems.append(_problem(1, 1, f"YAML error: {exc}"))
    return Parsed(
        value=builder.root,
        where=builder.where,
        problems=builder.problems,
        empty=builder.empty and not builder.problems,
    )


def bad_value_message(value: str) -> str | None:
    """Why a scalar may not hold what it holds (a control or bidi character), or None."""
    found = _BAD_VALUE.search(value)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            f"bidirectional control character U+{code:04X} is not allowed: it makes text read"
            " differently from how it is stored; remove it"
        )
    return (
        f"control character U+{code:04X} is not allowed in text (written raw or as an escape"
        " such as \\e, \\x1b or \\u009b); remove it"
    )


def _problem(line: int, col: int, message: str, path: PathKey = ()) -> YamlProblem:
    return YamlProblem(line, col, path, message)


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def _from_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark is not None else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    written = lines[line - 1][:col] if 0 < line <= len(lines) else ""
    quote_open = "quoted scalar" in (exc.context or "")
    if not quote_open and (opened := _bracket_left_open(problem, text, line, col)) is not None:
        (open_line, open_col), bracket = opened
        closing = "]" if bracket == "[" else "}"
        return YamlProblem(
            open_line,
            open_col,
            (),
            f"this {bracket} is never closed: is its {closing} missing?",
        )
    if "end of stream" in problem and exc.context_mark is not None:
        line, col = _pos(exc.context_mark)  # point at what was left open, not at the end
        if quote_open:
            return YamlProblem(line, col, (), "this quoted text is never closed (missing quote)")
        return YamlProblem(line, col, (), f"YAML syntax: {exc.context} never ended")
    if (
        "\t" in problem
        or "\t" in written[: len(written) - len(written.lstrip())]
        or (written[-1:] == "\t")
    ):
        message = "tab character: indent with spaces, never tabs"
    elif (cause := _likely_cause(problem, text, line, col)) is not None:
        return YamlProblem(cause[0], cause[1], (), cause[2])
    else:
        message = f"YAML syntax: {problem}"
        if exc.context:
            where = f" at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            message += f" ({exc.context}{where})"
        if problem.startswith("mapping values are not allowed"):
            message += "; if a text contains ': ', put it in quotes"
        elif problem.startswith("did not find expected") or problem.startswith(
            "expected <block end>"
        ):
            message += "; check the indentation of this line"
    return YamlProblem(line, col, (), message)


def _likely_cause(problem: str, text: str, line: int, col: int) -> tuple[int, int, str] | None:
    """The usual slip behind a syntax error, where it was made: a quote left open, an
    apostrophe inside single quotes, a key or list item out of line. None: no telling."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    opened = _quote_run_on(text, line, col)
    if opened is not None:
        start_line, start_col, quote = opened
        kind = "single" if quote == "'" else "double"
        return (
            start_line,
            start_col,
            f"the text in {kind} quotes opened here runs on to line {line}: is its closing"
            f" {quote} missing?",
        )
    before = here[: col - 1]
    if (
        before.endswith("'")
        and here[col - 1 : col].isalpha()
        and before.count("'") % 2 == 0
        and re.search(r"(^|[:\-\[,{]\s*)'", before[:-1])
    ):
        return (
            line,
            col - 1,
            "an apostrophe inside a text in single quotes ends it: write it twice"
            " (It''s) or put the text in double quotes (\"It's\")",
        )
    if not 0 < line <= len(lines):
        return None
    if here[col - 1 : col] in ("]", "}") and problem.startswith(
        ("did not find expected", "expected")
    ):
        return (line, col, f"this {here[col - 1]} closes nothing: is it one too many?")
    if problem.startswith("mapping values are not allowed"):
        return _key_out_of_line(lines, line, col)
    if problem.startswith(("did not find expected key", "expected <block end>")):
        return _item_out_of_line(lines, line, col)
    return None


def _bracket_left_open(problem: str, text: str, line: int, col: int) -> tuple[Position, str] | None:
    """Where the `[` or `{` still open at a syntax error began, when the error is the parser
    looking for its `,` or closing bracket (or for anything at all at the end of the file)."""
    if not (
        problem.startswith(("did not find expected ','", "expected ','"))
        or "<stream end>" in problem
        or "end of stream" in problem
        or line > len(text.splitlines())  # the parser ran into the end of the file
    ):
        return None
    open_at: list[tuple[Position, str]] = []
    for token in _tokens(text):
        if (token.start_mark.line + 1, token.start_mark.column + 1) >= (line, col):
            break
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            bracket = "[" if isinstance(token, yaml.FlowSequenceStartToken) else "{"
            open_at.append((_pos(token.start_mark), bracket))
        elif open_at and isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
            open_at.pop()
    return open_at[-1] if open_at else None


def _tokens(text: str) -> Iterator[Any]:
    """The text's YAML tokens, up to the first syntax error (a broken file's tokens before
    its error are what tells where the slip was made)."""
    loader = _Loader(text)
    try:
        while loader.check_token():
            yield loader.get_token()
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _quote_run_on(text: str, line: int, col: int) -> tuple[int, int, str] | None:
    """Where a quoted text that ends on the error's line began on an earlier line, and its
    quote: the sign of a quote left open (the text ran on to the next quote)."""
    found = None
    for token in _tokens(text):
        end = token.end_mark
        if (end.line + 1, end.column + 1) > (line, col):
            break
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ("'", '"')
            and token.start_mark.line < end.line
            and end.line + 1 == line
        ):
            found = (token.start_mark.line + 1, token.start_mark.column + 1, token.style)
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous(lines: list[str], line: int) -> int | None:
    """The 1-based number of the last line before `line` that holds more than a comment."""
    for n in range(line - 1, 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def _key_out_of_line(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """A key (`more_phrases:` at the start of its line) indented unlike the keys above it,
    which YAML then reads as more of the text before it."""
    here = lines[line - 1]
    key = here[: col - 1].strip()
    above = _previous(lines, line)
    if not key or " " in key or above is None:
        return None
    prev = lines[above - 1]
    body = prev.lstrip(" ")
    start = _indent(prev) + 1
    while body.startswith("- "):  # the keys of a list item start after its dash
        body = body[2:]
        start += 2 + _indent(body)
        body = body.lstrip(" ")
    if ":" not in body or start == _indent(here) + 1:
        return None
    name = body.split(":", 1)[0].strip()
    return (
        line,
        _indent(here) + 1,
        f"`{key}` starts in column {_indent(here) + 1}, but `{name}` above it (line {above})"
        f" starts in column {start}: indent the keys of one mapping alike",
    )


def _item_out_of_line(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """A list item (`- ...`) indented unlike the other items of its list."""
    here = lines[line - 1]
    if not here.lstrip(" ").startswith("- "):
        return None
    column = _indent(here) + 1
    first_key = here.lstrip(" ")[2:].split(":", 1)[0].strip()
    items = [
        n
        for n in range(line - 1, 0, -1)
        if lines[n - 1].lstrip(" ").startswith("- ") and _indent(lines[n - 1]) + 1 != column
    ]
    alike = [n for n in items if lines[n - 1].lstrip(" ")[2:].split(":", 1)[0].strip() == first_key]
    deeper = [n for n in items if _indent(lines[n - 1]) + 1 > column]
    if not (alike or deeper):
        return None
    chosen = (alike or deeper)[0]
    return (
        line,
        column,
        f"this list item starts in column {column}, but the items of its list above (line"
        f" {chosen}) start in column {_indent(lines[chosen - 1]) + 1}: indent it alike",
    )


class _Builder:
    """Builds plain values from libyaml events in one loop (this is the hot path)."""

    def __init__(self) -> None:
        self.root: Any = None
        self.where = Located()
        self.problems: list[YamlProblem] = []
        self.empty = True

    def run(self, text: str) -> None:
        loader = _Loader(text)
        try:
            self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Any) -> None:  # one loop on purpose: the hot path
        values = self.where.values
        keys = self.where.keys
        problems = self.problems
        get_event = loader.get_event
        # Each open container: [container, path, pending key or None].
        stack: list[list[Any]] = []
        nodes = 0
        skip_depth = 0  # > 0 while dropping the value of a rejected key
        documents = 0
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _SCALAR:
                opens = False
            elif cls is _MAP_START or cls is _SEQ_START:
                opens = True
            elif cls is _MAP_END or cls is _SEQ_END:
                if skip_depth:
                    skip_depth -= 1
                else:
                    stack.pop()
                continue
            elif cls is _ALIAS:
                self._stop(event, f"aliases (*{event.anchor}) are not allowed: write the value out")
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    self._stop(event, "only one document per file (remove the second `---`)")
                continue
            elif cls is _STREAM_END or event is None:
                return
            else:  # stream start, document end
                continue
            nodes += 1
            if nodes > MAX_NODES:
                self._stop(event, f"too many values (more than {MAX_NODES}): split the file")
            if skip_depth:
                skip_depth += opens
                continue
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            frame = stack[-1] if stack else None
            path: PathKey
            if frame is None:
                path = ()
            else:
                container, parent, key = frame
                if key is _SKIP:
                    frame[2] = None
                    skip_depth = int(opens)
                    continue
                if key is None and container.__class__ is dict:
                    # this node is a mapping key
                    if opens:
                        self._stop(event, "a key must be plain text, not a list or a mapping")
                    key = event.value
                    path = (*parent, key)
                    if event.anchor is not None or event.tag is not None:
                        self._decorations(event, pos, path)
                    if _BAD_VALUE.search(key) is not None:
                        problems.append(YamlProblem(*pos, path, bad_value_message(key) or ""))
                    plain = event.style in _PLAIN
                    if key == "<<" and plain:
                        problems.append(YamlProblem(*pos, path, _MERGE))
                        frame[2] = _SKIP
                    elif key in container:
                        first = keys[path][0]
                        problems.append(
                            YamlProblem(
                                *pos, path, f"duplicate key {key!r} (first written on line {first})"
                            )
                        )
                        frame[2] = _SKIP
                    else:
                        frame[2] = key
                        keys[path] = pos
                    continue
                path = (*parent, len(container) if key is None else key)
            if len(stack) + opens > MAX_DEPTH:
                self._stop(event, f"nested too deeply (more than {MAX_DEPTH} levels)")
            self.empty = False
            if event.anchor is not None or event.tag is not None:
                self._decorations(event, pos, path)
            value: Any
            if opens:
                value = {} if cls is _MAP_START else []
            else:
                value = event.value
                if value in _NULLS and event.style in _PLAIN:
                    value = None
                elif _BAD_VALUE.search(value) is not None:
                    problems.append(YamlProblem(*pos, path, bad_value_message(value) or ""))
            values[path] = pos
            if frame is None:
                self.root = value
            elif key is None:
                frame[0].append(value)
            else:
                frame[0][key] = value
                frame[2] = None
            if opens:
                stack.append([value, path, None])

    def _decorations(self, event: Any, pos: Position, path: PathKey) -> None:
        if event.anchor is not None:
            self.problems.append(
                YamlProblem(*pos, path, f"anchors (&{event.anchor}) are not allowed")
            )
        if event.tag is not None:
            self.problems.append(
                YamlProblem(*pos, path, f"tags ({event.tag}) are not allowed: remove it")
            )

    def _stop(self, event: Any, message: str) -> NoReturn:
        line, col = _pos(event.start_mark)
        self.problems.append(YamlProblem(line, col, (), message))
        raise _Stop


_PLAIN = (None, "")
_MERGE = "merge keys (<<) are not allowed: write the keys out"
_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent
_ALIAS = yaml.AliasEvent
_DOC_START = yaml.DocumentStartEvent
_STREAM_END = yaml.StreamEndEvent


def _quick(text: str) -> Any:
    """Values only, for the common case of a clean file; raises _NeedsCare on anything odd.

    Mirrors _Builder without recording positions (about twice as fast). Any anchor, alias,
    tag, merge key, duplicate key, second document, deep nesting or syntax error sends the
    file to the careful parse, which reports it.
    """
    loader = _Loader(text)
    get_event = loader.get_event
    stack: list[list[Any]] = []  # [container, pending key or None]
    root: Any = None
    nodes = documents = 0
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _SCALAR:
                if event.anchor is not None or event.tag is not None:
                    raise _NeedsCare
                value: Any = event.value
                if value in _NULLS and event.style in _PLAIN:
                    value = None
                elif _BAD_VALUE.search(value) is not None:
                    raise _NeedsCare
            elif cls is _MAP_START or cls is _SEQ_START:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _NeedsCare
                value = {} if cls is _MAP_START else []
            elif cls is _MAP_END or cls is _SEQ_END:
                stack.pop()
                continue
            elif cls is _DOC_START:
                documents += 1
                if documents > 1:
                    raise _NeedsCare
                continue
            elif cls is _STREAM_END:
                return root
            elif cls is _ALIAS:
                raise _NeedsCare
            else:
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _NeedsCare
            if not stack:
                root = value
            else:
                frame = stack[-1]
                container = frame[0]
                if container.__class__ is list:
                    container.append(value)
                elif frame[1] is None:  # a key
                    if cls is not _SCALAR:
                        raise _NeedsCare
                    key = event.value
                    if key in container or (key == "<<" and event.style in _PLAIN):
                        raise _NeedsCare
                    frame[1] = key
                    continue
                else:
                    container[frame[1]] = value
                    frame[1] = None
            if cls is not _SCALAR:
                stack.append([value, None])
    except yaml.YAMLError:
        raise _NeedsCare from None
    finally:
        loader.dispose()


def fill_positions(where: Located, text: str) -> None:
    """Record in `where` the position of every value and key of `text` (a file that parsed)."""
    builder = _Builder()
    builder.where = where
    with contextlib.suppress(yaml.YAMLError, _Stop):
        builder.run(text)
