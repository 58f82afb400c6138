# Two commands on a fresh clone:
#   make briefing   installs what the offline job needs and runs it on corpus/ into out/
#   make test       installs everything (torch CPU, transformers, ctranslate2, linters) and runs
#                   the tests, the development-set quality gate, ruff and mypy
# Installs come from the hashed lock files in requirements/, so a fresh clone gets exactly
# what was tested; `make lock` refreshes them from pyproject.toml.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --require-hashes --no-deps

.PHONY: briefing test check lint bench lock

$(VENV)/.base: requirements/base.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) -r requirements/base.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.full: requirements/full.lock $(VENV)/.base
	$(PIP) -r requirements/full.lock
	touch $@

briefing: $(VENV)/.base
	$(VENV)/bin/briefing run corpus --out out

test: $(VENV)/.full
	$(PY) -m pytest
	$(MAKE) lint

lint: $(VENV)/.full
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

bench: $(VENV)/.full
	$(PY) benchmarks/run.py

# Resolve pyproject.toml's ranges again (torch stays the CPU build) and pin every package with
# its hashes: the full set first, then the base install constrained to the same versions.
lock:
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra neural --extra ct2 --extra ray --extra test --extra lint \
	  -c requirements/torch-cpu.in --find-links /opt/wheels --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" --upgrade -o requirements/full.lock
	$(VENV)/bin/uv pip compile pyproject.toml -c requirements/full.lock --generate-hashes \
	  --python-version 3.11 --custom-compile-command "make lock" -o requirements/base.lock
