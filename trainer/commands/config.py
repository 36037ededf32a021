"""`trainer config`: find, show and change the settings file."""

from __future__ import annotations

import click

from trainer.commands.common import echo, fail, warn
from trainer.exits import CONFIG


def register(group: click.Group) -> None:
    group.add_command(config)


@click.group()
def config() -> None:
    """Settings (your name, daily goal, recording, speech model) in settings.toml."""


@config.command("path")
def config_path() -> None:
    """Print where the settings file lives."""
    from trainer.paths import settings_file

    echo(str(settings_file()))


def toml_value(value: object) -> str:
    """A setting as it is written in settings.toml ("Sam Lee" quoted, true, 20); a setting
    that is not set as "(not set)"; changed keys as an inline table."""
    import tomli_w

    if value is None or value == {}:
        return "(not set)"
    if isinstance(value, dict):
        pairs = (f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


@config.command("show")
def config_show() -> None:
    """Print the settings in force (defaults included) and any problem in the file."""
    from trainer.settings import load_settings

    settings, problems = load_settings()
    for problem in problems:
        warn(problem)
    for key, value in settings._asdict().items():
        echo(f"{key} = {toml_value(value)}")


@config.command("set")
@click.argument("key")
@click.argument("value")
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE, e.g. `trainer config set daily_goal_minutes 30`; `none` (or
    `trainer config unset KEY`) restores the default."""
    from trainer.settings import Settings

    _known(key)
    restore = value.strip().lower() in ("", "none")
    _save_one(key, Settings._field_defaults[key] if restore else value, restore)


@config.command("unset")
@click.argument("key")
def config_unset(key: str) -> None:
    """Restore KEY's default, e.g. `trainer config unset new_per_day`."""
    from trainer.settings import Settings

    _known(key)
    _save_one(key, Settings._field_defaults[key], True)


def _known(key: str) -> None:
    from trainer.settings import Settings

    if key not in Settings._fields or key == "keys":
        names = ", ".join(k for k in Settings._fields if k != "keys")
        fail(f"unknown setting {key!r}; settings are: {names}", 2)


def _save_one(key: str, value: object, default: bool) -> None:
    """Check and save one setting; a refused value says why and what to type, in trainer's
    words, and nothing is saved."""
    from pydantic import ValidationError

    from trainer.settings import (
        Settings,
        SettingsProblem,
        changed,
        load_settings,
        refused_value,
        save_settings,
    )

    settings, problems = load_settings()
    try:
        settings = changed(settings, **{key: value})
    except ValidationError as exc:
        message = refused_value(exc.errors()[0])
        back = toml_value(Settings._field_defaults[key])
        fail(
            f"{key}: {message}; nothing was saved (`trainer config unset {key}` restores "
            f"the default, {back})",
            2,
        )
    if key == "theme" and settings.theme is not None:
        from trainer.tui.themes import theme_names

        if settings.theme not in theme_names():
            names = ", ".join(theme_names())
            fail(f"no theme is called {settings.theme!r}; themes: {names}; nothing was saved", 2)
    try:
        path = save_settings(settings)
    except SettingsProblem as exc:
        fail(str(exc), CONFIG)
    for problem in problems:  # the default was saved in place of each bad entry
        warn(problem)
    note = "  (the default)" if default else ""
    echo(f"{key} = {toml_value(getattr(settings, key))}{note}  (saved to {path})")


@config.command("keys")
def config_keys() -> None:
    """List the app's key bindings: id, key in force, what it does."""
    from trainer.keymap import key_bindings, keymap_problems, valid_keymap
    from trainer.settings import load_settings

    settings, problems = load_settings()
    problems += keymap_problems(settings.keys) if settings.keys else []
    for problem in problems:
        warn(problem)
    settings = settings._replace(keys=valid_keymap(settings.keys))
    bindings = key_bindings()
    width = max(len(b.id) for b in bindings)
    for b in bindings:
        key = settings.keys.get(b.id)
        shown = f"{key}  (default {b.key})" if key else b.key
        echo(f"{b.id:<{width}}  {b.description or '':<18}  {shown}")
    click.echo(
        "\nChange one with `trainer config key ID KEY` (e.g. `trainer config key drill.hint "
        "f2`), or in the [keys] table of settings.toml."
    )


@config.command("key")
@click.argument("binding_id", metavar="ID")
@click.argument("keys", metavar="[KEY]", required=False)
def config_key(binding_id: str, keys: str | None) -> None:
    """Set the key for one binding (several keys: comma-separated); no KEY restores the
    default."""
    from trainer.keymap import (
        binding_problem,
        help_clash,
        key_bindings,
        keymap_problems,
        valid_keymap_entries,
    )
    from trainer.settings import SettingsProblem, load_settings, save_settings

    known = {b.id for b in key_bindings()}
    if binding_id not in known:
        fail(f"no key binding is called {binding_id!r}; `trainer config keys` lists them", 2)
    if keys and (why := binding_problem(binding_id, keys)) is not None:
        fail(f"{binding_id}: {why}; nothing was saved", 2)
    settings, problems = load_settings()
    keymap = dict(settings.keys)
    if keys:
        keymap[binding_id] = keys
    else:
        keymap.pop(binding_id, None)
    clash = help_clash(valid_keymap_entries(keymap))
    if clash is not None and help_clash(valid_keymap_entries(settings.keys)) is None:
        fail(f"{binding_id}: {clash}; nothing was saved", 2)
    settings = settings._replace(keys=keymap)
    try:
        path = save_settings(settings)
    except SettingsProblem as exc:
        fail(str(exc), CONFIG)
    for problem in problems + keymap_problems(keymap):
        warn(problem)
    echo(f"{binding_id} = {keys or 'default'}  (saved to {path})")
