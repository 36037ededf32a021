"""`trainer config`: find, show and change the settings file."""

from __future__ import annotations

import click

from trainer.commands.common import fail


def register(group: click.Group) -> None:
    group.add_command(config)


@click.group()
def config() -> None:
    """Settings (your name, daily goal, recording, speech model) in settings.toml."""


@config.command("path")
def config_path() -> None:
    """Print where the settings file lives."""
    from trainer.paths import settings_file

    click.echo(str(settings_file()))


@config.command("show")
def config_show() -> None:
    """Print the settings in force (defaults included) and any problem in the file."""
    from trainer.settings import load_settings

    settings, problems = load_settings()
    for problem in problems:
        click.secho(problem, err=True, fg="yellow")
    for key, value in settings.model_dump().items():
        click.echo(f"{key} = {value!r}")


@config.command("set")
@click.argument("key")
@click.argument("value")
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE, e.g. `trainer config set daily_goal_minutes 30`."""
    from pydantic import ValidationError

    from trainer.settings import Settings, load_settings, save_settings

    settings, _ = load_settings()
    if key not in Settings.model_fields or key == "keys":
        names = ", ".join(k for k in Settings.model_fields if k != "keys")
        fail(f"unknown setting {key!r}; settings are: {names}")
    try:
        setattr(settings, key, None if value.lower() in ("", "none") else value)
    except ValidationError as exc:
        fail(f"{key}: {exc.errors()[0]['msg']}")
    click.echo(f"{key} = {getattr(settings, key)!r}  (saved to {save_settings(settings)})")
