# Abdi: the two commands are `make demo` and `make test` (README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# PostgreSQL for the second test run: ABDI_TEST_DATABASE_URL, else the local socket if a server answers.
PG_URL ?= $(or $(ABDI_TEST_DATABASE_URL),postgres:///abdi)

.PHONY: demo test test-sqlite test-postgres lint messages bench-synth bench-load clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/abdi demo

test: $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check abdi bench

test-sqlite: $(STAMP)
	env -u ABDI_DATABASE_URL ABDI_HOME=$(CURDIR)/var/test-sqlite $(BIN)/pytest -p no:cacheprovider -m "not browser and not schemathesis and not postgres"

test-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.replace('postgres:','postgresql:',1), dbname='postgres', connect_timeout=5).close()" 2>/dev/null; then \
		ABDI_DATABASE_URL='$(PG_URL)' ABDI_HOME=$(CURDIR)/var/test-pg $(BIN)/pytest -p no:cacheprovider; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at $(PG_URL); CI needs it" >&2; exit 1; \
	else echo "PostgreSQL not reachable at $(PG_URL): PostgreSQL run skipped" >&2; fi

# The English catalog of the UI (Indonesian is the source language): extract, then compile (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/abdi makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore='*/tests/*'
	$(BIN)/abdi compilemessages -l en --ignore=.venv --ignore=var

bench-synth: $(STAMP)
	$(BIN)/python -m bench.synth

bench-load: $(STAMP)
	$(BIN)/python -m bench.load

clean:
	rm -rf var/test-sqlite var/test-pg var/test-artifacts
