# Goodwill — two commands: `make run` (set up, seed, serve) and `make test` (set up, run the suite).
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
NEO4J := $(PY) ops/neo4j/neo4jctl.py

.PHONY: run test venv neo4j neo4j-stop postgres postgres-stop seed serve bench fuzz lint clean

venv: $(VENV_STAMP)
$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV_STAMP)

neo4j: venv
	$(NEO4J) start

neo4j-stop:
	$(NEO4J) stop

postgres:
	bash ops/postgres/pgctl.sh start

postgres-stop:
	bash ops/postgres/pgctl.sh stop

lint: venv
	.venv/bin/ruff check .
