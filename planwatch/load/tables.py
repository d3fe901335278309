"""Tables as text: one line per row, `cell | cell | cell |`, merged cells repeated.

Header rows of annex tables merge cells ("2023年" over "目标" and "完成"); repeating a merged cell's text
in every grid position it covers gives every row the same number of cells, so a later stage can read
the header of any column by position. HTML and Word tables are rendered alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_COLSPAN = 1000  # the HTML standard's limit
MAX_ROWSPAN = 65534

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SpanCell:
    """A cell as written: its text and how many grid columns and rows it covers (rows=0: to the end)."""

    text: str
    cols: int = 1
    rows: int = 1


def cell_text(text: str) -> str:
    """A cell's text on one line: runs of whitespace (line breaks included) become one space."""
    return _WHITESPACE.sub(" ", text).strip()


def fill_spans(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """The grid of a table whose cells span columns and rows, each merged cell repeated where it lies.

    Rows keep their own length (a short row is not padded), except where a cell from above reaches in.
    """
    grid: list[dict[int, str]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while col in grid[r]:
                col += 1
            height = len(rows) - r if cell.rows == 0 else min(max(cell.rows, 1), MAX_ROWSPAN, len(rows) - r)
            width = min(max(cell.cols, 1), MAX_COLSPAN)
            for dr in range(height):
                for dc in range(width):
                    grid[r + dr].setdefault(col + dc, cell.text)
            col += width
    return [[cells.get(c, "") for c in range(max(cells) + 1)] if cells else [] for cells in grid]


def render_row(cells: Iterable[str]) -> str:
    """`a | b | c |`; an empty cell shows as a bare `|`. An all-empty row renders as ''."""
    cells = list(cells)
    if not any(cells):
        return ""
    return " ".join(f"{c} |" if c else "|" for c in cells)


def render_rows(rows: Iterable[Iterable[str]]) -> list[str]:
    """Non-empty rows as lines."""
    return [line for line in map(render_row, rows) if line]
