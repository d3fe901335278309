"""Amending stored documents: changing a document's region override, deleting a document. Each is one
transaction and is logged beside the corrections of figures (who, when, why), for the command line, the
web form and the API alike.

The region a user gave at upload (`--region`) is not the document's forever: an analyst can change it
or drop it (the document's own words decide again); the document is extracted anew with it, its
corrections re-applied.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from planwatch.corrections import log_document_change
from planwatch.ingest import Outcome, analyse_stored, engine_version
from planwatch.models import DocumentFacts
from planwatch.store.db import get_engine, writer
from planwatch.store.schema import DocumentRow
from planwatch.store.write import delete_document, prune_regions, replace_figures
from planwatch.validation import reason, region_name

_STORED_COLUMNS = (DocumentRow.id, DocumentRow.text, DocumentRow.name, DocumentRow.source, DocumentRow.format,
                   DocumentRow.encoding, DocumentRow.sha256, DocumentRow.meta)


def set_region(doc_id: int, region: str | None, *, why: str, author: str | None = None, db: str | None = None,
               analyser: str | None = None) -> Outcome:
    """Make `region` (a gazetteer name; None: none, the text decides) the region override of a stored
    document, extract it again with it and log the change. `LookupError` for no such document,
    `ValueError` for a region the gazetteer does not know or no reason."""
    region = region_name(region) if region else None
    why = reason(why)
    engine = get_engine(db)
    with engine.connect() as conn:
        row = conn.execute(select(*_STORED_COLUMNS, DocumentRow.overrides, DocumentRow.region)
                           .where(DocumentRow.id == doc_id)).first()
    if row is None:
        raise LookupError(f"no document with id {doc_id}")
    stored = row._asdict()
    overrides, before = dict(stored.pop("overrides") or {}), stored.pop("region")
    if overrides.get("region") == region:
        raise ValueError(f"the region of document {doc_id} is already {region or 'read from its text'}")
    overrides.pop("region", None)
    overrides.update({"region": region} if region else {})
    result = analyse_stored(stored, overrides, analyser)
    if result["status"] != "extracted":
        return Outcome(result["source"], "failed", result.get("reason"), doc_id)
    facts = DocumentFacts(**result["document"]["facts"])
    figures = result["figures"]
    try:
        with Session(writer(engine)) as session, session.begin():
            replace_figures(session, doc_id, facts, figures, engine_version=engine_version(),
                            named=result["named"])
            session.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(overrides=overrides))
            prune_regions(session)
            log_document_change(session, stored["sha256"], "region", before, facts.region, why=why, author=author)
    except SQLAlchemyError as err:
        return Outcome(result["source"], "failed", f"could not be stored: {getattr(err, 'orig', err)}", doc_id)
    return Outcome(result["source"], "reprocessed", doc_id=doc_id, figures=len(figures))


@dataclasses.dataclass(slots=True)
class Deleted:
    doc_id: int
    name: str
    sha256: str
    restored: list[int] = dataclasses.field(default_factory=list)  # earlier versions current again


def delete(doc_id: int, *, why: str, author: str | None = None, db: str | None = None) -> Deleted:
    """Delete a stored document and its figures, and log it (its figures' corrections stay in the log,
    waiting for the same content to come back). The current version of a source deleted, the version
    before it is current again (`store.write.delete_document`). `LookupError` for no such document."""
    why = reason(why)
    with Session(writer(get_engine(db))) as session, session.begin():
        gone = delete_document(session, doc_id)
        if gone is None:
            raise LookupError(f"no document with id {doc_id}")
        log_document_change(session, gone.sha256, "document", gone.name, None, why=why, author=author)
    return Deleted(doc_id, gone.name, gone.sha256, gone.restored)
