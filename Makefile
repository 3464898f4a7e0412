# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else here is what those two call, and a few chores for developers.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# The first Python >= 3.11 on PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: demo test lint typecheck unit lock openapi clean-venv ui ui-if-node ui-check ui-e2e

# The dashboard (ui/) needs Node >= 20 with npm; without them the agent still runs.
NPM := $(shell command -v npm 2>/dev/null)
NODE_OK := $(shell node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null && echo yes)
UI_OK := $(if $(NPM),$(NODE_OK))
UI_DEPS := ui/node_modules/.installed-stamp
UI_BUILD := web/static/index.html
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/tsconfig.json -type f ! -name '*.test.*' 2>/dev/null)

# The demo prints the dashboard's address (http://127.0.0.1:<port>/) once the API is up.
demo: $(STAMP) ui-if-node
	$(BIN)/stockagent demo

# The browser tests run last: they need the venv, the dashboard build and two free cores.
test: $(STAMP) lint typecheck ui-check unit ui-e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The live-day tests (marker live_day) trade a simulated day in wall time, mostly waiting on
# the simulator's clock: a second pytest runs them beside the rest, and their report follows.
# The rest is split in two, so both cores work while the live days wait: the unit tests, and
# the integration tests in a third pytest (with PYTEST_ARGS, e.g. one file or -k, the rest runs
# as one). Exit status 5 (no test collected) is not a failure.
SPLIT := tests/integration
unit: $(STAMP)
	@days_log=$$(mktemp); split_log=$$(mktemp); \
	$(BIN)/pytest -q -p no:cacheprovider -m live_day $(PYTEST_ARGS) > $$days_log 2>&1 & days=$$!; \
	if [ -z "$(PYTEST_ARGS)" ]; then \
		$(BIN)/pytest -q -p no:cacheprovider -m "not live_day" $(SPLIT) > $$split_log 2>&1 & split=$$!; \
		here="tests/unit"; \
	else split=; here=; fi; \
	trap 'kill $$days $$split 2>/dev/null' INT TERM; \
	$(BIN)/pytest -q -m "not live_day" $(PYTEST_ARGS) $$here; rest=$$?; \
	other=0; if [ -n "$$split" ]; then wait $$split; other=$$?; \
		echo "--- the integration tests ($(SPLIT)), run beside:"; cat $$split_log; fi; \
	wait $$days; live=$$?; \
	echo "--- the live-day tests (-m live_day), run beside the rest:"; cat $$days_log; \
	rm -f $$days_log $$split_log; \
	[ $$rest -eq 5 ] && rest=0; [ $$live -eq 5 ] && live=0; [ $$other -eq 5 ] && other=0; \
	exit $$(( rest != 0 || live != 0 || other != 0 ))

# The virtual environment is rebuilt only when the lock file or pyproject.toml changed.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "StockAgent needs Python >= 3.11 on PATH (python3.11, python3.12 or python3)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The dashboard: `npm ci` only when the lock file changed, the build only when a source did.
ui: $(UI_BUILD)

$(UI_DEPS): ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(UI_BUILD): $(UI_DEPS) $(UI_SOURCES)
	cd ui && npm run build --silent
	@touch $@

ui-if-node:
ifeq ($(UI_OK),)
	@echo "The dashboard needs Node 20+ (20.19 or newer) with npm, not found here: the agent runs without it; install Node, then 'make ui'."
else
	@$(MAKE) --no-print-directory -s ui
endif

# The dashboard's checks: strict types, generated API types up to date, component tests.
ui-check:
ifeq ($(UI_OK),)
	@if [ "$$CI" = true ]; then echo "ui-check: Node 20.19+ with npm is required in CI"; exit 1; fi
	@echo "ui-check: skipped, Node 20.19+ with npm not found"
else
	@$(MAKE) --no-print-directory $(UI_DEPS)
	cd ui && npm run --silent typecheck && npm run --silent check:generated && npm test --silent
endif

# The dashboard end to end (ui/e2e/): build it, start `stockagent demo` on a free loopback port
# with a temporary data directory, drive Debian's headless Chromium through every page, stop the
# demo. Screenshots land in ui/e2e/artifacts/. With CI=true it never skips.
E2E_CHROMIUM ?= /usr/bin/chromium
ui-e2e: $(STAMP)
ifeq ($(UI_OK),)
	@if [ "$$CI" = true ]; then echo "ui-e2e: Node 20.19+ with npm is required in CI"; exit 1; fi
	@echo "ui-e2e: skipped, Node 20.19+ with npm not found"
else
	@if [ "$$CI" != true ] && [ ! -x "$(E2E_CHROMIUM)" ]; then \
		echo "ui-e2e: skipped, no Chromium at $(E2E_CHROMIUM) (apt-get install chromium; with CI=true it must run)"; \
	else \
		$(MAKE) --no-print-directory -s ui && cd ui && npm run --silent typecheck:e2e && \
		E2E_CHROMIUM="$(E2E_CHROMIUM)" npm run --silent e2e; \
	fi
endif

# Re-pin every dependency after editing pyproject.toml (needs the registry).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
		--python-version 3.11 -o requirements.lock

# Regenerate the committed OpenAPI document after changing the API.
openapi: $(STAMP)
	$(BIN)/python -m web.openapi > web/openapi.json

clean-venv:
	rm -rf $(VENV)
