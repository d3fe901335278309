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
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
        if value is None:
            return None
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return value if dialect.name == "postgresql" else str(value)

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
    superseded_by: Mapped[int | None] = mapped_column(Integer)  # the document (id) of the newer version
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    format: Mapped[str] = mapped_column(String(16), default="text")
    encoding: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
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


class FigureRow(Base):
    """One extracted figure (corrections applied in place; `key` is the extraction's own identity)."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_region_year_indicator", "region", "year", "indicator"),
        Index("ix_figures_indicator_year", "indicator", "year"),
        Index("ix_figures_doc_position", "doc_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order in the extraction's output
    # identity that survives re-extraction: start:end:indicator:measure[#n], of the figure as extracted
    key: Mapped[str] = mapped_column(String(200))
    # identity across versions of a document: a digest of indicator, measure, kind, year and quote as
    # extracted[#n] (`store.write.figure_idents`); corrections follow a figure to a new version by it
    ident: Mapped[str | None] = mapped_column(String(40))
    indicator: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit: Mapped[str | None] = mapped_column(String(32))
    op: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(200))
    quote: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="text")
    restated: Mapped[bool] = mapped_column(Boolean, default=False)
    range: Mapped[bool] = mapped_column(Boolean, default=False)
    doc: Mapped[str | None] = mapped_column(String(1000))
    section: Mapped[str | None] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(16))  # "2021-2025": a figure of several years


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
