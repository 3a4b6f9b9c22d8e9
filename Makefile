PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench taxonomy clean

$(BIN)/python:
	$(shell command -v $(PY) || echo python3) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test,viewer,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/disclose build
	$(BIN)/disclose build src/disclose/samples/northwind-fy2025.txt --out instances/northwind-fy2025

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python bench/run.py

taxonomy: $(STAMP)
	$(BIN)/disclose taxonomy

clean:
	rm -rf $(VENV) build src/*.egg-info
