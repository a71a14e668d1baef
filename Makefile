# Two entry points for a newcomer: `make run` (the engine) and `make test` (the suite).
# Each creates .venv/ on first use and installs only what changed since (stamp files).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The supervision board's browser test drives Debian's Chromium (the only browser build the
# package registries offer); `make test` installs it once with apt when it is missing.
CHROMIUM := /usr/bin/chromium
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck bench clean-data

run: $(RUN_STAMP)
	$(PY) worker.py --hint

test: $(DEV_STAMP) $(CHROMIUM)
	$(PY) -m pytest

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(DEV_STAMP)
	$(VENV)/bin/mypy checks periods scoring contracts kernel procedures activities cli service api security starter.py worker.py engine.py settings.py logs.py

bench: $(DEV_STAMP)
	$(PY) bench/deadlines.py
	$(PY) bench/scoring.py
	$(PY) bench/history_sizes.py
	$(PY) bench/ratio.py

clean-data:
	rm -rf .data

$(CHROMIUM):
	@echo "Installing Debian's chromium for the board's browser test (apt, as root or with sudo)"
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium >/dev/null

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(RUN_STAMP)
