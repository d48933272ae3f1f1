# Penjelas. `make build` and `make test` set everything up themselves (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
BUILD_ARGS := $(if $(BASE_URL),--base-url "$(BASE_URL)",)
# make check DRAFTS=1: check drafts and scheduled explainers as if they were published (is my draft ready?)
CHECK_ARGS := $(if $(DRAFTS),--drafts,)

.DEFAULT_GOAL := build
.PHONY: build check test lint golden bench clean tools audit serve new schemas measure-reload

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever a requirements file changes, so the venv never drifts from the pins.
$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

build: $(RUNTIME_STAMP)
	$(BIN)/python build.py build $(BUILD_ARGS)

check: $(RUNTIME_STAMP)
	$(BIN)/python build.py check $(CHECK_ARGS)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check penjelas tests tools bench build.py
	$(BIN)/ruff format --check penjelas tests tools bench build.py
	$(BIN)/mypy

# Regenerate the golden end-to-end output on purpose, after reviewing what changed.
golden: $(DEV_STAMP)
	$(BIN)/python -m tools.golden

# Benchmark on generated corpora (sizes: N="100 1000 5000" by default); writes bench/results.json.
# make bench PICTURES=1: every explainer with a photo (lead and figure); writes bench/results-pictures.json.
N ?= 100 1000 5000
bench: $(RUNTIME_STAMP)
	$(BIN)/python -m bench.run $(N) $(if $(PICTURES),--pictures,)

# Live preview at http://127.0.0.1:8000/ (drafts included); SERVE_ARGS="--port 8001" to change.
serve: $(RUNTIME_STAMP)
	PENJELAS_VIA_MAKE=1 $(BIN)/python build.py serve $(SERVE_ARGS)

# Start an explainer: make new TITLE="Judul explainer" [SLUG=nama-folder]
# The title and slug reach build.py exactly as typed: $(value ...) keeps make from expanding a '$' in them,
# and single quotes (a ' inside written as '\'') keep the shell from reading quotes, '$' or backticks.
shell_quote = '$(subst ','\'',$(1))'
new: $(RUNTIME_STAMP)
	$(if $(value TITLE),,$(error Tulis judulnya: make new TITLE="Judul explainer"))
	PENJELAS_VIA_MAKE=1 $(BIN)/python build.py new $(call shell_quote,$(value TITLE)) $(if $(value SLUG),--slug $(call shell_quote,$(value SLUG)),)

# Regenerate schemas/ and the VS Code mapping from penjelas/content/model.py (a test fails while they are stale).
schemas: $(RUNTIME_STAMP)
	$(BIN)/python -m penjelas.content.json_schema

# Time save-to-reload of the live preview (the method is in docs/performance.md).
measure-reload: $(DEV_STAMP)
	$(BIN)/python -m tools.measure_reload $(MEASURE_ARGS)

clean:
	rm -rf output $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
	rm -rf .cache

# The pinned npm tools for the browser quality gates (axe-core, vnu-jar, lighthouse; see package.json).
# --ignore-scripts: nothing needs an install script, and vnu-jar's would try to download a Java runtime.
NPM_STAMP := node_modules/.installed

tools: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Lighthouse on the home page, an explainer and a topic page; JSON reports in test-artifacts/lighthouse/.
audit: $(DEV_STAMP) $(NPM_STAMP)
	$(BIN)/python -m tools.audit

# The long property-based run (thousands of generated content trees); `make test` runs 50 per test.
.PHONY: fuzz
fuzz: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics $(PYTEST_ARGS)
