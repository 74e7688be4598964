# Two commands for a new machine: `make run` (the app with demo data) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run serve test lint vendor worker beat bench stopdb clean schema

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

# The app on http://127.0.0.1:$(PORT) with demo data, on $DATABASE_URL or an embedded PostgreSQL.
run: install
	@export DATABASE_URL="$$($(PY) scripts/devdb.py)" && \
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py seed_demo && \
	  echo "Serving on http://127.0.0.1:$(PORT)/" && \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite against real PostgreSQL (local server, or embedded) and real Redis.
test: install
	@export DATABASE_URL="$$($(PY) scripts/devdb.py --allow-local)" && \
	  $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) scripts/check_scoping.py

# Regenerates the committed OpenAPI schema; tests/api/test_schema.py fails when it is stale.
schema: install
	DJANGO_SETTINGS_MODULE=tcp.settings.test $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

vendor:
	bash scripts/vendor_static.sh

worker: install
	$(VENV)/bin/celery -A tcp worker -l info

beat: install
	$(VENV)/bin/celery -A tcp beat -l info

# The national-scale benchmark (not part of `make test`): re-creates the databases tcp_bench_national and
# tcp_bench_small on DATABASE_URL's server, writes bench/results.json and bench/RESULTS.md.
bench: install
	@export DATABASE_URL="$$($(PY) scripts/devdb.py --allow-local)" && $(PY) -m bench

stopdb:
	$(PY) scripts/devdb.py --stop

clean:
	rm -rf $(VENV) .data
