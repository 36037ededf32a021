"""Every key of the app, defined once and without Textual: the screens build their bindings
from it (`trainer.tui.keys.bindings`), `trainer config keys` and docs/keys.md list it.

Every binding has an id (`place.action`, e.g. `drill.hint`); the `[keys]` table of
settings.toml maps ids to keys (`drill.hint = "f1"`, several keys joined by commas). Two
bindings may share an id when one replaces the other as the state changes (esc ends a call,
then closes the screen): they then share the key too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    id: str  # place.action; the place is the screen or widget that owns the binding
    key: str  # Textual key names, comma-separated
    action: str  # the Textual action it runs
    description: str
    show: bool = True  # listed in the footer
    priority: bool = False  # wins over the focused widget's own keys

    @property
    def place(self) -> str:
        return self.id.split(".", 1)[0]


KEYS: tuple[Key, ...] = (
    # The places' keys show in the nav bar at the top, not again in the footer.
    Key("app.home", "1", "place('home')", "Home", show=False),
    Key("app.library", "2", "place('library')", "Library", show=False),
    Key("app.history", "3", "place('history')", "History", show=False),
    Key("app.progress", "4", "place('progress')", "Progress", show=False),
    # Managers only (the place says so to others); not in the footer: the bar shows it.
    Key("app.team", "5", "place('team')", "Team", show=False),
    Key("app.settings", "g", "settings", "Settings"),
    Key("app.daily", "D", "daily", "Daily practice", show=False),  # Home's due card shows it
    Key("app.quit", "q", "quit_key", "Quit"),
    Key("app.help", "question_mark,f1", "help", "Help", show=False),  # in the nav bar
    Key("home.drill-next", "n", "drill_next", "Drill next"),
    Key("library.search", "slash", "search", "Search", priority=True),
    Key("library.kind", "k", "focus_filter('#kind')", "Kind"),
    Key("library.tag", "t", "focus_filter('#tag')", "Tag"),
    Key("library.difficulty", "d", "focus_filter('#difficulty')", "Level"),
    Key("library.clear", "x", "clear_filters", "Clear"),
    Key("library.back", "escape", "back_to_table", "Back to list", show=False),
    # Down from the search box (the table and the menus take down themselves).
    Key("library.results", "down", "back_to_table", "Results", show=False),
    Key("history.search", "slash", "search", "Search", priority=True),
    Key("history.outcome", "o", "focus_filter('#outcome')", "Outcome"),
    Key("history.sort", "s", "sort_next", "Sort"),
    Key("history.reverse", "r", "reverse", "Reverse"),
    Key("history.back", "escape", "back_to_table", "Back to list", show=False),
    Key("history.results", "down", "back_to_table", "Results", show=False),
    Key("attempt.compare", "c", "compare", "Compare with best"),
    Key("attempt.play", "p", "play", "Play recording"),
    Key("attempt.play", "p", "no_recordings", "Play recording", show=False),
    Key("attempt.next-recording", "right_square_bracket", "select_recording(1)", "Next recording"),
    Key(
        "attempt.previous-recording",
        "left_square_bracket",
        "select_recording(-1)",
        "Previous recording",
        show=False,
    ),
    Key("attempt.stop", "s", "stop_playing", "Stop playing", show=False),
    Key("attempt.back", "escape", "back", "Back"),
    Key("compare.back", "escape", "back", "Back"),
    Key("team.open", "enter", "open_rep", "A rep's attempts", show=False),
    Key("rep.open", "enter", "open_attempt", "Open the attempt", show=False),
    Key("rep.back", "escape", "back", "Back"),
    Key("drill.hint", "ctrl+t", "hint", "Hint", priority=True),
    Key("drill.model-answer", "ctrl+o", "model_answer", "Model", priority=True),
    Key("drill.retry", "ctrl+r", "retry", "Retry", priority=True),
    Key("drill.brief", "ctrl+b", "toggle_brief", "Brief", priority=True),
    Key(
        "drill.scroll-up",
        "pageup",
        "scroll_conversation(-1)",
        "Scroll up",
        show=False,
        priority=True,
    ),
    # Page down once the call is over, named for what it shows: the summary under the last
    # answer's feedback (listed first, so the footer shows it then; hidden mid-call).
    Key("drill.scroll-down", "pagedown", "summary", "Summary", priority=True),
    Key(
        "drill.scroll-down",
        "pagedown",
        "scroll_conversation(1)",
        "Scroll down",
        show=False,
        priority=True,
    ),
    Key("drill.end-call", "escape", "end_call", "End call", priority=True),
    Key("drill.end-call", "escape", "close", "Close", priority=True),  # once the call is over
    Key("drill.again", "ctrl+n", "again", "Again", priority=True),
    # Push-to-talk: shown only when voice works; otherwise the same key says why not.
    Key("drill.speak", "ctrl+space,ctrl+@", "push_to_talk", "Speak", priority=True),
    Key(
        "drill.speak",
        "ctrl+space,ctrl+@",
        "voice_off",
        "Speak (not set up: the key says why)",  # as help lists it; not in the footer
        show=False,
        priority=True,
    ),
    Key("library.pair", "p", "pair", "Pair"),
    # Pair practice, the partner's card (docs/pairs.md): a digit ticks a move, a letter
    # takes a branch, the tag keys mark moments on the call's timeline.
    *(
        Key(f"pair.tick-{n}", str(n), f"tick({n})", "Tick" if n == 1 else f"Tick {n}", show=n == 1)
        for n in range(1, 10)
    ),
    *(
        Key(
            f"pair.branch-{c}",
            c,
            f"branch('{c}')",
            "Branch" if c == "a" else f"Branch {c}",
            show=c == "a",
        )
        for c in "abcd"
    ),
    Key("pair.tag-great", "g", "tag('great-line')", "Great line"),
    Key("pair.tag-missed", "m", "tag('missed-a-move')", "Missed", show=False),
    Key("pair.tag-interrupted", "i", "tag('interrupted')", "Interrupted", show=False),
    Key("pair.tag-long", "l", "tag('too-long')", "Too long", show=False),
    Key("pair.tag-filler", "f", "tag('filler')", "Filler", show=False),
    Key("pair.swap", "ctrl+r", "swap", "Swap roles", priority=True),
    # Hear the rep's answer (a microphone and a speech model): the scorer's verdict joins
    # the partner's ticks.
    Key("pair.listen", "ctrl+space,ctrl+@", "listen", "Listen", priority=True),
    Key("pair.listen", "ctrl+space,ctrl+@", "voice_off", "Listen", show=False, priority=True),
    Key("pair.end-call", "escape", "end_call", "End call", priority=True),
    Key("pair.end-call", "escape", "close", "Close", priority=True),
    Key("pair-rep.close", "escape", "close", "Close"),
    Key("pair-rep.swap", "ctrl+r", "swap", "Play the prospect", priority=True),
    # The observer's own view (a triad): the same ticks and tags, kept as the observer's.
    *(
        Key(
            f"pair-observer.tick-{n}",
            str(n),
            f"tick({n})",
            "Tick" if n == 1 else f"Tick {n}",
            show=n == 1,
        )
        for n in range(1, 10)
    ),
    Key("pair-observer.tag-great", "g", "tag('great-line')", "Great line"),
    Key("pair-observer.tag-missed", "m", "tag('missed-a-move')", "Missed", show=False),
    Key("pair-observer.tag-interrupted", "i", "tag('interrupted')", "Interrupted", show=False),
    Key("pair-observer.tag-long", "l", "tag('too-long')", "Too long", show=False),
    Key("pair-observer.tag-filler", "f", "tag('filler')", "Filler", show=False),
    Key("pair-observer.close", "escape", "close", "Close"),
    Key("answer.send", "enter", "submit", "Send", priority=True),
    Key("answer.new-line", "ctrl+j,shift+enter", "newline", "New line", show=False, priority=True),
    # After a call (the buttons show the drill's keys; these letters work too).
    Key("next.retry", "r", "retry", "Retry", show=False, priority=True),
    Key("next.again", "a", "again", "Again", show=False, priority=True),
    Key("next.close", "c", "close", "Close", show=False, priority=True),
    Key("confirm.yes", "y", "yes", "Yes", priority=True),
    Key("confirm.no", "n,escape", "no", "No", priority=True),
    Key("partner-name.cancel", "escape", "cancel", "Cancel", priority=True),
    Key("brief.close", "escape,ctrl+b", "close", "Back to the call", priority=True),
    Key("help.close", "escape,question_mark,f1", "close", "Close", priority=True),
    Key("settings.save", "ctrl+s", "save", "Save", priority=True),
    Key("settings.cancel", "escape", "cancel", "Cancel"),
    Key("welcome.later", "escape", "skip", "Later"),
    Key("daily.close", "enter,escape", "close", "Close"),
)

# Characters Textual names by a word, as a key table may spell them either way.
_NAMED = {
    "/": "slash",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    " ": "space",
    "@": "at",
    "+": "plus",
    "-": "minus",
}


def keys_of(place: str) -> list[Key]:
    """The bindings of one place (a screen or widget), in order."""
    return [k for k in KEYS if k.place == place]


def key_bindings() -> list[Key]:
    """Every remappable binding, once per id, in the order the places appear."""
    seen: dict[str, Key] = {}
    for key in KEYS:
        seen.setdefault(key.id, key)
    return list(seen.values())


def default_key(binding_id: str) -> str:
    """The key a binding has unless the rep remapped it (`app.team` -> `5`)."""
    return next(k.key for k in KEYS if k.id == binding_id)


def normalise(keys: str) -> list[str]:
    """'Ctrl+T, /' -> ['ctrl+t', 'slash']."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        if not key:
            continue
        out.append(_NAMED.get(key, key.lower() if len(key) > 1 else key))
    return out


_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Key names a terminal sends besides printable characters (Textual's names).
_KEY_NAMES = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        "space",
        "backtab",
        "null",
        # characters Textual names other than by their Unicode names
        "slash",
        "backslash",
        "at",
        "minus",
        "plus",
        "underscore",
        *(f"f{n}" for n in range(1, 25)),
    }
)


def key_problem(keys: str) -> str | None:
    """Why `keys` (one key, or several joined by commas) is not something a key press can
    produce, e.g. "not a key!!"; None when every key is a real key name."""
    parts = [p.strip() for p in str(keys).split(",")]
    if not any(parts):
        return "no key given"
    for part in parts:
        if not part:
            return f"{keys!r} has an empty key between commas"
        *modifiers, name = part.split("+") if part != "+" else ["+"]
        if any(m.lower() not in _MODIFIERS for m in modifiers) or not name:
            return (
                f"{part!r} is not a key: modifiers are ctrl, shift, alt, meta, super and"
                " hyper, joined with + (e.g. ctrl+s)"
            )
        if len(name) == 1 and name.isprintable() and not name.isspace():
            continue
        if name.lower() in _KEY_NAMES or _character_name(name):
            continue
        return (
            f"{part!r} is not a key name (e.g. f1, ctrl+s, question_mark, space, enter; "
            "`trainer config keys` shows the keys in use)"
        )
    return None


# Bindings that act while the rep types in the answer box. A key the box takes as text (a
# letter, a digit, `?`, space…) would type instead: help needs one key that does not (its
# default `?` types; F1 works), the drill's and the answer box's own keys may have none.
_HELP_WHILE_TYPING = "app.help"
_TYPING_PLACES = frozenset({"drill", "answer"})
_TYPING_MODIFIERS = frozenset({"ctrl", "alt", "meta", "super", "hyper"})


def types_text(key: str) -> bool:
    """Whether a key (one Textual key name) types a character into a text box rather than
    acting: `h`, `shift+h`, `question_mark`, `space`; not `f1`, `ctrl+h`, `escape`."""
    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if any(m.lower() in _TYPING_MODIFIERS for m in modifiers):
        return False
    if len(name) == 1:
        return name.isprintable()
    lowered = name.lower()
    if lowered in ("space", "slash", "backslash", "at", "minus", "plus", "underscore"):
        return True
    return lowered not in _KEY_NAMES and _character_name(name)


def typing_problem(binding_id: str, keys: str) -> str | None:
    """Why `keys` cannot serve `binding_id` while the rep types an answer (the answer box
    would take them as text); None when they can."""
    parts = normalise(keys)
    place = binding_id.split(".", 1)[0]
    if binding_id == _HELP_WHILE_TYPING and parts and all(types_text(k) for k in parts):
        return (
            f"{keys!r} types into the answer box, so help would not open while you type; "
            "add a key that works there too (e.g. f1, or h,f2)"
        )
    if place in _TYPING_PLACES and (typing := [k for k in parts if types_text(k)]):
        return (
            f"{typing[0]!r} types into the answer box, so {binding_id} would never act there; "
            "use a key with ctrl or alt, or an f-key (e.g. ctrl+y, f2)"
        )
    return None


def binding_problem(binding_id: str, keys: str) -> str | None:
    """Why `keys` cannot serve `binding_id`: not keys at all, or typed as text where it
    acts; None when they can."""
    return key_problem(keys) or typing_problem(binding_id, keys)


def while_typing(keys: str) -> str | None:
    """The first of `keys` that acts while a text box has focus (None: none does)."""
    return next((k for k in normalise(keys) if not types_text(k)), None)


def _character_name(name: str) -> bool:
    """A character named as Textual names it: `question_mark`, `left_square_bracket`…"""
    if not name.isidentifier():
        return False
    try:
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def _help_takers(keymap: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Help's keys that act while typing, and which drill or answer-box binding takes each
    of them (those act first while the rep types, so help would not open)."""
    help_keys = normalise(keymap.get(_HELP_WHILE_TYPING, default_key(_HELP_WHILE_TYPING)))
    typing_help = [k for k in help_keys if not types_text(k)]
    takers: dict[str, str] = {}
    for b in key_bindings():
        if b.place in _TYPING_PLACES:
            for key in normalise(keymap.get(b.id, b.key)):
                if key in typing_help:
                    takers.setdefault(key, b.id)
    return typing_help, takers


def help_clash(keymap: dict[str, str]) -> str | None:
    """Why help could not be opened while the rep types an answer with this `[keys]` table:
    a drill or answer-box binding takes every key of help's that works there (`drill.hint =
    "f1"` with help on `?,f1`); None when one is left."""
    typing_help, takers = _help_takers(keymap)
    if not typing_help or any(k not in takers for k in typing_help):
        return None
    key = typing_help[0]
    return (
        f"{key!r} is help's only key that works while you type an answer, and {takers[key]} "
        f"would take it; give {takers[key]} another key (e.g. f2), or help one more first "
        "(e.g. `trainer config key app.help question_mark,f2`)"
    )


def valid_keymap(keymap: dict[str, str]) -> dict[str, str]:
    """The entries of a `[keys]` table whose keys are real keys (the others keep defaults);
    an entry that would leave help no key while typing keeps its default too."""
    valid = {
        binding_id: keys
        for binding_id, keys in keymap.items()
        if binding_problem(binding_id, keys) is None
    }
    if help_clash(valid) is not None:
        takers = set(_help_takers(valid)[1].values()) & valid.keys()
        for binding_id in takers or {_HELP_WHILE_TYPING}:
            valid.pop(binding_id, None)
    return valid


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """What is wrong with a `[keys]` table: unknown ids, keys that are not keys, and two
    actions of one place on a key."""
    by_id = {k.id: k for k in key_bindings()}
    problems = []
    for binding_id, keys in keymap.items():
        if binding_id not in by_id:
            problems.append(
                f"keys: no key binding is called {binding_id!r} (see "
                "`trainer config keys`); ignored"
            )
        elif (why := binding_problem(binding_id, keys)) is not None:
            problems.append(f"keys: {binding_id}: {why}; the default key is used")
    places: dict[str, dict[str, str]] = {}
    for k in by_id.values():
        for key in normalise(keymap.get(k.id, k.key)):
            other = places.setdefault(k.place, {}).setdefault(key, k.id)
            if other != k.id:
                problems.append(
                    f"keys: {key!r} is set for both {other} and {k.id}; only one of them will work"
                )
    if (clash := help_clash(valid_keymap_entries(keymap))) is not None:
        problems.append(f"keys: {clash}; the default key is used")
    return problems


def valid_keymap_entries(keymap: dict[str, str]) -> dict[str, str]:
    """The entries of a `[keys]` table that name known bindings with real keys."""
    known = {k.id for k in KEYS}
    return {
        binding_id: keys
        for binding_id, keys in keymap.items()
        if binding_id in known and binding_problem(binding_id, keys) is None
    }
