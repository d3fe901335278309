"""What the engine reads from the real corpus (`../shared/corpus`), as one digest.

Each document's facts (region, level, plan and review years) and figures, as JSON lines in the order of
`metadata.jsonl`, hashed. `tests/test_corpus_digest.py` compares it with `cases/corpus_digest.toml`, so
that a change of output is always deliberate: work meant to leave output alone (speed, layout) must keep
the digest, and work that changes it records why:

    .venv/bin/python tests/corpus_digest.py --update --reason "what changed and why"
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tomllib
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
STORED = HERE / "cases" / "corpus_digest.toml"


def corpus_lines() -> list[str]:
    """One line per document (its facts) and per figure, for every report of the corpus."""
    import planwatch

    lines = []
    for entry in (json.loads(line) for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
                  if line.strip()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = planwatch.read(CORPUS / entry["file"])
        facts = document.facts
        lines.append(json.dumps({"doc": entry["file"], "region": facts.region, "level": facts.level,
                                 "plan_year": facts.plan_year, "review_year": facts.review_year},
                                ensure_ascii=False))
        for figure in planwatch.extract(document):
            lines.append(json.dumps({**figure.to_dict(), "doc": entry["file"]}, ensure_ascii=False, default=str))
    return lines


def digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def stored() -> dict:
    with STORED.open("rb") as f:
        return tomllib.load(f)


def per_document(lines: list[str]) -> Counter[str]:
    return Counter(json.loads(line)["doc"] for line in lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="store the current digest")
    ap.add_argument("--reason", help="why the output changed (required with --update)")
    args = ap.parse_args()
    lines = corpus_lines()
    now = digest(lines)
    old = stored() if STORED.exists() else {"digest": None, "history": []}
    print(f"{len(lines)} lines, digest {now} ({'unchanged' if now == old['digest'] else 'changed'})")
    if not args.update:
        return 0 if now == old["digest"] else 1
    if not args.reason:
        ap.error("--update needs --reason")
    history = [*old.get("history", []), {"date": dt.date.today().isoformat(), "digest": now,
                                         "lines": len(lines), "reason": args.reason}]
    text = ["# What the engine reads from ../shared/corpus: see tests/corpus_digest.py. Update only with a reason.",
            f'digest = "{now}"', f"lines = {len(lines)}", ""]
    for h in history:
        text += ["[[history]]", f'date = "{h["date"]}"', f'digest = "{h["digest"]}"', f"lines = {h['lines']}",
                 f"reason = {json.dumps(h['reason'], ensure_ascii=False)}", ""]
    # lines per document (its facts and figures), to see where a later change lands
    text += ["[documents]", *(f"{json.dumps(doc, ensure_ascii=False)} = {n}"
                              for doc, n in sorted(per_document(lines).items())), ""]
    STORED.write_text("\n".join(text), encoding="utf-8")
    print(f"stored in {STORED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
