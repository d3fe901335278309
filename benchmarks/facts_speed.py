"""Speed of document facts (region, years, title): what a one-file `planwatch extract` pays at start-up,
and what each document costs after.

    .venv/bin/python benchmarks/facts_speed.py [--repeat 3]

Start-up, in one fresh process: importing the engine, loading the gazetteer (from its cache), the
first search for place names (which builds the name finder), and the first `detect_facts` of a short
text (which compiles the grammar). Then, caches warm, the best of `--repeat` runs of `detect_facts`
and of `Gazetteer.find_mentions` over the seed reports (../shared/seeds) and the corpus's text reports
(../shared/corpus), in milliseconds per document.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _ms_per_doc(run, docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in docs:
            run(text)
        best = min(best, time.perf_counter() - start)
    return best / len(docs) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from planwatch.engine.facts import detect_facts
    from planwatch.engine.regions import get_gazetteer
    t1 = time.perf_counter()
    gazetteer = get_gazetteer()
    t2 = time.perf_counter()
    gazetteer.find_mentions("包头市九原区")
    t3 = time.perf_counter()
    detect_facts("2024年政府工作报告")
    t4 = time.perf_counter()
    print(f"start-up: import {(t1 - t0) * 1000:.0f} ms, gazetteer {(t2 - t1) * 1000:.0f} ms, "
          f"first place search {(t3 - t2) * 1000:.0f} ms, first facts {(t4 - t3) * 1000:.0f} ms; "
          f"total {(t4 - t0) * 1000:.0f} ms")

    sets = {"seeds": sorted((SHARED / "seeds").glob("*.txt")), "corpus": sorted((SHARED / "corpus").rglob("*.txt"))}
    for name, paths in sets.items():
        docs = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
        if not docs:
            continue
        chars = sum(map(len, docs)) / len(docs)
        print(f"{name}: {len(docs)} documents, {chars:,.0f} characters each; "
              f"detect_facts {_ms_per_doc(detect_facts, docs, args.repeat):.2f} ms/doc, "
              f"find_mentions {_ms_per_doc(gazetteer.find_mentions, docs, args.repeat):.2f} ms/doc")


if __name__ == "__main__":
    main()
