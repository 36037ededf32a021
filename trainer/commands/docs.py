"""`trainer docs [NAME]`: the user documentation that comes with the package, so that help
texts can point to a page every install has ("trainer docs export")."""

from __future__ import annotations

from pathlib import Path

import click

from trainer.commands.common import echo, fail
from trainer.exits import USAGE


def register(group: click.Group) -> None:
    """Add this module's commands to the `trainer` group."""
    group.add_command(docs_command)


def pages() -> dict[str, Path]:
    """Every page by its name: "export" -> …/export.md."""
    from trainer.paths import docs_dir

    return {p.stem: p for p in sorted(docs_dir().glob("*.md"))}


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


@click.command("docs")
@click.argument("name", required=False)
@click.option("--path", "show_path", is_flag=True, help="Print the page's file path instead.")
def docs_command(name: str | None, show_path: bool) -> None:
    """Read the documentation installed with trainer: without NAME, list the pages; with
    NAME, show that page (paged on a terminal)."""
    found = pages()
    if not found:
        from trainer.paths import docs_dir

        fail(f"no documentation found in {docs_dir()} (a damaged install?)")
    if name is None:
        width = max(len(n) for n in found)
        for page, file in found.items():
            echo(f"{page:<{width}}  {_title(file)}")
        folder = next(iter(found.values())).parent
        echo(f"\n`trainer docs NAME` shows one; the files are in {folder}")
        return
    wanted = name.strip().lower().removesuffix(".md")
    path = found.get(wanted)
    if path is None:
        fail(f"no page called {name!r}; pages: {', '.join(found)}.", code=USAGE)
    if show_path:
        echo(str(path))
        return
    click.echo_via_pager(path.read_text(encoding="utf-8"))
