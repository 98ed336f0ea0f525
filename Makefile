# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint check bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP) ## run the whole pipeline on the bundled demo site
	$(BIN)/watcher demo

test: $(STAMP) lint ## lint, then the full test suite
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check watcher tests bench
	$(BIN)/ruff format --check watcher tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: test

bench: $(STAMP) ## the benchmarks: pipeline (1,000 local pages) and analysis speed
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_analysis.py

eval: $(STAMP) ## grade the analyser on ../shared/eval/dev/cases.jsonl with the shared scorer
	$(BIN)/python bench/eval_analysis.py $(CASES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
