"""Extraction speed and memory, in one process, over at least 5 MB of report text.

    .venv/bin/python benchmarks/extract_speed.py [--mb 5] [--seed 1]

The input is the seed reports (../shared/seeds) repeated, plus generated reports (planwatch.synth),
until `--mb` megabytes of UTF-8 text. Prints the input size, the throughput of the whole path from text
(document facts + extraction) and of extraction alone, the resident memory after 10%, 50% and 100%
of the documents (flat when nothing accumulates), and, as a baseline run in the same command, a bare
regular-expression scan for numbers over the same texts.
"""

from __future__ import annotations

import argparse
import gc
import re
import resource
import sys
import time
from pathlib import Path

from planwatch.engine.extract import extract_figures
from planwatch.engine.facts import detect_facts
from planwatch.models import Document
from planwatch.synth import generate

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def corpus(megabytes: float, seed: int) -> list[tuple[str, str]]:
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs: list[tuple[str, str]] = []
    size = 0
    target = megabytes * 1e6
    generated = generate(int(target / 5000) + 100, seed=seed)  # more than enough: reports average ~10 kB
    while size < target:
        for name, text in seeds:
            docs.append((name, text))
            size += len(text.encode("utf-8"))
        for _ in range(10):
            report = next(generated)
            docs.append((report.name, report.text))
            size += len(report.text.encode("utf-8"))
    return docs


def rss_mb() -> float:
    """Current resident set size, from /proc (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of report text (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    docs = corpus(args.mb, args.seed)
    n_bytes = sum(len(t.encode("utf-8")) for _, t in docs)
    n_chars = sum(len(t) for _, t in docs)
    print(f"input: {len(docs)} documents, {n_chars:,} characters, {n_bytes / 1e6:.2f} MB UTF-8")

    # warm the caches (grammar, gazetteer) outside the timings
    extract_figures(Document(text=docs[0][1], name=docs[0][0], facts=detect_facts(docs[0][1])))
    gc.collect()

    # baseline: a bare regex scan for numbers with a unit-like tail
    pattern = re.compile(r"\d+(?:\.\d+)?\s*(?:%|亿元|万元|元|万人|人|个|家|项)")
    t0 = time.perf_counter()
    hits = sum(len(pattern.findall(text)) for _, text in docs)
    baseline = time.perf_counter() - t0

    checkpoints = {max(1, len(docs) // 10): "10%", len(docs) // 2: "50%", len(docs): "100%"}
    memory: list[str] = []
    figures = 0
    t_facts = t_extract = 0.0
    start_rss = rss_mb()
    for i, (name, text) in enumerate(docs, 1):
        t0 = time.perf_counter()
        facts = detect_facts(text, name=name)
        t1 = time.perf_counter()
        figures += len(extract_figures(Document(text=text, name=name, facts=facts)))
        t2 = time.perf_counter()
        t_facts += t1 - t0
        t_extract += t2 - t1
        if i in checkpoints:
            memory.append(f"{checkpoints[i]} {rss_mb():.0f} MB")
    total = t_facts + t_extract
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"figures: {figures:,} ({figures / len(docs):.0f} per document)")
    print(f"facts + extraction: {total:.2f} s, {n_chars / total:,.0f} characters/s, {n_bytes / 1e6 / total:.2f} MB/s, "
          f"{len(docs) / total:.0f} documents/s")
    print(f"extraction alone:   {t_extract:.2f} s, {n_chars / t_extract:,.0f} characters/s, "
          f"{n_bytes / 1e6 / t_extract:.2f} MB/s")
    print(f"memory (RSS): start {start_rss:.0f} MB; after {', '.join(memory)}; peak {peak:.0f} MB")
    print(f"baseline, bare regex number scan: {baseline:.3f} s ({hits:,} matches), "
          f"{n_bytes / 1e6 / baseline:.1f} MB/s; planwatch takes {total / baseline:.0f}x its time")


if __name__ == "__main__":
    sys.exit(main())
