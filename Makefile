# Goodwill — two commands: `make run` (set up, seed, serve) and `make test` (set up, run the suite).
# Everything is installed by these targets on a fresh machine; second runs reuse what is there.
# Settings: the environment, then ./.env here (or $GOODWILL_ENV_FILE), read alike by goodwill,
# ops/neo4j/neo4jctl.py and ops/postgres/pgctl.sh, which every recipe runs from this folder.
SHELL := /bin/bash
PY := .venv/bin/python
GOODWILL := .venv/bin/goodwill
VENV_STAMP := .venv/.installed
NEO4J := python3 ops/neo4j/neo4jctl.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
FUZZ_EXAMPLES ?= 20000
FUZZ_KILLS ?= 40

GRAPHQL_CORE_32 := var/clients/graphql-core-3.2
GRAPHQL_JS := tests/clients/graphql-js
NEO4J_GRAPHQL := bench/neo4j_graphql

.PHONY: run test setup venv neo4j neo4j-stop postgres postgres-stop browser clients seed serve \
        bench bench-smoke fuzz lint compose-check stop clean

run: setup seed serve

test: setup postgres browser clients compose-check
	export GOODWILL_TEST_POSTGRES_URL="$$(bash ops/postgres/pgctl.sh url)"; \
	.venv/bin/pytest $(PYTEST_ARGS)

setup: venv neo4j

venv: $(VENV_STAMP)
$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV_STAMP)

neo4j:
	$(NEO4J) start

neo4j-stop:
	$(NEO4J) stop

postgres:
	bash ops/postgres/pgctl.sh start

postgres-stop:
	bash ops/postgres/pgctl.sh stop

# Debian's Chromium for the GraphiQL browser test (installed only where apt-get may run).
browser:
	bash ops/chromium.sh

# docker-compose.yml as Compose reads it (`config`, no engine needed; installs Debian's
# docker-compose where neither it nor `docker compose` is found).
compose-check:
	bash ops/compose/check.sh

# The GraphQL client libraries the schema must load in, for
# tests/integration/api/test_client_schemas.py: graphql-core 3.2.4 (the newest that gql 3.5
# accepts) beside the venv's 3.3, and graphql-js 16 from its lockfile; and @neo4j/graphql, the
# anchor of bench/library_comparison.py (tests/integration/bench/test_library_comparison.py).
clients: $(GRAPHQL_CORE_32)/.installed-3.2.4 $(GRAPHQL_JS)/node_modules/.package-lock.json \
	$(NEO4J_GRAPHQL)/node_modules/.package-lock.json

$(GRAPHQL_CORE_32)/.installed-3.2.4: $(VENV_STAMP)
	rm -rf $(GRAPHQL_CORE_32)
	$(PY) -m pip install -q --no-deps --target $(GRAPHQL_CORE_32) 'graphql-core==3.2.4'
	touch $@

$(GRAPHQL_JS)/node_modules/.package-lock.json: $(GRAPHQL_JS)/package-lock.json
	npm ci --prefix $(GRAPHQL_JS) --no-audit --no-fund

seed: setup
	$(GOODWILL) demo seed --with-imports --url http://$(HOST):$(PORT)/graphql

serve: setup
	$(GOODWILL) serve --host $(HOST) --port $(PORT)

$(NEO4J_GRAPHQL)/node_modules/.package-lock.json: $(NEO4J_GRAPHQL)/package-lock.json
	npm ci --prefix $(NEO4J_GRAPHQL) --no-audit --no-fund

bench: setup postgres clients
	export GOODWILL_BENCH_POSTGRES_URL="$$(bash ops/postgres/pgctl.sh url)"; \
	$(PY) -m bench.run && $(PY) -m bench.scale_out
	$(PY) -m bench.library_comparison
	$(PY) -m bench.privacy_cost
	$(PY) -m bench.rebuild_heap
	$(PY) -m bench.analyst_isolation
	$(PY) -m bench.api_throughput
	$(PY) -m bench.import_speed
	$(PY) -m bench.rebuild_offline
	$(PY) -m bench.growth

bench-smoke: setup
	$(PY) -m bench.run --smoke

fuzz: setup postgres
	export GOODWILL_TEST_POSTGRES_URL="$$(bash ops/postgres/pgctl.sh url)"; \
	GOODWILL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) GOODWILL_FUZZ_KILLS=$(FUZZ_KILLS) \
	.venv/bin/pytest -m fuzz tests

lint: venv
	.venv/bin/ruff check .
	.venv/bin/mypy

stop: neo4j-stop postgres-stop

clean: stop
	rm -rf var .venv
