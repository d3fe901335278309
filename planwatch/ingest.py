"""Ingest: documents in, figures out, the books written.

Each source (a file, every file of a folder, or a URL) is read, its facts detected and its figures
extracted in worker processes (`--jobs`, one per core); the main process is the one writer and stores
each document with its figures whole: documents are written a batch per transaction, each in a savepoint
of its own, so a document that fails leaves nothing and a killed ingest leaves whole documents or none.
The same content (sha256) is stored once: a file whose content is the current version of its source is not
even extracted again, and a race with another ingest process counts as "unchanged". A source read again
with new content is "updated": the new version supersedes the old one (`store.write.store_version`).

`reprocess` does the extraction again from the stored texts when the engine has changed since.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from planwatch.engine.facts import undecided
from planwatch.fetch import FetchError, is_url, read_url
from planwatch.load.errors import Unreadable
from planwatch.load.limits import Limits
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.pool import Interrupted, run_tasks, stop_on_signals
from planwatch.store.db import get_engine, writer
from planwatch.store.schema import DocumentRow
from planwatch.store.write import pack_figures, replace_figures, source_key, store_version
from planwatch.validation import region_name
from planwatch.version import __version__

Analyser = Callable[[Document, dict[str, Any]], list[Figure]]

# The parts of the package that decide what a document's facts and figures are.
_ENGINE_PARTS = {"engine", "load", "models.py", "pipeline.py"}


@dataclasses.dataclass(slots=True)
class Outcome:
    """What became of one source: stored (new), updated (a new version of it), unchanged, reprocessed,
    skipped (not a report) or failed (with the reason)."""

    source: str
    status: str
    reason: str | None = None
    doc_id: int | None = None
    figures: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)  # mixed encodings, no region found …
    previous: int | None = None  # updated: the version it superseded
    carried: int = 0  # updated: corrections carried over from the previous version
    orphaned: list[str] = dataclasses.field(default_factory=list)  # updated: corrections left behind


@dataclasses.dataclass
class Report:
    outcomes: list[Outcome] = dataclasses.field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


def engine_version() -> str:
    """What identifies the extraction engine: `planwatch.engine.extract.ENGINE_VERSION` when it declares one,
    else the package version and a hash of the engine's code and grammar data."""
    try:
        declared = getattr(importlib.import_module("planwatch.engine.extract"), "ENGINE_VERSION", None)
    except ImportError:
        declared = None
    if declared:
        return str(declared)
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and path.suffix in (".py", ".toml", ".yaml", ".yml", ".json", ".tsv") \
                and relative.parts[0] in _ENGINE_PARTS:
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


def expand(sources: Iterable[str | os.PathLike[str]],
           labels: dict[str, str] | None = None) -> tuple[list[str], list[Outcome]]:
    """Files and URLs to read, and the folders that could not be listed: a folder stands for its
    document files (recursively, sorted, as `planwatch.load.iter_folder` finds them). `labels`, when
    given, receives how each is shown: a file or URL as given, a folder's file by its path inside the
    folder (the server's own folders stay private)."""
    from planwatch.load import EMPTY_PATH, LoadError, is_folder, iter_folder

    paths: list[str] = []
    failures: list[Outcome] = []
    for source in map(str, sources):
        if not source:
            failures.append(Outcome("''", "failed", EMPTY_PATH))
        elif not is_url(source) and is_folder(source):
            for entry in iter_folder(Path(source)):
                if isinstance(entry, LoadError):
                    failures.append(Outcome(entry.path, "failed", entry.reason))
                else:
                    paths.append(str(entry))
                    if labels is not None:
                        labels[str(entry)] = entry.relative_to(source).as_posix()
        else:
            paths.append(source)
            if labels is not None:
                labels[source] = source
    return paths, failures


# ---- the work done in worker processes: plain data in, plain data out --------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class Known:
    """What is stored already, as a worker needs it to skip what would change nothing: the sha256 of each
    source's current version, and of every current document."""

    by_source: dict[str, str] = dataclasses.field(default_factory=dict)
    hashes: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        """Whether anything is stored (a first ingest need not hash a file before reading it)."""
        return bool(self.by_source or self.hashes)

    def unchanged(self, key: str | None, sha256: str | None) -> bool:
        """Whether content read from the source `key` is what the books hold for it already."""
        if sha256 is None:
            return False
        if key is not None and key in self.by_source:
            return self.by_source[key] == sha256
        return sha256 in self.hashes


_known = Known()


def _set_known(known: Known) -> None:
    """Worker initializer: what is stored already."""
    global _known
    _known = known


def _read_known(engine: Engine) -> Known:
    current = DocumentRow.superseded_by.is_(None)
    with engine.connect() as conn:
        rows = conn.execute(select(DocumentRow.source_key, DocumentRow.sha256).where(current)).all()
    return Known({key: sha for key, sha in rows if key is not None}, frozenset(sha for _, sha in rows))


def analyse(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    """Detect the document's facts (with the user's overrides), then extract its figures."""
    from planwatch.pipeline import extract_figures, with_facts

    with_facts(document, overrides.get("region"), overrides.get("year"))
    return list(extract_figures(document))


def _resolve(analyser: str | None) -> Analyser:
    if analyser is None:
        return analyse
    module, _, name = analyser.partition(":")
    return getattr(importlib.import_module(module), name)


def _file_hash(path: str) -> str | None:
    """The sha256 of a file's bytes, or None when it cannot be read (the loader then says why)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


class NotAReport(Exception):
    """A document that is no government's plan or report (`planwatch.pipeline.not_a_report` says why)."""


def _extracted(document: Document, overrides: dict[str, Any], analyser: str | None,
               new: bool = False) -> dict[str, Any]:
    """The document, its figures and what it names in its review of a year (`named_in_review`, for the
    check: computed here beside the extraction, not by the check from every stored text) as plain
    data; a new document must be within the limits of one document (`Unreadable`) and, read by the
    default engine, a report (`NotAReport`)."""
    from planwatch.engine.mentions import named_data, named_in_review
    from planwatch.pipeline import not_a_report

    figures = _resolve(analyser)(document, overrides)
    if new:
        Limits().check_figures(len(figures))
        if analyser is None and (why := not_a_report(document, figures)):
            raise NotAReport(why)
    # only a placed report reviewing a year is ever asked (`assess.ledgers.check_books`)
    facts = document.facts
    named = named_data(named_in_review(document)) if facts.region and facts.review_year else {}
    return {"document": dataclasses.asdict(document), "named": named,
            "figures": pack_figures(figures, document.text, document.name, facts.region)}


def analyse_source(source: str, overrides: dict[str, Any], analyser: str | None = None) -> dict[str, Any]:
    """Read, detect and extract one file or URL (in a worker). Never raises: failures are results.

    A file whose content is already stored is not loaded nor extracted again."""
    from planwatch.load import read_path

    try:
        if is_url(source):
            document = read_url(source)
        else:
            if _known and _known.unchanged(source_key(source), _file_hash(source)):
                return {"source": source, "status": "unchanged"}
            document = read_path(source)
    except FetchError as err:
        return {"source": source, "status": "failed", "reason": err.reason}
    except Exception as err:  # noqa: BLE001 - any reader failure is this file's failure
        reason = getattr(err, "reason", None) or f"cannot be read: {_describe(err)}"  # LoadError says why
        return {"source": source, "status": "failed", "reason": reason}
    if _known.unchanged(source_key(source), document.sha256):
        return {"source": source, "status": "unchanged"}
    try:
        return {"source": source, "status": "extracted", **_extracted(document, overrides, analyser, new=True)}
    except NotAReport as err:
        return {"source": source, "status": "skipped", "reason": str(err)}
    except Unreadable as err:
        return {"source": source, "status": "failed", "reason": err.reason}
    except Exception as err:  # noqa: BLE001
        return {"source": source, "status": "failed", "reason": f"extraction failed: {_describe(err)}"}


def analyse_stored(stored: dict[str, Any], overrides: dict[str, Any], analyser: str | None = None) -> dict[str, Any]:
    """Extract a stored document again from its stored text (in a worker)."""
    fields = {k: v for k, v in stored.items() if k != "id"}
    doc_id, source = stored["id"], _source_of(stored)
    try:
        result = _extracted(Document(**fields), overrides, analyser)
    except Exception as err:  # noqa: BLE001
        return {"source": source, "status": "failed", "doc_id": doc_id, "reason": f"extraction failed: {_describe(err)}"}
    return {"source": source, "status": "extracted", "doc_id": doc_id, **result}


def _describe(err: BaseException) -> str:
    message = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


# ---- the pool (planwatch.pool): bounded work in flight, a dead worker does not end the batch -------------

def _source_of(task_head: Any) -> str:
    """The source a task reads: a path or URL, or a stored document's source (its name when it has none)."""
    if isinstance(task_head, str):
        return task_head
    return task_head.get("source") or task_head.get("name") or "?"


def _crashed(task: tuple[Any, ...]) -> dict[str, Any]:
    """The result of a task whose process died even when it ran alone."""
    head = task[0]
    return {"source": _source_of(head), "status": "failed", "reason": "the process reading it died",
            "doc_id": None if isinstance(head, str) else head.get("id")}


def _run(fn: Callable[..., dict[str, Any]], tasks: Iterator[tuple[Any, ...]], jobs: int, known: Known,
         stop: threading.Event) -> Iterator[dict[str, Any]]:
    return run_tasks(fn, tasks, jobs, initializer=_set_known, initargs=(known,), on_crash=_crashed, stop=stop)


# ---- the writer ---------------------------------------------------------------------------------------

def _document(data: dict[str, Any]) -> Document:
    facts = DocumentFacts(**data.pop("facts"))
    return Document(**data, facts=facts)


def _store(session: Session, result: dict[str, Any], version: str, overrides: dict[str, Any],
           labels: dict[str, str] | None = None) -> Outcome:
    """Write one extracted document, in a savepoint of the batch's transaction, as the current version of
    its source (where it was read from, not how it is shown: `labels`); a race with another writer (the
    same content stored a moment ago) is tried again, and then sees what the other stored."""
    from planwatch.pipeline import warnings_of

    source = result["source"]
    if result["status"] != "extracted":
        return Outcome(source, result["status"], result.get("reason"), result.get("doc_id"))
    figures = result["figures"]
    document = _document(result["document"])
    document.source = (labels or {}).get(source, document.source)
    for attempt in range(3):
        try:
            with session.begin_nested():
                written = store_version(session, document, figures, source_key=source_key(source),
                                        engine_version=version, overrides=overrides, named=result["named"])
            break
        except IntegrityError as err:
            if attempt == 2:
                return Outcome(source, "failed", f"could not be stored: {_describe(err.orig)}")
        except SQLAlchemyError as err:
            return Outcome(source, "failed", f"could not be stored: {_describe(getattr(err, 'orig', err))}")
    if written.status == "unchanged":
        return Outcome(source, "unchanged", doc_id=written.doc_id)
    return Outcome(source, written.status, doc_id=written.doc_id, figures=len(figures),
                   warnings=warnings_of(document), previous=written.previous, carried=written.carried,
                   orphaned=written.orphaned)


def _jobs(jobs: int | None, n: int) -> int:
    return max(1, min(jobs or os.cpu_count() or 1, n))


def ingest(sources: Sequence[str | os.PathLike[str]], *, db: str | None = None, region: str | None = None,
           year: int | None = None, jobs: int | None = None, analyser: str | None = None,
           on_outcome: Callable[[Outcome], None] | None = None,
           on_start: Callable[[int], None] | None = None, shown: Mapping[str, str] | None = None) -> Report:
    """Store every document of `sources` (files, folders, URLs) with its figures; one outcome per file.

    `region`/`year` override what the documents say about themselves; `region` must be a name of the
    gazetteer (a `ValueError` lists close matches). `analyser` ("module:function",
    default `planwatch.ingest:analyse`) is what turns a loaded document into figures. `on_start(n)` and
    `on_outcome(outcome)` let a caller show progress. A document's stored `source` is what the user gave
    (see `expand`), or `shown[path]` (an upload's file name, not the server's temporary path); its
    versions are those of the path read (made absolute) or URL. Ctrl-C or SIGTERM (in the main thread)
    stop it after the batch being written: `planwatch.pool.Interrupted` is raised, the documents
    stored are whole.
    """
    region = region_name(region) if region else None  # a ValueError with close matches when unknown
    engine = get_engine(db)
    labels: dict[str, str] = {}
    paths, unlisted = expand(sources, labels)
    labels.update(shown or {})
    if on_start:
        on_start(len(paths))
    report = Report(list(unlisted))
    overrides = {k: v for k, v in (("region", region), ("year", year)) if v is not None}
    known = _read_known(engine)
    version = engine_version()
    tasks = ((path, overrides, analyser) for path in paths)
    with stop_on_signals() as stop:
        results = _run(analyse_source, tasks, _jobs(jobs, len(paths)), known, stop)
        _write_all(results, engine, lambda session, result: _store(session, result, version, overrides, labels),
                   report, on_outcome, stop)
    if stop.is_set():
        raise Interrupted(stop.signum)
    return report


BATCH_DOCUMENTS = 32  # documents written in one transaction, at most…
BATCH_SECONDS = 1.0  # …or fewer, once the first of them has waited this long (looked at as results arrive)


def _write_all(results: Iterable[dict[str, Any]], engine: Engine,
               write: Callable[[Session, dict[str, Any]], Outcome], report: Report,
               on_outcome: Callable[[Outcome], None] | None, stop: threading.Event) -> Report:
    """Write the results a batch at a time: one transaction per batch, each document in a savepoint of its
    own, so that a document that fails leaves nothing of itself and takes no other with it, and a killed
    process leaves whole documents (the batch being written is rolled back whole). Outcomes are told once
    their batch is committed. Once `stop` is set, the results not yet written are left (run it again)."""
    batch: list[dict[str, Any]] = []
    started = 0.0
    for result in results:
        if not batch:
            started = time.monotonic()
        batch.append(result)
        if stop.is_set():
            return report
        if len(batch) >= BATCH_DOCUMENTS or time.monotonic() - started >= BATCH_SECONDS:
            _write_batch(batch, engine, write, report, on_outcome)
            batch = []
    if not stop.is_set():
        _write_batch(batch, engine, write, report, on_outcome)
    return report


def _write_batch(batch: list[dict[str, Any]], engine: Engine, write: Callable[[Session, dict[str, Any]], Outcome],
                 report: Report, on_outcome: Callable[[Outcome], None] | None) -> None:
    if not batch:
        return
    try:
        with Session(writer(engine)) as session, session.begin():
            outcomes = [write(session, result) for result in batch]
    except SQLAlchemyError as err:  # the commit itself failed: nothing of the batch was stored
        reason = f"could not be stored: {_describe(getattr(err, 'orig', err))}"
        outcomes = [Outcome(r["source"], "failed", reason, r.get("doc_id")) if r["status"] == "extracted"
                    else Outcome(r["source"], r["status"], r.get("reason"), r.get("doc_id")) for r in batch]
    for outcome in outcomes:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)


def reprocess(*, db: str | None = None, jobs: int | None = None, everything: bool = False,
              analyser: str | None = None, on_outcome: Callable[[Outcome], None] | None = None,
              on_start: Callable[[int], None] | None = None) -> Report:
    """Extract the stored documents again from their texts when the engine has changed since (or all of
    them with `everything`): facts and figures replaced whole per document (a batch per transaction, each
    document in a savepoint), corrections re-applied."""
    engine = get_engine(db)
    version = engine_version()
    query = select(DocumentRow.id).order_by(DocumentRow.id)
    if not everything:
        query = query.where(DocumentRow.engine_version != version)
    with engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    if on_start:
        on_start(len(ids))

    def tasks() -> Iterator[tuple[Any, ...]]:
        columns = (DocumentRow.id, DocumentRow.text, DocumentRow.name, DocumentRow.source, DocumentRow.format,
                   DocumentRow.encoding, DocumentRow.sha256, DocumentRow.meta, DocumentRow.overrides)
        for doc_id in ids:  # texts are read as they are handed out, not all at once
            with engine.connect() as conn:
                row = conn.execute(select(*columns).where(DocumentRow.id == doc_id)).first()
            if row is not None:
                stored = row._asdict()
                yield (stored, dict(stored.pop("overrides") or {}), analyser)

    report = Report()
    with stop_on_signals() as stop:
        results = _run(analyse_stored, tasks(), _jobs(jobs, len(ids)), Known(), stop)
        _write_all(results, engine, lambda session, result: _replace(session, result, version), report,
                   on_outcome, stop)
    if stop.is_set():
        raise Interrupted(stop.signum)
    return report


def _replace(session: Session, result: dict[str, Any], version: str) -> Outcome:
    source, doc_id = result["source"], result.get("doc_id")
    if result["status"] != "extracted":
        return Outcome(source, result["status"], result.get("reason"), doc_id)
    facts = DocumentFacts(**result["document"]["facts"])
    figures = result["figures"]
    try:
        with session.begin_nested():
            replace_figures(session, doc_id, facts, figures, engine_version=version, named=result["named"])
    except SQLAlchemyError as err:
        return Outcome(source, "failed", f"could not be stored: {_describe(getattr(err, 'orig', err))}", doc_id)
    return Outcome(source, "reprocessed", doc_id=doc_id, figures=len(figures), warnings=undecided(facts))
