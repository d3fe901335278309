"""The package's layers: a module imports only from its own layer or those below it.

The map below is the one place the layers are written down, in the order a document goes through
planwatch. Every import of every module is read (those inside functions too), so a lazy import that
runs upward fails here as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import planwatch

PACKAGE = Path(planwatch.__file__).parent

LAYERS: list[tuple[str, ...]] = [
    ("planwatch.version", "planwatch.models", "planwatch.sheets"),      # the vocabulary, and tables written out
    ("planwatch.engine", "planwatch.load", "planwatch.fetch"),          # reading: bytes → text → facts, figures
    ("planwatch.pipeline",),                                            # the path of one document
    ("planwatch.store", "planwatch.corrections", "planwatch.validation"),  # the books' storage, what may go in
    ("planwatch.assess",),                                              # judgments: verdicts, annex, levels
    ("planwatch.ingest", "planwatch.pool", "planwatch.export", "planwatch.dataset", "planwatch.synth",
     "planwatch.amend"),                                                # services
    ("planwatch.commands", "planwatch.web", "planwatch.cli"),           # presentation
    ("planwatch",),                                                     # the public face
]


def layer_of(module: str) -> int:
    """The layer of the longest prefix of `module` in the map."""
    best, depth = None, -1
    for n, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and name.count(".") > depth:
                best, depth = n, name.count(".")
    if best is None:
        raise KeyError(f"{module} is in no layer: add it to LAYERS")
    return best


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every planwatch import in a file, `from planwatch import x` resolved to a
    submodule when x is one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "planwatch"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "planwatch":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists() \
                    or (PACKAGE.parent / sub.replace(".", "/")).is_dir()
                found.append((node.lineno, sub if is_module else node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_import_runs_upward(path: Path) -> None:
    importer = module_name(path)
    upward = [f"line {line}: {name}" for line, name in imports(path) if layer_of(name) > layer_of(importer)]
    assert not upward, f"{importer} (layer {layer_of(importer)}) imports from above: {upward}"


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        layer_of(module_name(path))


def test_the_check_reads_function_level_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from planwatch.web import app\n", encoding="utf-8")
    assert imports(source) == [(2, "planwatch.web.app")]
