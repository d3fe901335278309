"""The database schema: SQLAlchemy 2 declarative models of the books.

Migrations in `planwatch/store/migrations` create and change these tables; nothing in a production path
calls `create_all`. A change here needs a new migration (see `planwatch/store/README.md`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from planwatch.store.packing import pack_text, unpack_text


def _exact(value: Decimal | float | str) -> Decimal:
    """A value as a Decimal: a float by its shortest repr (16.4, not 16.39999…)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


class ExactDecimal(TypeDecorator[Decimal]):
    """A `Decimal` stored exactly: PostgreSQL `numeric` (no fixed scale), text elsewhere.

    SQLite's NUMERIC affinity would turn 16.4 into a binary float; text keeps "16.4" as written.
    """

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name != "postgresql":
            return self.as_text(value)
        return None if value is None else _exact(value)

    @staticmethod
    def as_text(value: Decimal | float | str | None) -> str | None:
        """The value as SQLite stores it, which PostgreSQL also takes as a numeric parameter (psycopg sends a
        str of unknown type: the server reads it as the column's type, exactly)."""
        if type(value) is Decimal:  # what figures hold
            return str(value)
        return None if value is None else str(_exact(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite returns naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class PackedText(TypeDecorator[str]):
    """A document's text: on SQLite zlib-compressed UTF-8, a BLOB value in the TEXT column (a sixth to a
    half of its size); plain text on PostgreSQL, which compresses long values itself. SQL that reads the
    text on SQLite goes through `plain(text)`, a function `db` registers on every connection
    (`store.packing.plain`)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return pack_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return unpack_text(value)


class Code(TypeDecorator[str]):
    """One word of a fixed vocabulary stored as its position in it (a small integer): comparisons and
    `IN` lists of words in queries are turned into positions by SQLAlchemy, results back into words.
    A vocabulary is only ever appended to: the stored numbers are positions."""

    impl = SmallInteger
    cache_ok = True

    def __init__(self, words: tuple[str, ...]) -> None:
        super().__init__()
        self.words = words
        self._codes = {word: n for n, word in enumerate(words)}

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        try:
            return self._codes[value]
        except KeyError:
            raise ValueError(f"{value!r} is none of {', '.join(self.words)}") from None

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.words[value]


class Indicator(TypeDecorator[str]):
    """A figure's indicator: a catalog id, or NULL for `other` (nine figures in ten), which then costs
    nothing in a row and leaves the indicator index to the catalog's figures. Queries that ask for
    `other` say `indicator IS NULL` (`store.queries.indicator_matches`)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value == OTHER else value

    def process_result_value(self, value: Any, dialect: Dialect) -> str:
        return OTHER if value is None else value


OTHER = "other"  # the indicator of the figures outside the catalog

# The vocabularies of the coded figure columns, in the order of their codes (append only).
MEASURE_CODES = ("growth", "level", "change_pp")
OP_CODES = ("approx", "ge", "gt", "le", "lt", "eq", "sync", "qualitative")
KIND_CODES = ("target", "actual", "estimate")
SOURCE_CODES = ("text", "table")


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """A document as loaded, once per content (sha256), with what it says about itself.

    Versions: the documents read from one source (a file's path, a URL) share `source_key`; the newest is
    current (`superseded_by` NULL), each older one names the document that replaced it. Only current
    documents count in the books; superseded ones stay readable as history.
    """

    __tablename__ = "documents"
    __table_args__ = (
        # at most one current version per source
        Index("uq_documents_current_source", "source_key", unique=True,
              sqlite_where=text("superseded_by IS NULL"), postgresql_where=text("superseded_by IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(1000))
    source: Mapped[str] = mapped_column(Text, default="")  # as shown to the user
    # sha256 of where it was read from (`store.write.source_key`); NULL for standard input
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)
    superseded_by: Mapped[int | None] = mapped_column(Integer, index=True)  # the document (id) of the newer version
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    format: Mapped[str] = mapped_column(String(16), default="text")
    encoding: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(PackedText)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # what the user told ingest (--region, --year); re-applied when the document is reprocessed
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # DocumentFacts
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    parent: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(16))
    doc_type: Mapped[str] = mapped_column(String(32), default="other")
    published: Mapped[dt.date | None] = mapped_column(Date)
    review_year: Mapped[int | None] = mapped_column(Integer, index=True)
    plan_year: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    engine_version: Mapped[str] = mapped_column(String(64), index=True)
    # what the document names with a number in its review of each year (`engine.mentions.named_in_review`,
    # as `mentions.named_data` gives it), stored by ingest and reprocess; NULL: not computed (stored before)
    # (deferred: only the check reads it)
    named_in_review: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), deferred=True)


class PhraseRow(Base):
    """A text that many figures share, stored once: their labels and the headings of their sections."""

    __tablename__ = "phrases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, unique=True)


class FigureRow(Base):
    """One extracted figure (corrections applied in place), stored lean: 5 million of them make the
    bulk of a database of the whole country's reports.

    What a figure repeats is not stored again: its label and section are phrases (ids); measure, op, kind
    and source are codes; `quote` is the document's `text[start:end]` and is stored only where it is not,
    or for the catalog's figures (which the books read across many documents without their texts);
    `doc` is the document's name, stored only where it is not; `indicator` is NULL for `other`; `region`
    is NULL where it is the document's region and '' where the figure has none of its own while the
    document has one (`store.write.stored_region`), so the region index holds the figures that name
    another region only. `key` and `ident` (the figure's identity
    across extractions and across versions, `store.write.figure_keys`/`figure_idents`) follow from the
    figures as extracted and are stored only once a correction may have changed what they follow from
    (`store.write.pin_identities`): NULL means "derive them from the row"."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_region_year_indicator", "region", "year", "indicator",
              sqlite_where=text("region IS NOT NULL"), postgresql_where=text("region IS NOT NULL")),
        Index("ix_figures_indicator_year", "indicator", "year",
              sqlite_where=text("indicator IS NOT NULL"), postgresql_where=text("indicator IS NOT NULL")),
        Index("ix_figures_doc_start", "doc_id", "start"),  # a document's figures; those around a place in it
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order in the extraction's output
    indicator: Mapped[str] = mapped_column(Indicator, nullable=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("phrases.id"))
    measure: Mapped[str] = mapped_column(Code(MEASURE_CODES))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit: Mapped[str | None] = mapped_column(String(32))
    op: Mapped[str] = mapped_column(Code(OP_CODES))
    kind: Mapped[str] = mapped_column(Code(KIND_CODES))
    year: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Code(SOURCE_CODES), default="text")
    restated: Mapped[bool] = mapped_column(Boolean, default=False)
    range: Mapped[bool] = mapped_column(Boolean, default=False)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("phrases.id"))
    period: Mapped[str | None] = mapped_column(String(16))
    quote: Mapped[str | None] = mapped_column(Text)  # NULL: the document's text[start:end]
    doc: Mapped[str | None] = mapped_column(String(1000))  # NULL: the document's name
    key: Mapped[str | None] = mapped_column(String(200))  # NULL: derived (see the class docstring)
    ident: Mapped[str | None] = mapped_column(String(40))


class RegionRow(Base):
    """A jurisdiction seen in the documents; `key` is its code, or parent/name when it has none."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(420), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str | None] = mapped_column(String(12))
    level: Mapped[str | None] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12))
    parent_name: Mapped[str | None] = mapped_column(String(200))


class CorrectionRow(Base):
    """An analyst's override of one field of one figure, keyed so that it survives re-extraction."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_doc_key", "doc_sha256", "figure_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_sha256: Mapped[str] = mapped_column(String(64))
    figure_key: Mapped[str] = mapped_column(String(200))
    figure_id: Mapped[int | None] = mapped_column(Integer)  # the row it was made on
    carried_from: Mapped[int | None] = mapped_column(Integer)  # the correction (id) it copies into a new version
    field: Mapped[str] = mapped_column(String(32))
    old: Mapped[str | None] = mapped_column(Text)  # values as text: "16.4", "true"; NULL for None
    new: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
