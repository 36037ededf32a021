"""Fit a table's columns to the width at hand: one flexible column takes what is left."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content
from textual.widgets import DataTable

SCROLLBAR = 2


def fit_columns(
    table: DataTable[Any],
    columns: list[tuple[str, str, int | None]],
    width: int,
    *,
    scrollbar: bool = True,
) -> list[int]:
    """Replace the columns (key, heading, width or None for the flexible one) and the rows;
    room is kept for a scrollbar unless `scrollbar` is False (the rows fit). Returns each
    column's width, for `clipped`."""
    padding = 2 * table.cell_padding * len(columns)
    fixed = sum(w for _, _, w in columns if w is not None)
    flexible = max(12, width - fixed - padding - (SCROLLBAR if scrollbar else 0))
    table.clear(columns=True)
    widths = [w if w is not None else flexible for _, _, w in columns]
    for (key, heading, _), w in zip(columns, widths, strict=True):
        table.add_column(heading, key=key, width=w)
    return widths


def clipped(cells: Sequence[Content | str], widths: Sequence[int]) -> list[Content]:
    """A row's cells cut to their columns' widths with "…", so a cut title reads as cut
    (the table itself cuts without a mark)."""
    return [
        (cell if isinstance(cell, Content) else Content(cell)).truncate(w, ellipsis=True)
        for cell, w in zip(cells, widths, strict=True)
    ]
