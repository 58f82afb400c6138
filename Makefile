# Two commands on a fresh clone:
#   make briefing   installs what the offline job needs and runs it on corpus/ into out/
#   make test       installs everything (torch CPU, transformers, ctranslate2) and runs the tests
VENV ?= .venv
PY := $(VENV)/bin/python
# A CPU build of torch; a bare `torch` requirement pulls a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: briefing test bench

$(VENV)/.base: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.full: $(VENV)/.base
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[neural,ct2,test]"
	touch $@

briefing: $(VENV)/.base
	$(VENV)/bin/briefing run corpus --out out

test: $(VENV)/.full
	$(PY) -m pytest

bench: $(VENV)/.full
	$(PY) benchmarks/run.py
