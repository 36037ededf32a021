"""The hostile corpus: scenario files and answers written as an attacker or a careless author
would, generated here (plus the hand-written files in `scenarios/`).

`scenario_corpus()` returns (name, bytes, expect) triples: expect is "reject" (the loader must
refuse it with located errors) or "accept" (odd but harmless: it must load, and show as text).
`ANSWERS` are hostile answers for `trainer score` and the practice log.
"""

from __future__ import annotations

from pathlib import Path

from trainer.scenario.safe_yaml import MAX_BYTES

HERE = Path(__file__).parent
HAND_WRITTEN = HERE / "scenarios"

# A valid, self-contained scenario (inline criteria only). Fields are replaced by name.
BASE = """\
id: hostile/base
version: 1
title: {title}
kind: objection
difficulty: 2
persona: {{name: {name}, role: Buyer, company: Acme}}
brief: {brief}
steps:
  - id: first
    prospect: [{prospect}]
    rubric:
      - id: asks
        question: true
      - id: compare
        phrases: [{phrase}]
        weight: {weight}
    model_answer: {model_answer}
    next:
      - when: {{score_at_least: 70}}
        goto: booked
      - goto: lost
endings:
  booked: {{outcome: win, summary: {summary}}}
  lost: {{outcome: loss}}
"""

DEFAULTS = {
    "title": "Too expensive",
    "name": "Dana Ruiz",
    "brief": "Dana asked for a quote.",
    "prospect": '"That is more than we hoped."',
    "phrase": "compare",
    "weight": "1",
    "model_answer": '"Fair. Compared to what?"',
    "summary": "Meeting booked.",
}


def scenario(**fields: str) -> str:
    return BASE.format(**{**DEFAULTS, **fields})


def _controls() -> list[int]:
    c0 = [c for c in range(0x20) if c not in (0x09, 0x0A)]
    return [*c0, 0x7F, *range(0x80, 0xA0)]


BIDI = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

# YAML's own short escapes for control characters
SHORT_ESCAPES = ["\\0", "\\a", "\\b", "\\e", "\\v", "\\f", "\\r", "\\N"]

FIELDS = ["title", "name", "brief", "prospect", "model_answer", "summary", "phrase"]


def scenario_corpus() -> list[tuple[str, bytes, str]]:
    out: list[tuple[str, bytes, str]] = []

    def add(name: str, text: str | bytes, expect: str) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        data = data.replace(b"id: hostile/base", f"id: hostile/{name.lower()}".encode())
        out.append((name, data, expect))

    # every control character as a \xNN escape in a quoted title, and as \u escapes elsewhere
    for code in _controls():
        add(f"ctl-x{code:02x}-title", scenario(title=f'"a \\x{code:02x} b"'), "reject")
    for n, code in enumerate([0x1B, 0x9B, 0x9D, 0x07, 0x90, 0x8D, 0x00]):
        field = FIELDS[n % len(FIELDS)]
        add(f"ctl-u{code:04x}-{field}", scenario(**{field: f'"x \\u{code:04x} y"'}), "reject")
        add(f"ctl-U{code:08x}-{field}", scenario(**{field: f'"x \\U{code:08x} y"'}), "reject")
    for n, escape in enumerate(SHORT_ESCAPES):
        field = FIELDS[n % len(FIELDS)]
        add(f"ctl-short-{n}-{field}", scenario(**{field: f'"x {escape} y"'}), "reject")
    # the terminal attacks of the issue, written as escapes
    add("attack-clear-retitle", scenario(title='"\\e[2J\\e[31mRED\\e]0;pwned\\a\\e[0m"'), "reject")
    add("attack-osc52", scenario(brief='"\\e]52;c;cHduZWQ=\\a"'), "reject")
    add("attack-c1-csi", scenario(title='"\\u009b2J\\u009d0;x\\u009c"'), "reject")
    add("attack-dcs", scenario(name='"\\eP+q544e\\e\\\\"'), "reject")
    # raw control bytes, and C1 characters written raw (UTF-8 encoded)
    add("raw-esc-title", scenario(title="a \x1b[2J b").encode("utf-8"), "reject")
    add("raw-bel-brief", scenario(brief="ring \x07 ring"), "reject")
    add("raw-c1-csi-title", scenario(title="a \u009b31m b"), "reject")
    add("raw-c1-osc-summary", scenario(summary="a \u009d0;x b"), "reject")
    add("raw-del-name", scenario(name="Dana\x7f"), "reject")
    add("raw-cr-title", scenario(title="fine\roverwritten"), "reject")
    # a control character in a mapping key
    add("ctl-in-key", scenario().replace("brief:", '"br\\eief":'), "reject")
    # bidirectional overrides and isolates, raw and escaped, in text and in ids
    for code in BIDI:
        add(f"bidi-raw-{code:04x}-title", scenario(title=f"abc{chr(code)}def"), "reject")
        add(f"bidi-esc-{code:04x}-phrase", scenario(phrase=f'"pri\\u{code:04x}ce"'), "reject")
    add("bidi-in-id", scenario().replace("hostile/base", "hostile/\u202ebase"), "reject")
    # meaningless rubrics and loops with no exit
    add(
        "loop-self",
        scenario().replace(
            "      - when: {score_at_least: 70}\n        goto: booked\n      - goto: lost",
            "      - goto: first",
        ),
        "reject",
    )
    add(
        "loop-self-conditional-first",
        scenario().replace(
            "        goto: booked\n      - goto: lost", "        goto: first\n      - goto: first"
        ),
        "reject",
    )
    add(
        "weights-all-zero",
        scenario(weight="0").replace(
            "        question: true", "        question: true\n        weight: 0"
        ),
        "reject",
    )
    add("phrases-empty", scenario().replace("phrases: [compare]", "phrases: []"), "reject")
    add("avoid-empty", scenario().replace("phrases: [compare]", "avoid: []"), "reject")
    add("phrase-punctuation", scenario(phrase='"?!"'), "reject")
    add("phrase-dots", scenario(phrase='"..."'), "reject")
    add("phrase-dashes", scenario(phrase='"— –"'), "reject")
    add(
        "range-negative",
        scenario().replace("        question: true", "        words: {min: -5, max: 10}"),
        "reject",
    )
    add(
        "range-inverted",
        scenario().replace("        question: true", "        words: {min: 50, max: 10}"),
        "reject",
    )
    add(
        "delivery-negative",
        scenario().replace(
            "    model_answer:",
            "    delivery: {pause_before_answer_s: {min: -1}}\n    model_answer:",
        ),
        "reject",
    )
    add("weight-nan", scenario(weight=".nan"), "reject")
    add("weight-inf", scenario(weight=".inf"), "reject")
    add("weight-negative", scenario(weight="-1"), "reject")
    # YAML that tries to blow up the parser
    add("anchor-alias", scenario(title="&t x").replace("brief: ", "brief: *t #"), "reject")
    add("billion-laughs", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "reject")
    add("deep-nesting", "id: " + "[" * 200 + "]" * 200 + "\n", "reject")
    add("many-nodes", "id: [" + ", ".join("x" for _ in range(12_000)) + "]\n", "reject")
    add("two-documents", scenario() + "---\n" + scenario(), "reject")
    add("duplicate-key", scenario() + "title: again\n", "reject")
    add("python-tag", scenario(title="!!python/object/apply:os.system [id]"), "reject")
    add("merge-key", scenario().replace("brief:", "<<: {title: x}\nbrief:"), "reject")
    # sizes and encodings
    add("size-over-by-one", _padded(MAX_BYTES + 1, "size-over-by-one"), "reject")
    add("size-huge-line", scenario(brief="x" * (MAX_BYTES + 10)), "reject")
    add("utf16-le", b"\xff\xfe" + scenario().encode("utf-16-le"), "reject")
    add("utf16-be", b"\xfe\xff" + scenario().encode("utf-16-be"), "reject")
    add("utf32-le", b"\xff\xfe\x00\x00" + scenario().encode("utf-32-le"), "reject")
    add("utf32-be", b"\x00\x00\xfe\xff" + scenario().encode("utf-32-be"), "reject")
    add("latin1", scenario(title="Café").encode("latin-1"), "reject")
    add(
        "lone-surrogate-bytes",
        scenario(title="a SURR b").encode().replace(b"SURR", b"\xed\xa0\x80"),
        "reject",
    )
    add("nul-bytes", scenario().encode() + b"\x00\x00", "reject")
    add("binary-garbage", bytes(range(256)) * 4, "reject")
    add("empty", b"", "reject")
    add("only-bom", b"\xef\xbb\xbf", "reject")
    # odd but harmless: must load, and be shown as text
    add("markup-broken-close", scenario(title='"[/] broken"'), "accept")
    add("markup-bold", scenario(title='"[bold red]loud[/bold red]"', name='"[/]"'), "accept")
    add(
        "markup-link-action",
        scenario(
            title='"[@click=app.quit]quit[/]"', brief='"[link=https://example.com]x[/link] $accent"'
        ),
        "accept",
    )
    add("rtl-text-no-override", scenario(title='"السعر مرتفع جدا"', name="Dana"), "accept")
    add("emoji-zwj", scenario(title='"👩‍💻 too pricey 🇩🇪"'), "accept")
    add("combining", scenario(title='"Z̷̢a̶l̵g̸o̴ price"'), "accept")
    add("format-strings", scenario(title='"{0} %s %(x)s {{}}"'), "accept")
    add("utf8-bom", b"\xef\xbb\xbf" + scenario().encode(), "accept")
    add(
        "crlf-line-endings",
        scenario(brief="|\n  line one\n  line two").replace("\n", "\r\n"),
        "accept",
    )
    add("tabs-and-newlines-escaped", scenario(brief='"col\\tcol\\nnext line"'), "accept")
    add("size-exactly-max", _padded(MAX_BYTES, "size-exactly-max"), "accept")
    return out


def _padded(size: int, name: str) -> bytes:
    head = scenario().replace("hostile/base", f"hostile/{name}").encode()
    pad = size - len(head)
    lines = []
    while pad > 0:
        chunk = min(pad, 80)
        lines.append(b"#" + b"x" * (chunk - 2) + b"\n" if chunk >= 2 else b"\n")
        pad -= chunk
    return head + b"".join(lines)


# Hostile answers for `trainer score` and the practice log.
ANSWERS: list[str] = [
    "\x1b[2J\x1b[31mRED\x1b]0;pwned\x07\x1b[0m fair, compared to what?",
    "\x1b]52;c;cHduZWQgY2xpcGJvYXJk\x07 what are you comparing it to?",
    "\x1bP+q544e\x1b\\ device control string",
    "\x1b_application program command\x1b\\",
    "\u009b2J\u009d0;c1 title\u009c compare?",
    "\u0085next line \u008d reverse index",
    "bell \x07\x07 backspace \x08\x08\x08 overwritten",
    "carriage\rFAKE LINE compare?",
    "\x00nul\x00 bytes in the middle",
    "delete \x7f char",
    "rtl \u202egnirts desrever\u202c and \u2066isolate\u2069",
    "[/] broken markup",
    "[bold red]shouting[/bold red] [@click=app.quit]quit[/]",
    "[link=https://example.com]click[/link] $accent $error",
    "{0} %s %(name)s {{}} format strings",
    "'; DROP TABLE attempts; -- what are you comparing it to?",
    "<script>alert(1)</script> compare?",
    "",
    "   \t  ",
    "?!?!...,,,",
    "line one\nline two\n\n\nline five compare?",
    "tab\tseparated\tcompare",
    "zero\u200bwidth\u200d joiners\ufeff",
    "السعر مرتفع ولكن ما الذي تقارنه به؟",
    "👩‍💻🇩🇪 emoji compare?",
    "Z̷̢a̶l̵g̸o̴ combining marks",
    "line\u2028separator\u2029paragraph",
    "x" * 5000,
    "compare " * 800,
    "\ufffe\uffff non-characters",
]
