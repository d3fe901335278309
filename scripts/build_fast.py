"""Compile the reading engine's hot modules with mypyc: `make fast` (needs a C compiler; optional).

    .venv/bin/python scripts/build_fast.py          # build into build/fast/, unless it is current
    .venv/bin/python scripts/build_fast.py --force  # build even so
    .venv/bin/python scripts/build_fast.py --clean  # remove it: pure Python again

The compiled modules go to build/fast/planwatch/engine/ with the SHA-256 of each source they were made
from; `planwatch.engine` puts that folder first on its path only while every source is unchanged
(and PLANWATCH_PURE is unset), so an edited module is never shadowed by a stale build. Without the
build, or without a C compiler, everything runs as pure Python, with the same output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planwatch.engine import COMPILED, COMPILED_MODULES, SOURCES_FILE, _compiled_is_current  # noqa: E402


def build() -> None:
    from mypyc.build import mypycify
    from setuptools import setup

    os.chdir(ROOT)  # mypyc names the modules by their paths from here
    sources = {name: ROOT / "planwatch" / "engine" / f"{name}.py" for name in COMPILED_MODULES}
    # the sources as compiled: one edited while the build runs must not pass for built
    hashes = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sources.items()}
    work = ROOT / "build" / "fast-work"
    shutil.rmtree(COMPILED.parents[1], ignore_errors=True)
    setup(
        name="planwatch-engine-compiled",
        # type errors in the modules they import but that are not compiled do not matter here
        ext_modules=mypycify(["--follow-imports=silent", "--ignore-missing-imports",
                              *(str(p.relative_to(ROOT)) for p in sources.values())], opt_level="3",
                             group_name="planwatch.engine.compiled", target_dir=str(work / "c")),
        script_args=["build_ext", "--build-lib", str(COMPILED.parents[1]), "--build-temp", str(work / "temp")],
    )
    (COMPILED / SOURCES_FILE).write_text(json.dumps(hashes, indent=1), encoding="utf-8")
    print(f"compiled {', '.join(COMPILED_MODULES)} into {COMPILED}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules")
    ap.add_argument("--force", action="store_true", help="build even when the build is current")
    args = ap.parse_args()
    if not args.clean and not args.force and _compiled_is_current():
        print(f"the compiled engine in {COMPILED} is current")
    elif args.clean:
        shutil.rmtree(COMPILED.parents[1], ignore_errors=True)
        shutil.rmtree(ROOT / "build" / "fast-work", ignore_errors=True)
        print("removed the compiled modules: pure Python")
    else:
        build()


if __name__ == "__main__":
    main()
