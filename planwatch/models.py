"""The objects that travel through the pipeline: a loaded `Document` and the `Figure`s found in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

KINDS = ("target", "actual", "estimate")
MEASURES = ("growth", "level", "change_pp")
OPS = ("approx", "ge", "gt", "le", "lt", "eq", "sync", "qualitative")
DOC_TYPES = ("work_report", "plan_execution", "plan_notice", "other")


@dataclass(slots=True)
class DocumentFacts:
    """What a document says about itself: whose it is, what it is, which years it covers."""

    region: str | None = None  # full official name, e.g. 九原区
    region_code: str | None = None  # GB/T 2260 code when the gazetteer knows the place
    parent: str | None = None  # full name of the region above, e.g. 包头市
    level: str | None = None  # province / city / county
    doc_type: str = "other"  # one of DOC_TYPES
    published: dt.date | None = None
    review_year: int | None = None  # the year whose results the document reports
    plan_year: int | None = None  # the year whose targets the document sets
    title: str | None = None


@dataclass(slots=True)
class Document:
    """A document as loaded: `text` is the reference for every figure's `start`/`end`."""

    text: str
    name: str  # the file's name (or a name given by the caller)
    source: str = ""  # path or URL it came from
    format: str = "text"  # text / html / pdf / docx
    encoding: str | None = None  # detected encoding of text input
    sha256: str = ""  # hash of the bytes as read; identifies the content
    facts: DocumentFacts = field(default_factory=DocumentFacts)
    meta: dict[str, str] = field(default_factory=dict)  # what the container said: html title, footer, pdf info


@dataclass(slots=True)
class Figure:
    """One quantified statement: a target, a result or an estimate, grounded in its source text."""

    indicator: str  # catalog id, or "other"
    label: str  # what is counted, as written
    measure: str  # growth / level / change_pp
    value: Decimal | None
    unit: str | None
    op: str  # approx ge gt le lt eq sync qualitative
    kind: str  # target / actual / estimate
    year: int | None
    region: str | None
    quote: str  # == document.text[start:end]
    start: int
    end: int
    qualifier: str | None = None  # 力争, 确保, 预计 ...
    source: str = "text"  # text / table
    restated: bool = False  # a report repeating an earlier year's target
    range: bool = False  # one bound of a range such as 3—5个
    doc: str | None = None  # the document's name
    section: str | None = None  # heading of the section it stands in
    # The years a figure of several years covers, "2021-2025" (年均, 累计, a five-year change, a streak
    # 连续5年); `year` is then its last year. None: a figure of `year` alone.
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields; `value` becomes a number (int when whole). Every field is a scalar, so a
        shallow copy is the whole figure (`dataclasses.asdict` deep-copies, at several times the cost)."""
        d = {name: getattr(self, name) for name in _FIGURE_FIELDS}
        d["value"] = decimal_to_number(self.value)
        return d


_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))


def decimal_to_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(slots=True)
class FigureRecord:
    """A stored figure with what the books need to know about its document.

    The store returns these; verdicts, annex tables and comparisons consume them. Corrections are
    already applied to `figure`.
    """

    id: int
    figure: Figure
    doc_id: int
    doc_name: str
    doc_type: str  # one of DOC_TYPES
    published: dt.date | None
    region: str | None  # the document's region (full name)
    region_code: str | None
    parent: str | None  # the region above, full name
    review_year: int | None
    plan_year: int | None
    ingested_at: dt.datetime | None = None
    current: bool = True  # False: its document was superseded by a newer version (history, not the books)
