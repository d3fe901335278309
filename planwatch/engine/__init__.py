"""The reading engine: what a document says about itself, and the figures it states.

A pure function of the loaded text (no database, no network), in the order a document goes through it:

- `facts` (with the gazetteer `regions`): whose document it is, what it is, which years it reviews and plans;
- `normalize`: full-width → half-width, spaces, broken lines, through an offset map;
- `structure`, `tables`: parts (review / plan), sections, sentences, tables;
- `quantities`, `numbers`: number, magnitude, unit and comparator as one span;
- `extract`: the figures, each grounded in the text as loaded;
- `catalog` and `grammar/`: the indicators and every word the engine knows, as data.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

# `make fast` (scripts/build_fast.py) compiles these modules with mypyc into COMPILED, with the SHA-256 of
# each source in SOURCES_FILE. They are imported from there only while every source is unchanged and
# PLANWATCH_PURE is unset; otherwise, and without a build, the engine is pure Python (same output).
COMPILED_MODULES = ("numbers", "quantities", "normalize", "structure", "periods", "tables", "extract", "scan", "page",
                    "facts", "bisection", "word_runs")
COMPILED = Path(__file__).resolve().parents[2] / "build" / "fast" / "planwatch" / "engine"
SOURCES_FILE = "sources.json"


def _compiled_is_current() -> bool:
    try:
        built = json.loads((COMPILED / SOURCES_FILE).read_text(encoding="utf-8"))
        here = Path(__file__).parent
        return set(built) == set(COMPILED_MODULES) and all(
            hashlib.sha256((here / f"{name}.py").read_bytes()).hexdigest() == built[name] for name in built)
    except (OSError, ValueError):
        return False


USING_COMPILED = not os.environ.get("PLANWATCH_PURE") and _compiled_is_current()
if USING_COMPILED:
    __path__.insert(0, str(COMPILED))
