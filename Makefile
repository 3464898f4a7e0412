# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else here is what those two call, and a few chores for developers.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# The first Python >= 3.11 on PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: demo test lint typecheck unit lock openapi clean-venv

demo: $(STAMP)
	$(BIN)/stockagent demo

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

# The virtual environment is rebuilt only when the lock file or pyproject.toml changed.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "StockAgent needs Python >= 3.11 on PATH (python3.11, python3.12 or python3)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Re-pin every dependency after editing pyproject.toml (needs the registry).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
		--python-version 3.11 -o requirements.lock

# Regenerate the committed OpenAPI document after changing the API.
openapi: $(STAMP)
	$(BIN)/python -m web.openapi > web/openapi.json

clean-venv:
	rm -rf $(VENV)
