# Quick start: `make demo` and `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system demo test bench fast pure clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests need (fonts, PostgreSQL, Chromium); skipped when already present.
system:
	scripts/system-deps.sh

DEMO_DB := sqlite:///demo.db

# The main job on the bundled examples: figures extracted, then the books (scorecard, annex, levels).
demo: setup
	$(BIN)/planwatch extract examples/*.txt --format table --catalog-only
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/planwatch ingest examples/*.txt --db $(DEMO_DB)
	$(BIN)/planwatch scorecard --db $(DEMO_DB)
	$(BIN)/planwatch annex --db $(DEMO_DB) --region 澜泽市 --year 2024
	$(BIN)/planwatch compare --db $(DEMO_DB) --year 2024

# The suite runs on the compiled engine, and compares it with pure Python (tests/test_compiled.py).
test: setup system fast
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/extract_speed.py

# Optional for use (`make test` builds it): the reading engine's hot modules compiled with mypyc (needs a C
# compiler); same output, faster. Used while their sources are unchanged (an edited module runs as Python
# until `make fast` again, which builds only when a source changed).
fast: setup
	$(BIN)/pip install -q -e '.[fast]'
	$(BIN)/python scripts/build_fast.py

pure:
	$(BIN)/python scripts/build_fast.py --clean

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo.db*
