"""Speed as instructions: what extraction and a worker's job cost, counted under callgrind (valgrind).

    .venv/bin/python benchmarks/instructions.py [--every 6] [--reports 12] [--checkout PATH]

A shared machine's CPU time moves by a third from day to day (and so do the seconds of
`extract_speed.py`); the instructions a piece of work executes do not. Each figure is the difference
between two runs of the same process under `valgrind --tool=callgrind`, one that only loads the texts and
does the work once to warm every cache, and one that then does it once more, so start-up, loading and
first-time costs cancel out (a run before them writes a user cache of the command's own: compiling the
patterns again costs billions):

- extraction: `extract_figures` over every `--every`-th report of ../shared/corpus (facts detected beforehand);
- the baseline: the bare regex scan for numbers of `extract_speed.py` over the same texts, and the ratio of
  the two (the machine-independent form of `extract_speed.py`'s "x the regex scan");
- a worker's job: what ingest's workers do with each of `--reports` generated reports (load the file, facts,
  extraction, the names of its review, the result as data), per report.

`--checkout` measures another checkout of planwatch with this Python (its `make fast` build, if current):
the same command run against an earlier commit gives the change's effect. Needs valgrind (Debian package
`valgrind`); each run takes one to three minutes. Not a test.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extract_speed import NUMBERS, corpus_texts  # the same baseline scan and texts (this script's folder)

ROOT = Path(__file__).resolve().parents[1]
_COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


def child(work: str, passes: int, data: Path) -> None:
    """In the measured process: load, warm up, then do `work` `passes` times."""
    import planwatch.engine as engine

    print(f"engine: {'compiled' if engine.USING_COMPILED else 'pure Python'}", file=sys.stderr)
    if work == "worker":
        from planwatch import ingest

        ingest._set_known(ingest.Known({}, frozenset()))
        paths = pickle.loads(data.read_bytes())
        for _ in range(1 + passes):  # the first pass warms every cache
            for path in paths:
                ingest.analyse_source(path, {}, None)
        return
    from planwatch.engine.extract import extract_figures
    from planwatch.engine.facts import detect_facts
    from planwatch.models import Document

    docs = [Document(text=text, name=name, facts=detect_facts(text, name=name))
            for name, text in pickle.loads(data.read_bytes())]
    for document in docs:  # warms every cache
        extract_figures(document)
    for _ in range(passes):
        for document in docs:
            if work == "extract":
                extract_figures(document)
            else:
                NUMBERS.findall(document.text)


def instructions(work: str, passes: int, data: Path, checkout: Path) -> int:
    """Instructions of a child process doing `work` `passes` times, with a user cache of its own beside `data`
    (a checkout of other code writing the shared one, in a command run at the same time, replaces it: the child
    would compile every pattern again)."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PLANWATCH_CACHE_DIR": str(data.parent / "cache")}
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          __file__, "--child", work, str(passes), str(data)],
                         env=env, capture_output=True, text=True, check=True)
    found = _COLLECTED.search(run.stderr)
    if not found:
        raise SystemExit(f"callgrind said no count:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=int, default=6, help="every n-th corpus report (default 6)")
    ap.add_argument("--reports", type=int, default=12, help="generated reports for a worker's job (default 12)")
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the planwatch checkout measured (default this one)")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    from planwatch.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        texts = corpus_texts()[:: args.every]
        corpus = Path(tmp) / "corpus.pickle"
        corpus.write_bytes(pickle.dumps(texts))
        size = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
        instructions("extract", 0, corpus, args.checkout)  # writes the user cache (patterns, gazetteer)
        loaded = instructions("extract", 0, corpus, args.checkout)
        extraction = instructions("extract", 1, corpus, args.checkout) - loaded
        scan = instructions("scan", 1, corpus, args.checkout) - loaded
        print(f"checkout: {args.checkout}")
        print(f"corpus, every {args.every}th report: {len(texts)} documents, {size:.2f} MB UTF-8")
        print(f"  extraction: {extraction / 1e6:,.0f} million instructions "
              f"({extraction / size / 1e6:,.0f} million per MB)")
        print(f"  bare regex number scan: {scan / 1e6:,.1f} million; extraction {extraction / scan:.0f}x the scan")
        paths = []
        for i, report in enumerate(generate(args.reports, seed=1)):
            path = Path(tmp) / f"{i:03d}.txt"
            path.write_text(report.text, encoding="utf-8")
            paths.append(str(path))
        listed = Path(tmp) / "paths.pickle"
        listed.write_bytes(pickle.dumps(paths))
        job = instructions("worker", 1, listed, args.checkout) - instructions("worker", 0, listed, args.checkout)
        chars = sum(len(Path(p).read_text(encoding="utf-8")) for p in paths) / len(paths)
        print(f"a worker's job: {job / len(paths) / 1e6:,.1f} million instructions per generated report "
              f"({len(paths)} reports of {chars:,.0f} characters on average)")


if __name__ == "__main__":
    main()
