# Penjelas. `make build` and `make test` set everything up themselves (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
BUILD_ARGS := $(if $(BASE_URL),--base-url "$(BASE_URL)",)

.DEFAULT_GOAL := build
.PHONY: build check test lint golden clean

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
	$(BIN)/python build.py check

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check penjelas tests build.py
	$(BIN)/ruff format --check penjelas tests build.py
	$(BIN)/mypy

# Regenerate the golden end-to-end output on purpose, after reviewing what changed.
golden: $(DEV_STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf output $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts

# The long property-based run (thousands of generated content trees); `make test` runs 50 per test.
.PHONY: fuzz
fuzz: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics $(PYTEST_ARGS)
