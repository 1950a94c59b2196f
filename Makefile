# Wirework — the two commands: `make run` (server on the embedded default) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/wirework serve

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/wirework/engine src/wirework/model

bench: install
	$(BIN)/python bench/expressions.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
