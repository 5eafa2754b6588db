# The two commands of the README. Each creates .venv on first use.
#   make run   – API and maps over the demo city on the embedded Neo4j (http://127.0.0.1:8000/)
#   make test  – the test suite against a real Neo4j the tests start themselves
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/praevnet serve

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not neo4j"

clean:
	-$(BIN)/praevnet db stop
	rm -rf .praevnet-test build *.egg-info
