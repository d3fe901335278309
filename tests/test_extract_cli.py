"""`planwatch extract` on a batch: bad files get one clear line each and the rest goes on."""

import json
import os
import subprocess
import sys
from pathlib import Path

from formats import make_docx_bomb, make_pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = sorted((ROOT / "examples").glob("*计划执行情况*.txt"))[0]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    cli = Path(sys.executable).parent / "planwatch"
    return subprocess.run([str(cli), "extract", *args], capture_output=True, input=stdin, timeout=120)


def test_a_batch_with_bad_files(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 64)
    pdf = make_pdf("澜泽市地区生产总值增长6%左右。", tmp_path / "whole.pdf")
    (folder / "truncated.pdf").write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
    make_pdf("地区生产总值增长6%左右。", folder / "locked.pdf", encrypt="secret")
    make_docx_bomb(folder / "bomb.docx")
    with open(folder / "huge.txt", "wb") as f:  # 50 MB, sparse: cheap to make
        f.truncate(50 * 1024 * 1024)
    os.symlink(tmp_path / "nowhere.txt", folder / "unreadable.txt")

    result = run(str(folder), "--format", "jsonl")

    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    for name in ("empty.txt", "garbage.txt", "truncated.pdf", "locked.pdf", "bomb.docx", "huge.txt", "unreadable.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    figures = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert {f["doc"] for f in figures} == {"good.txt"}
    assert any(f["indicator"] == "gdp" for f in figures)


def test_stdin_and_formats(tmp_path):
    text = "一、2023年工作回顾\n全年地区生产总值增长5.2%。\n二、2024年工作安排\n地区生产总值增长6%左右。\n"
    result = run("-", "--format", "csv", "--region", "云川市", "--year", "2024", stdin=text.encode("gb18030"))
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("doc,region,year,period,kind,indicator")
    assert any("云川市,2024,,target,gdp" in line for line in lines)
    assert any("云川市,2023,,actual,gdp" in line for line in lines)
    table = run(str(EXAMPLE), "--format", "table")
    assert table.returncode == 0
    assert "地区生产总值" in table.stdout.decode()


def test_one_unreadable_path_does_not_drop_the_batch(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    bad = ["a" * 300 + ".txt", str(tmp_path / "missing.txt"), "", "http://127.0.0.1:9/gone.html"]

    result = run(str(good), *bad, str(other))

    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and "Usage:" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad), errors
    assert "file name too long" in errors[0] and "no such file" in errors[1] and "empty path" in errors[2]
    assert errors[3].startswith("error: http://127.0.0.1:9/gone.html: ")
    figures = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert {f["doc"] for f in figures} == {"good.txt", "other.txt"}
    assert sum(f["doc"] == "good.txt" for f in figures) == sum(f["doc"] == "other.txt" for f in figures) > 10


def test_a_file_in_two_encodings_gives_the_figures_of_both_halves(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    half = len(lines) // 2
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("".join(lines[:half]).encode("utf-8") + "".join(lines[half:]).encode("gb18030"))

    got, expected = run(str(mixed)), run(str(EXAMPLE))

    assert got.returncode == 0, got.stderr.decode()
    assert got.stderr.decode().startswith(f"warning: {mixed}: mixed encodings, decoded line by line (utf-8: lines 1-")
    figures = [json.loads(line) for line in got.stdout.decode().splitlines()]
    whole = [json.loads(line) for line in expected.stdout.decode().splitlines()]
    half_way = len("".join(lines[:half]))
    assert any(f["start"] < half_way for f in figures) and any(f["start"] > half_way for f in figures)
    assert [{**f, "doc": None} for f in figures] == [{**f, "doc": None} for f in whole]


def test_a_document_that_does_not_say_whose_it_is_is_named_in_a_warning(tmp_path):
    (tmp_path / "anonymous.txt").write_text("各位代表：\n全县地区生产总值增长6%左右。\n", encoding="utf-8")
    (tmp_path / "placed.txt").write_text(
        "云川市2024年政府工作报告\n各位代表：\n一、2023年工作回顾\n全市地区生产总值增长5%。\n", encoding="utf-8")
    result = run(str(tmp_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    warnings = [line for line in result.stderr.decode().splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2 and all("anonymous.txt" in line for line in warnings), warnings
    assert any("--region" in line for line in warnings) and any("--year" in line for line in warnings)
    assert {json.loads(line)["doc"] for line in result.stdout.decode().splitlines()} == {"anonymous.txt", "placed.txt"}


def test_the_script_knows_the_module_of_every_command():
    """`planwatch NAME` imports only the module `cli.COMMANDS` names for NAME: each command must be there."""
    from planwatch.cli import COMMANDS, MODULES, build

    for module in MODULES:
        names = [c.name or c.callback.__name__ for c in build([module]).registered_commands]
        assert names and all(COMMANDS.get(name) == module for name in names), module
    assert len(build(MODULES).registered_commands) == len(COMMANDS)


def test_extract_starts_without_the_other_commands_modules():
    code = ("import sys; sys.argv = ['planwatch', 'extract', sys.argv[1]]\n"
            "from planwatch.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'sqlalchemy', 'httpx', 'fastapi')"
            " or m.startswith('planwatch.commands.') and m not in ('planwatch.commands.extract',"
            " 'planwatch.commands.pipes')), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and '"indicator": "gdp"' in result.stdout
    assert result.stderr.splitlines()[-1] == "[]"
