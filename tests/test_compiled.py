"""The engine compiled by `make fast` (mypyc, optional) reads exactly what the pure Python reads, and a
build made from other sources is never used."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import planwatch.engine as engine

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
READ = """
import json, sys
import planwatch, planwatch.engine
for path in sys.argv[1:]:
    for figure in planwatch.extract(planwatch.read(path)):
        print(json.dumps(figure.to_dict(), ensure_ascii=False, default=str))
print(planwatch.engine.USING_COMPILED)
"""


def read_all(paths: list[Path], pure: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PLANWATCH_PURE"}
    if pure:
        env["PLANWATCH_PURE"] = "1"
    run = subprocess.run([sys.executable, "-c", READ, *map(str, paths)], capture_output=True, text=True, env=env,
                         check=True, timeout=600)
    return run.stdout.splitlines()


@pytest.mark.skipif(not engine.USING_COMPILED, reason="no compiled engine (make fast)")
def test_compiled_and_pure_engines_read_the_same():
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    compiled, pure = read_all(paths, pure=False), read_all(paths, pure=True)
    assert (compiled[-1], pure[-1]) == ("True", "False")
    assert len(compiled) > 100 and compiled[:-1] == pure[:-1]


def write_build(folder: Path, sources: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    (folder / engine.SOURCES_FILE).write_text(json.dumps(sources), encoding="utf-8")


def test_a_build_is_used_only_while_every_source_is_unchanged(tmp_path, monkeypatch):
    here = Path(engine.__file__).parent
    current = {name: hashlib.sha256((here / f"{name}.py").read_bytes()).hexdigest()
               for name in engine.COMPILED_MODULES}
    monkeypatch.setattr(engine, "COMPILED", tmp_path / "fresh")
    write_build(tmp_path / "fresh", current)
    assert engine._compiled_is_current()
    monkeypatch.setattr(engine, "COMPILED", tmp_path / "stale")
    write_build(tmp_path / "stale", {**current, "extract": "0" * 64})  # extract.py edited since the build
    assert not engine._compiled_is_current()
    monkeypatch.setattr(engine, "COMPILED", tmp_path / "partial")
    write_build(tmp_path / "partial", {"extract": current["extract"]})
    assert not engine._compiled_is_current()
    monkeypatch.setattr(engine, "COMPILED", tmp_path / "none")
    assert not engine._compiled_is_current()
