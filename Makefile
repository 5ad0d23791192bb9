# Two commands for a newcomer: `make run` and `make test`. Everything installs from here.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup run test test-fast bench bench-scale index lint clean

setup: $(STAMP)

# This environment sets PYTHONDONTWRITEBYTECODE=1. Without .pyc files every process compiles
# all it imports again: torch, chromadb, transformers and the rest cost 12 s of CPU per start.
# Under make, Python writes them (an empty value switches the setting off).
export PYTHONDONTWRITEBYTECODE :=

# What the bot and the tests import at start-up, compiled once in setup; the rest is compiled
# on first use. Byte-compiling all of site-packages instead (compileall) took 53 s of CPU for
# 20,961 files, of which a start imports 3,808.
WARM_IMPORTS := torch, sentence_transformers, chromadb, langchain_openai, langchain_ollama, \
	bot.cli.app, bot.knowledge.service, bot.index.store, bot.index.e5_encoder, bot.slack.app, \
	jobs.scheduler, pytest, xdist

# Torch first: pinned to the local CPU wheel; any other resolution pulls several GB of CUDA.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile torch==2.13.0
	$(PY) -m pip install --quiet --no-compile -e '.[test]'
	$(PY) -c 'import $(WARM_IMPORTS)'
	@touch $(STAMP)

index: setup
	$(PY) -m bot index

# A broken file must not keep the bot from starting: index reports it and exits 1.
run: setup
	@$(PY) -m bot index || echo "Let op: niet alles kon worden geïndexeerd (zie hierboven); de bot start met wat wel gelukt is."
	$(PY) -m bot start

# The layer contracts (pyproject.toml, [tool.importlinter]) first: a wrong import fails in a second.
# One pytest worker more than there are cores (at most 4): the suite waits on sockets, servers
# and timeouts for almost half its time (warm, 2 cores: 135 s CPU in 120 s with 2 workers),
# so a third worker fills that (85 s). `make test PYTEST_ARGS=-n0` runs serially.
PYTEST_WORKERS = $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n < 4 ? n + 1 : 4 )))
PYTEST_ARGS ?= -n $(PYTEST_WORKERS)
test: setup
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q $(PYTEST_ARGS)

# The unit tier only (tests/conftest.py assigns the tiers): under a minute.
test-fast: setup
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -m unit

bench: setup
	$(PY) -m bot bench --questions $(SHARED)/eval/dev.jsonl --scorer $(SHARED)/eval/score.py
	$(PY) -m jobs.phrase_bench

# 1x and 64x the knowledge base with a stand-in model; `make bench-scale ARGS=--real`: the real model at 16x.
bench-scale: setup
	$(PY) -m bot.cli.bench_scale $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) data .pytest_cache
