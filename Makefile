# Tremplin — developer entry points. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app

.PHONY: run test lint format venv install install-dev browser-deps sandboxes clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Tremplin needs Python >= 3.11 (found: $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv --without-pip $(VENV) && \
	  $(PYTHON) -m pip --version >/dev/null 2>&1 && \
	  $(PYTHON) -m pip --python $(BIN)/python install -q pip; } || \
	  { echo "Cannot create a virtual environment: install python3-venv (Debian/Ubuntu: apt-get install python3-venv)"; rm -rf $(VENV); exit 1; }

venv: $(BIN)/python

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# axe-core for the browser tests comes from npm (never a browser download); optional outside CI.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	  else echo "npm not found: browser accessibility tests will be skipped"; fi

browser-deps: node_modules/axe-core/axe.min.js

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	$(BIN)/flask demo serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-dev
	-@$(MAKE) --no-print-directory browser-deps
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

sandboxes: install
	$(BIN)/python -m plugins.sandboxes.api_particulier --port 5101 & \
	$(BIN)/python -m plugins.sandboxes.impot_particulier --port 5102 & \
	$(BIN)/python -m plugins.sandboxes.demo --port 5103; wait

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
