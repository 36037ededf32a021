"""`trainer pair SCENARIO`: practise with a partner (docs/pairs.md)."""

from __future__ import annotations

import click

from trainer.commands.common import fail


def register(group: click.Group) -> None:
    group.add_command(pair)


@click.command()
@click.argument("scenario_id", metavar="SCENARIO")
@click.option("--rep", required=True, help="Who answers (the rep practising).")
@click.option("--partner", required=True, help="Who plays the prospect from the card.")
@click.option("--observer", default=None, help="Who watches and ticks too (a triad).")
@click.option(
    "--view",
    type=click.Choice(["partner", "rep", "observer"]),
    default="partner",
    show_default=True,
    help="This screen's view: the partner's card (runs and logs the call), the rep's "
    "(brief, timer and lines only) or the observer's (lines, the partner's "
    "ticks and tags, and the observer's own ticks, tags and comment, kept as "
    "theirs: needs --observer); the last two follow the shared log.",
)
@click.pass_context
def pair(
    ctx: click.Context, scenario_id: str, rep: str, partner: str, observer: str | None, view: str
) -> None:
    """Practise SCENARIO with a partner who plays the prospect; the call is logged as the
    rep's pair practice, with the partner's ticks, tags and comment.

    \b
    Examples:
      trainer pair objection/too-expensive --rep ana --partner ben
      trainer --db shared.db pair objection/no-time --rep ana --partner ben --view rep
      trainer --db shared.db pair objection/no-time --rep ana --partner ben \\
        --observer cy --view observer
    """
    from trainer.commands.common import library_from
    from trainer.drill.pair import name_problem, roles_problem
    from trainer.scenario.library import ScenarioNotFound

    for who, name in (("--rep", rep), ("--partner", partner)):
        if not name.strip():
            fail(f"{who} needs a name", 2)
    if observer is not None and not observer.strip():
        fail("--observer needs a name (or leave it out)", 2)
    for role, name in (("partner", partner), ("observer", observer or "")):
        if (problem := name_problem(role, name)) is not None:
            fail(f"--{role}: {problem}", 2)
    if (problem := roles_problem(rep, partner, observer)) is not None:
        fail(problem, 2)
    library = library_from(ctx)
    try:
        loaded = library.get(scenario_id)
    except ScenarioNotFound as exc:
        fail(str(exc))
    from trainer.commands.app import run_app

    run_app(
        ctx,
        scenario_id=loaded.scenario.id,
        pair=(rep.strip(), partner.strip(), observer.strip() if observer else None, view),
    )
