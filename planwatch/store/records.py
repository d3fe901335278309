"""What the query API returns: records of stored things, in lists that turn into tables.

`FigureRecord` (in `planwatch.models`) is the contract with the books; `StoredDocument` and `RegionRecord`
are the store's own. `Results` is a list with `.to_records()` (flat dicts, values kept exact as `Decimal`)
and `.to_dataframe()`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from planwatch.models import Document, DocumentFacts, FigureRecord

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


@dataclasses.dataclass(slots=True)
class StoredDocument:
    """A stored document: its identity, what it says about itself, and (when asked for) its text."""

    id: int
    sha256: str
    name: str
    source: str
    format: str
    encoding: str | None
    facts: DocumentFacts
    ingested_at: dt.datetime
    engine_version: str
    figure_count: int = 0
    text: str | None = None  # loaded by get_document(), not by documents()
    meta: dict[str, str] = dataclasses.field(default_factory=dict)
    overrides: dict[str, Any] = dataclasses.field(default_factory=dict)
    superseded_by: int | None = None  # the newer version of the same source; None: current
    superseded_at: dt.datetime | None = None
    source_key: str | None = None  # shared by the versions of one source (`store.write.source_key`)

    @property
    def current(self) -> bool:
        return self.superseded_by is None

    def to_document(self) -> Document:
        """The `Document` as loaded (needs the text: use `get_document`)."""
        if self.text is None:
            raise ValueError(f"document {self.id} ({self.name}) was read without its text")
        return Document(text=self.text, name=self.name, source=self.source, format=self.format,
                        encoding=self.encoding, sha256=self.sha256, facts=self.facts, meta=dict(self.meta))


@dataclasses.dataclass(slots=True)
class RegionRecord:
    name: str
    code: str | None
    level: str | None
    parent_code: str | None
    parent_name: str | None
    documents: int = 0


def flatten(record: Any) -> dict[str, Any]:
    """One flat row of a record: a figure's fields beside its document's (the document's region is
    `doc_region`), a document's facts beside its identity."""
    if isinstance(record, FigureRecord):
        row = {"id": record.id, **dataclasses.asdict(record.figure)}
        row.update(doc_id=record.doc_id, doc_name=record.doc_name, doc_type=record.doc_type,
                   published=record.published, doc_region=record.region, region_code=record.region_code,
                   parent=record.parent, review_year=record.review_year, plan_year=record.plan_year,
                   ingested_at=record.ingested_at)
        return row
    if isinstance(record, StoredDocument):
        row = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)
               if f.name not in ("facts", "text", "meta", "overrides", "source_key")}
        row.update(dataclasses.asdict(record.facts))
        if record.text is not None:
            row["text"] = record.text
        return row
    if dataclasses.is_dataclass(record):
        return dataclasses.asdict(record)
    return dict(record)


class Results(list, Generic[T]):
    """A list of records that also turns into flat rows and a pandas DataFrame."""

    def to_records(self) -> list[dict[str, Any]]:
        return [flatten(r) for r in self]

    def to_dataframe(self) -> "pd.DataFrame":
        """A DataFrame, one row per record; `value` stays a column of exact `Decimal`s (dtype object)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.to_records())


FigureList = Results[FigureRecord]
