"""A stand-in extraction engine for the store's tests, and synthetic reports it reads.

Tests of storage should not depend on what the real engine finds, so ingest runs with
`analyser="stub_engine:analyse"` (importable by worker processes too: tests/ is on their path). A report
names its region and year on two header lines; every "地区生产总值增长N%" / "固定资产投资增长N%" is a figure.
A report containing 引发错误 makes the engine raise.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from planwatch.models import Document, DocumentFacts, Figure

ANALYSER = "stub_engine:analyse"
_INDICATORS = {"地区生产总值": "gdp", "固定资产投资": "fai"}
_FIGURE = re.compile(r"(地区生产总值|固定资产投资)增长(\d+(?:\.\d+)?)%")


def analyse(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    text = document.text
    if "引发错误" in text:
        raise ValueError("stub engine refuses this text")
    region = re.search(r"地区[:：](\S+)", text)
    year = re.search(r"年份[:：](\d{4})", text)
    facts = DocumentFacts(region=region.group(1) if region else None, doc_type="plan_notice",
                          plan_year=int(year.group(1)) if year else None, parent="测试市")
    if "region" in overrides:
        facts.region = overrides["region"]
    if "year" in overrides:
        facts.plan_year = overrides["year"]
    document.facts = facts
    return [Figure(indicator=_INDICATORS[m.group(1)], label=m.group(1), measure="growth",
                   value=Decimal(m.group(2)), unit="%", op="eq", kind="target", year=facts.plan_year,
                   region=facts.region, quote=m.group(0), start=m.start(), end=m.end())
            for m in _FIGURE.finditer(text)]


def report(i: int, figures: int = 2) -> str:
    """The text of synthetic report number `i` (distinct content for distinct `i`)."""
    lines = [f"地区：测试{i}区", "年份：2024", f"编号{i}。"]
    for k in range(figures):
        lines.append(f"地区生产总值增长{5 + k}.{i % 10}%，固定资产投资增长{(i + k) % 9}%。")
    lines.append("其余内容。" * 20)
    return "\n".join(lines) + "\n"


def write_reports(folder: Path, n: int, start: int = 0, figures: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"report_{i:05d}.txt"
        path.write_text(report(i, figures), encoding="utf-8")
        paths.append(path)
    return paths


def analyse_doubled(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    """A "new engine version": the same figures, values doubled."""
    figures = analyse(document, overrides)
    for f in figures:
        f.value = f.value * 2
    return figures


def analyse_unstorable(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    """Figures the database refuses (a figure without its start) after some good ones."""
    figures = analyse(document, overrides)
    figures[-1].start = None  # type: ignore[assignment]
    return figures


def analyse_crashing(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    """Kills its process on a report containing 崩溃, as a crash in a native reader would."""
    if "崩溃" in document.text:
        import os

        os._exit(3)
    return analyse(document, overrides)


def analyse_fai_only(document: Document, overrides: dict[str, Any]) -> list[Figure]:
    """A "new engine version" that no longer finds the GDP figures."""
    return [f for f in analyse(document, overrides) if f.indicator == "fai"]
