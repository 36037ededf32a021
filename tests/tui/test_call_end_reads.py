"""The end of a call at 80×24: the last answer's feedback is on screen, whole, with the
summary under it (page down, named "Summary" in the footer); a feedback line that wraps goes
on under its own move, not at the left edge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.geometry import Region

from tests.tui.conftest import GOOD, drilling, pilot_test, send_answer, settle
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen, Feedback
from trainer.tui.widgets.conversation import Conversation

SHIPPED = Path(__file__).parents[2] / "scenarios"
NO_TIME = (  # a won call with a summary that names two hidden facts
    "Understood. I'm calling because warehouses use us to avoid closing for the annual "
    "stocktake. Is that a headache for you, or shall I let you go?",
    "Thanks. How long does it shut you down for, and what does it cost you in overtime?",
    "Exactly, small counts every day, no closing. I'll let you get back to it. Could I call "
    "you Friday at nine for ten minutes?",
)


def shown_rows(widget: Feedback) -> list[str]:
    """The widget's rows as drawn, border included."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def on_screen(conversation: Conversation, widget: Feedback) -> bool:
    """Whether all of `widget` is inside the conversation's visible part."""
    top = widget.virtual_region.y
    seen = (
        conversation.scroll_y,
        conversation.scroll_y + conversation.scrollable_content_region.height,
    )
    return seen[0] <= top and top + widget.outer_size.height <= seen[1]


def footer_words(app: TrainerApp) -> list[str]:
    return [
        b.binding.description
        for b in app.screen.active_bindings.values()
        if b.binding.show and b.enabled
    ]


@pilot_test
async def test_the_call_ends_on_the_last_feedback_with_the_summary_under_it(
    make_app: Callable[..., TrainerApp],
) -> None:
    async with drilling(make_app, "objection/no-time", scenario_dirs=[SHIPPED]) as (app, pilot, _):
        assert "Summary" not in footer_words(app)  # mid-call page down just scrolls
        for answer in NO_TIME:
            await send_answer(pilot, answer)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        conversation = screen.query_one(Conversation)
        last = screen.query(Feedback).last()
        assert "Propose a concrete next step" in str(last.render())
        assert on_screen(conversation, last)
        assert "Summary" in footer_words(app)
        summary = screen.query_one(".summary")
        assert summary.virtual_region.y >= conversation.scroll_y
        await pilot.press("pagedown")
        await settle(pilot)
        bottom = conversation.scroll_y + conversation.scrollable_content_region.height
        assert summary.virtual_region.bottom <= bottom  # the whole summary after one page
        assert "Call over" in str(summary.render())


@pilot_test
async def test_a_wrapped_feedback_line_goes_on_under_its_move(
    make_app: Callable[..., TrainerApp],
) -> None:
    async with drilling(make_app) as (app, pilot, _):
        await send_answer(pilot, "Understood, that's fair. " + GOOD)
        await pilot.press("ctrl+o")  # the model answer too
        await settle(pilot)
        rows = shown_rows(app.screen.query(Feedback).last())
        inside = [r[1:-1] for r in rows if r.startswith("│")]  # inside the border
        moves = [i for i, r in enumerate(inside) if r.lstrip().startswith(("✓", "✗"))]
        assert moves
        continued = 0
        for i in moves:
            for row in inside[i + 1 :]:
                if row.lstrip().startswith(("✓", "✗", "!", "Tip:", "Delivery", "Model")):
                    break
                assert row.startswith(" " * 4), (inside[i], row)  # under the move, not the edge
                continued += 1
        assert continued  # the test saw a wrapped move


@pilot_test
async def test_a_wrapped_delivery_line_goes_on_under_its_first_figure(
    make_app: Callable[..., TrainerApp],
) -> None:
    async with drilling(make_app, size=(40, 24)) as (app, pilot, _):
        await send_answer(pilot, "Understood, that's fair. " + GOOD)
        rows = shown_rows(app.screen.query(Feedback).last())
        inside = [r[1:-1] for r in rows if r.startswith("│")]  # inside the border
        start = next(i for i, r in enumerate(inside) if r.lstrip().startswith("Delivery: "))
        under = inside[start].index("Delivery: ") + len("Delivery: ")
        after = [r for r in inside[start + 1 :] if r.strip()]
        assert after, inside  # the delivery line wrapped at 40 columns
        for row in after:
            assert row.startswith(" " * under) and row[under] != " ", (inside[start], row)
            assert row[under] not in "✓✗·", row  # a mark stays beside its figure


@pilot_test
async def test_a_call_with_no_answer_offers_no_earlier_feedback(
    make_app: Callable[..., TrainerApp],
) -> None:
    async with drilling(make_app) as (app, pilot, _):
        await pilot.press("escape", "y")  # end the call before any answer
        await settle(pilot)
        said = str(app.screen.query_one(".summary").render())
        assert "0 answers" in said
        assert "earlier feedback" not in said
        assert "retry the last answer" not in said
        assert "drill again" in said and "close" in said


@pilot_test
async def test_a_call_ended_early_offers_no_retry_button_and_a_lost_one_does(
    make_app: Callable[..., TrainerApp],
) -> None:
    """The buttons offer what the summary offers: after ending early there is no answer to
    retry (the Retry key does nothing there), after a lost call there is."""
    async with drilling(make_app) as (app, pilot, _):
        await send_answer(pilot, GOOD)
        await pilot.press("escape", "y")  # end the call early
        await settle(pilot)
        assert not app.screen.query_one("#next-retry").display
        assert "retry the last answer" not in str(app.screen.query_one(".summary").render())
        await pilot.press("a")  # drill again, and lose: an answer that asks nothing
        await settle(pilot)
        await send_answer(pilot, "Okay.")
        await settle(pilot)
        assert app.screen.query_one("#next-retry").display
        assert "retry the last answer" in str(app.screen.query(".summary").last().render())
