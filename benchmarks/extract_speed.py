"""Extraction speed: throughput and its ratio to a bare regex scan, start-up, size, nesting and memory.

    .venv/bin/python benchmarks/extract_speed.py [--mb 5] [--seed 1] [--only corpus,synthetic,...]

Prints, with the machine's load (the machine may be shared: ratios to the baseline, run in the same
command over the same texts, move less with it than seconds do):
Times are CPU seconds of this process (`time.process_time`), which a busy machine changes less than
wall-clock time; start-up gives both.
- corpus: the reports of ../shared/corpus (loaded first, not timed), and
- synthetic: `--mb` megabytes of generated reports (planwatch.synth), each text once:
  input size, the time of the path from text (document facts + extraction) and of extraction alone,
  in MB/s, and each as a multiple of a bare regular-expression scan for numbers over the same texts;
- memory: resident memory after 10%, 50% and 100% of the synthetic reports (flat when nothing accumulates);
- start-up: `planwatch extract one.txt` on a one-line text, in a subprocess with its bytecode and its caches
  (the gazetteer's index, the compiled patterns) written by a first run (best of 5): what a user waits
  before the first document; and that first run;
- size: the synthetic text as one document of `--mb` megabytes against the same text as 30 documents;
- nesting: a page of 100,000 nested <div>s through `planwatch.load`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import planwatch.engine as engine
from planwatch.engine.extract import extract_figures
from planwatch.engine.facts import detect_facts
from planwatch.models import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SECTIONS = ("corpus", "synthetic", "startup", "size", "nesting")
# The baseline: a bare regex scan for numbers with a unit-like tail.
NUMBERS = re.compile(r"\d+(?:\.\d+)?\s*(?:%|亿元|万元|元|万人|人|个|家|项)")
Texts = list[tuple[str, str]]


def corpus_texts() -> Texts:
    """The corpus reports' texts as loaded, in the order of metadata.jsonl."""
    from planwatch.load import read_path

    entries = [json.loads(line) for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(e["file"], read_path(CORPUS / e["file"]).text) for e in entries]


def synthetic_texts(megabytes: float, seed: int) -> Texts:
    """Generated reports, each once, until `megabytes` of UTF-8 text."""
    from planwatch.synth import generate

    docs: Texts = []
    size, target = 0, megabytes * 1e6
    for report in generate(int(target / 2000) + 100, seed=seed):  # more than enough: reports average ~10 kB
        if size >= target:
            break
        docs.append((report.name, report.text))
        size += len(report.text.encode("utf-8"))
    return docs


def mb(docs: Texts) -> float:
    return sum(len(t.encode("utf-8")) for _, t in docs) / 1e6


def regex_scan(docs: Texts) -> float:
    """Seconds of the baseline scan over `docs` (best of 10: it is short, so noise weighs on it most; of 3, it
    moved by 15% from run to run, and the ratios with it)."""
    best = float("inf")
    for _ in range(10):
        t0 = time.process_time()
        for _, text in docs:
            NUMBERS.findall(text)
        best = min(best, time.process_time() - t0)
    return best


def rss_mb() -> float:
    """Current resident set size, from /proc (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def read_all(docs: Texts, on_document: Callable[[int], None] = lambda i: None) -> tuple[float, float, int]:
    """Seconds of document facts and of extraction over `docs`, and the figures found."""
    t_facts = t_extract = 0.0
    figures = 0
    for i, (name, text) in enumerate(docs, 1):
        t0 = time.process_time()
        facts = detect_facts(text, name=name)
        t1 = time.process_time()
        figures += len(extract_figures(Document(text=text, name=name, facts=facts)))
        t2 = time.process_time()
        t_facts += t1 - t0
        t_extract += t2 - t1
        on_document(i)
    return t_facts, t_extract, figures


def throughput(title: str, docs: Texts, memory: bool = False) -> None:
    n_mb, n_chars = mb(docs), sum(len(t) for _, t in docs)
    print(f"{title}: {len(docs)} documents, {n_chars:,} characters, {n_mb:.2f} MB UTF-8")
    baseline = regex_scan(docs)
    checkpoints = {max(1, len(docs) // 10): "10%", len(docs) // 2: "50%", len(docs): "100%"}
    marks: list[str] = []
    start_rss = rss_mb()

    def on_document(i: int) -> None:
        if memory and i in checkpoints:
            marks.append(f"{checkpoints[i]} {rss_mb():.0f} MB")

    gc.collect()
    t_facts, t_extract, figures = read_all(docs, on_document)
    total = t_facts + t_extract
    print(f"  figures: {figures:,} ({figures / len(docs):.0f} per document)")
    print(f"  facts + extraction: {total:6.2f} s, {n_mb / total:5.2f} MB/s, {total / baseline:4.0f}x the regex scan")
    print(f"  extraction alone:   {t_extract:6.2f} s, {n_mb / t_extract:5.2f} MB/s, "
          f"{t_extract / baseline:4.0f}x the regex scan")
    print(f"  baseline, bare regex number scan: {baseline:.3f} s, {n_mb / baseline:.1f} MB/s")
    if memory:
        print(f"  memory (RSS): start {start_rss:.0f} MB; after {', '.join(marks)}")


def startup() -> None:
    """Best of 5 runs of `planwatch extract one.txt` (wall clock and CPU), after a first run in a cache and a
    bytecode folder of their own: the first writes the bytecode, the gazetteer's index and the compiled
    patterns, as a user's first command does."""
    cli = Path(sys.executable).with_name("planwatch")
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text("澜泽市2024年地区生产总值增长6%左右。\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env["PLANWATCH_CACHE_DIR"] = str(Path(tmp) / "cache")
        times, cpu = [], []
        for _ in range(6):  # the first run writes the bytecode and the caches
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run([str(cli), "extract", str(one), "--format", "jsonl"], env=env, check=True,
                           capture_output=True)
            times.append(time.perf_counter() - t0)
            cpu.append(children_cpu() - c0)
        imports = subprocess.run([sys.executable, "-X", "importtime", "-c", "import planwatch.cli"], env=env,
                                 check=True, capture_output=True, text=True).stderr
        cumulative = int(imports.strip().splitlines()[-1].split("|")[1])
    print(f"start-up: `planwatch extract one.txt` {min(times[1:]):.2f} s wall, {min(cpu[1:]):.2f} s CPU (best of 5;"
          f" wall {', '.join(f'{t:.2f}' for t in times[1:])}); the first run {times[0]:.2f} s;"
          f" `import planwatch.cli` {cumulative / 1e6:.2f} s")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def size(docs: Texts) -> None:
    """The same text as one document and as 30, split at report boundaries."""
    joined = "\n\n".join(t for _, t in docs)
    parts: list[list[str]] = [[] for _ in range(30)]
    done = 0
    for _, text in docs:  # each report into the part its middle falls in
        parts[min(29, int((done + len(text) / 2) * 30 / len(joined)))].append(text)
        done += len(text) + 2
    parts = [p for p in parts if p]
    t_split = sum(read_all([(f"part{i}.txt", "\n\n".join(p)) for i, p in enumerate(parts)])[:2])
    t_one = sum(read_all([("one.txt", joined)])[:2])
    print(f"size: one document of {len(joined.encode('utf-8')) / 1e6:.2f} MB {t_one:.2f} s; the same text as "
          f"{len(parts)} documents {t_split:.2f} s; ratio {t_one / t_split:.2f}")


def nesting(n: int = 100_000) -> None:
    from planwatch.load import read_bytes

    page = ("<html><body>" + "<div>" * n + "地区生产总值增长6%左右。" + "</div>" * n + "</body></html>").encode()
    t0 = time.process_time()
    read_bytes(page, "deep.html")
    print(f"nesting: {n:,} nested <div>s through planwatch.load {time.process_time() - t0:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of synthetic report text (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run (default all: {','.join(SECTIONS)})")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"load: {Path('/proc/loadavg').read_text().split()[:3]} (1, 5, 15 min) on {os.cpu_count()} cores; engine: "
          f"{'compiled (make fast)' if engine.USING_COMPILED else 'pure Python'}")
    # warm the caches (grammar, gazetteer) outside the timings
    warm = "澜泽市2024年政府工作报告\n地区生产总值增长6%左右。"
    extract_figures(Document(text=warm, name="warm.txt", facts=detect_facts(warm)))
    if "corpus" in only and CORPUS.exists():
        throughput("corpus (../shared/corpus)", corpus_texts())
    synthetic = synthetic_texts(args.mb, args.seed) if only & {"synthetic", "size"} else []
    if "synthetic" in only:
        throughput("synthetic reports", synthetic, memory=True)
    if "startup" in only:
        startup()
    if "size" in only:
        size(synthetic)
    if "nesting" in only:
        nesting()
    print(f"load: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    sys.exit(main())
