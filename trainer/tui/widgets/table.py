"""Fit a table's columns to the width at hand: one flexible column takes what is left."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

SCROLLBAR = 2


def fit_columns(
    table: DataTable[Any],
    columns: list[tuple[str, str, int | None]],
    width: int,
    *,
    scrollbar: bool = True,
) -> None:
    """Replace the columns (key, heading, width or None for the flexible one) and the rows;
    room is kept for a scrollbar unless `scrollbar` is False (the rows fit)."""
    padding = 2 * table.cell_padding * len(columns)
    fixed = sum(w for _, _, w in columns if w is not None)
    flexible = max(12, width - fixed - padding - (SCROLLBAR if scrollbar else 0))
    table.clear(columns=True)
    for key, heading, w in columns:
        table.add_column(heading, key=key, width=w if w is not None else flexible)
