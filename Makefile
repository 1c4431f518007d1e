# kg: two commands set up and verify everything: `make install` then `make test`.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
OUT     ?= out

.PHONY: install system-deps test lint build bench clean

install: system-deps $(BIN)/kg

$(BIN)/kg: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# Debian packages the tests need (headless Chromium for the HTML view test).
system-deps:
	bash scripts/install-system-deps.sh

test:
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/pytest -q

lint:
	$(BIN)/ruff check kg tests scripts benchmarks

build:
	$(BIN)/kg build seeds/ -o $(OUT)/

bench:
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
