# kg: two commands set up and verify everything: `make install` then `make test`.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
OUT     ?= out

.PHONY: install system-deps test lint build measure bench notebook clean

install: system-deps $(BIN)/kg

# TORCH_INDEX: where pip takes torch from before anything else. Empty (the default) means pip's
# own configuration: here that finds the CPU wheel on disk; on other machines plain PyPI serves
# the CUDA build (several GB), so there use `make install TORCH_INDEX=<PyTorch's CPU wheel
# index>` (see README, "Install").
TORCH_INDEX ?=

$(BIN)/kg: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(if $(TORCH_INDEX),$(BIN)/pip install --quiet --index-url $(TORCH_INDEX) -c constraints.txt torch)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# Debian packages the tests need (headless Chromium for the HTML view test).
system-deps:
	bash scripts/install-system-deps.sh

test:
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

lint:
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/mypy

build:
	$(BIN)/kg build seeds/ -o $(OUT)/

# The CONTRACT metrics on the seeds and on the visible dev sets (dev, dev2: measurement only,
# kept outside this repository in $(SHARED)).
SHARED ?= ../shared
measure: $(BIN)/kg
	$(BIN)/kg build $(SHARED)/seeds -o $(OUT)/measure/seeds -q
	$(BIN)/kg eval $(OUT)/measure/seeds/graph.ttl --gold $(SHARED)/gold/seeds.json
	$(BIN)/kg build $(SHARED)/dev/docs -o $(OUT)/measure/dev -q
	$(BIN)/kg eval $(OUT)/measure/dev/graph.ttl --gold $(SHARED)/dev/gold.json
	$(BIN)/kg build $(SHARED)/dev2/docs -o $(OUT)/measure/dev2 -q
	$(BIN)/kg eval $(OUT)/measure/dev2/graph.ttl --gold $(SHARED)/dev2/gold.json

bench:
	$(BIN)/python benchmarks/run_all.py

# JupyterLab on notebooks/explore.ipynb with a kernel of this .venv (named "kg"); the notebook
# extras are installed on first use.
notebook: $(BIN)/kg
	$(BIN)/pip install --quiet -c constraints.txt -e '.[notebook]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name kg --display-name "kg (.venv)"
	$(BIN)/jupyter lab notebooks/explore.ipynb

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
