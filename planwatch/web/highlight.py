"""A document's text cut at its figures' spans, as a tree the document page renders.

Figures with the same span share one highlight; a span inside another nests in it; a span that crosses
the end of the one it starts in is split there (the piece after continues it: same figures, no anchor).
Text stays plain `str` pieces: the template escapes each one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Union

from planwatch.models import FigureRecord


@dataclass(slots=True)
class Highlight:
    """A stretch of text that quotes one or more figures (the first decides the colour)."""

    start: int
    end: int
    figures: list[FigureRecord]
    continued: bool = False  # the second piece of a span split where another ended
    children: list[Node] = field(default_factory=list)

    @property
    def figure_ids(self) -> list[int]:
        return [r.id for r in self.figures]

    @property
    def kind(self) -> str:
        return self.figures[0].figure.kind


Node = Union[str, Highlight]


def highlight(text: str, records: Iterable[FigureRecord]) -> list[Node]:
    """The text as plain pieces and (nested) highlights, in order; their text joined is `text`."""
    spans: dict[tuple[int, int], list[FigureRecord]] = {}
    for record in records:
        f = record.figure
        start, end = max(0, f.start), min(len(text), f.end)
        if start < end:
            spans.setdefault((start, end), []).append(record)
    queue = sorted(((s, -e, False, sorted(spans[(s, e)], key=lambda r: r.id)) for s, e in spans),
                   key=lambda item: item[:2])
    root = Highlight(0, len(text), [])
    stack = [root]
    while queue:
        start, negative_end, continued, figures = queue.pop(0)
        end = -negative_end
        while stack[-1] is not root and stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if end > parent.end:  # crosses its parent's end: the rest comes back as a continuation
            bisect.insort(queue, (parent.end, -end, True, figures), key=lambda item: item[:2])
            end = parent.end
        node = Highlight(start, end, figures, continued)
        parent.children.append(node)
        stack.append(node)
    return _fill(text, root)


def _fill(text: str, node: Highlight) -> list[Node]:
    """The node's children with the plain text between them (recursively)."""
    out: list[Node] = []
    position = node.start
    for child in node.children:
        if child.start > position:
            out.append(text[position:child.start])
        child.children = _fill(text, child)
        out.append(child)
        position = child.end
    if position < node.end:
        out.append(text[position:node.end])
    return out


def flatten_text(nodes: Iterable[Node]) -> str:
    """The text of a tree (its pieces joined): the document's text again."""
    return "".join(n if isinstance(n, str) else flatten_text(n.children) for n in nodes)
