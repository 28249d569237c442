# stancekit: `make demo` and `make test` work on a fresh machine (they create .venv first).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stancekit-installed
SEED   ?= ../shared/seed/milley_iran_article.txt
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: demo test test-all lint install train bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned by constraints.txt (a CPU wheel from the local disk); then the package.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt "torch==2.13.0"
	$(PIP) install -q -c constraints.txt -e ".[dev]"
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/stancekit analyze $(SEED)

test: $(STAMP)
	$(BIN)/ruff check stancekit tests benchmarks
	$(BIN)/mypy stancekit benchmarks
	$(BIN)/python -m pytest -q

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -m ""

lint: $(STAMP)
	$(BIN)/ruff check stancekit tests benchmarks
	$(BIN)/mypy stancekit benchmarks

train: $(STAMP)
	$(BIN)/python -m stancekit.train --out models/stance-minilm-$$(date +%Y-%m-%d) --set-default

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
