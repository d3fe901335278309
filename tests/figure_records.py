"""Hand-made `FigureRecord`s for the books' tests: from golden case files and from the gold figures."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from planwatch.models import Figure, FigureRecord

CASES = Path(__file__).parent / "cases"
SHARED = Path(os.environ.get("PLANWATCH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
GOLD = SHARED / "gold"
SEEDS = SHARED / "seeds"


def load_cases(name: str) -> dict[str, Any]:
    with (CASES / name).open("rb") as f:
        return tomllib.load(f)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def make_records(docs: dict[str, dict[str, Any]], figures: list[dict[str, Any]],
                 defaults: dict[str, Any] | None = None) -> list[FigureRecord]:
    """Records of `figures` (dicts of `Figure` fields plus `doc`), each in its document of `docs`.

    A figure takes the case `defaults` (indicator, measure, year, unit ...) for fields it does not give,
    its document's region when it names none, and `%` for a growth rate without unit.
    """
    defaults = defaults or {}
    doc_ids = {name: n for n, name in enumerate(docs, 1)}
    records = []
    for n, spec in enumerate(figures, 1):
        spec = {**defaults, **spec}
        doc = docs[spec["doc"]]
        measure = spec.get("measure", "growth")
        op = spec.get("op", "eq")
        value = spec.get("value")
        unit = spec.get("unit", "%" if measure == "growth" and op not in ("sync", "qualitative") else None)
        figure = Figure(
            indicator=spec["indicator"],
            label=spec.get("label", spec["indicator"]),
            measure=measure,
            value=None if value is None else Decimal(str(value)),
            unit=unit,
            op=op,
            kind=spec.get("kind", "actual"),
            year=spec.get("year"),
            region=spec.get("region", doc.get("region")),
            quote=spec.get("quote", f"figure {n}"),
            start=spec.get("start", n),
            end=spec.get("start", n) + len(spec.get("quote", f"figure {n}")),
            qualifier=spec.get("qualifier"),
            source=spec.get("source", "text"),
            restated=spec.get("restated", False),
            range=spec.get("range", False),
            doc=spec["doc"],
        )
        records.append(FigureRecord(
            id=n,
            figure=figure,
            doc_id=doc_ids[spec["doc"]],
            doc_name=spec["doc"],
            doc_type=doc.get("doc_type", "other"),
            published=_date(doc.get("published")),
            region=doc.get("region"),
            region_code=doc.get("region_code"),
            parent=doc.get("parent"),
            review_year=doc.get("review_year"),
            plan_year=doc.get("plan_year"),
        ))
    return records


def gold_available() -> bool:
    return (GOLD / "seeds.jsonl").exists()


def gold_records() -> list[FigureRecord]:
    """The gold figures of the seeds as stored records, with the seeds' document facts from
    `cases/seed_docs.toml` (what the store would hold if extraction were perfect)."""
    docs = load_cases("seed_docs.toml")["docs"]
    texts = {name: (SEEDS / name).read_text(encoding="utf-8") if (SEEDS / name).exists() else "" for name in docs}
    figures = []
    for line in (GOLD / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        start = max(texts.get(g["doc"], "").find(g["quote"]), 0)
        figures.append({**g, "start": start, "value": g.get("value")})
    return make_records(docs, figures)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seeds_available() -> bool:
    return gold_available() and SEEDS.is_dir() and any(SEEDS.glob("*.txt"))


def ingest_seeds(db_url: str) -> None:
    """Store the five seed reports in `db_url` with the real engine, as `planwatch ingest` does."""
    from planwatch.ingest import ingest

    report = ingest([SEEDS], db=db_url, jobs=1)
    assert report.ok and report.count("stored") == len(list(SEEDS.glob("*.txt"))), report


def run_cli(*args: str) -> str:
    """Standard output of `planwatch ARGS`; fails the test on a non-zero exit."""
    from typer.testing import CliRunner

    from planwatch.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout
