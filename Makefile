# Quick start: `make demo` and `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests need (fonts, PostgreSQL, Chromium); skipped when already present.
system:
	scripts/system-deps.sh

demo: setup
	$(BIN)/planwatch extract examples/*.txt --format table

test: setup system
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
