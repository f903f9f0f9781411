# Querschnitt – the two commands for a fresh machine are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= querschnitt.settings.dev

.PHONY: demo test test-fast lint messages install clean browser bench bench-load audit

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate, load the demo data and serve it on http://127.0.0.1:$(PORT)
demo: $(STAMP)
	$(BIN)/querschnitt migrate --no-input -v 0
	$(BIN)/querschnitt demo
	@echo
	@echo "Querschnitt läuft auf http://127.0.0.1:$(PORT)/  (beenden mit Strg+C)"
	@echo
	$(BIN)/querschnitt runserver 127.0.0.1:$(PORT) --skip-checks

## make test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set)
test: $(STAMP) browser
	DJANGO_SETTINGS_MODULE=querschnitt.settings.test $(BIN)/python -m pytest -q -n auto --dist loadfile

## browser tests need Debian's Chromium; install it if it is missing and we may (root)
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "Chromium fehlt: sudo apt-get install chromium"; }

## make bench: on fresh databases, record in docs/benchmarks.md: the demo report's build time; pages, APIs, OParl and a
## dot vote with 500 voters on the synthetic state-wide data set (SQLite and PostgreSQL); the load scenario (50 users)
bench: $(STAMP)
	$(BIN)/querschnitt bench_report --runs $${RUNS:-3}
	$(BIN)/querschnitt bench --scale $${SCALE:-1.0}
	$(MAKE) --no-print-directory bench-load

## make bench-load: the load scenario (locust, 50 users for 60 s) against gunicorn on a fresh demo database (SQLite)
bench-load: $(STAMP)
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; export QUERSCHNITT_DATA_DIR="$$tmp"; \
		$(BIN)/querschnitt migrate --no-input -v 0; QUERSCHNITT_TASKS_IMMEDIATE=1 $(BIN)/querschnitt demo >/dev/null; \
		$(BIN)/querschnitt bench_load --users $${USERS:-50} --seconds $${SECONDS_LOAD:-60} --dataset Demodaten

## make audit: known vulnerabilities of the pinned dependencies (needs pypi.org's advisory data; fails if a package
## cannot be checked, so a silent "nothing found" never hides an audit that did not happen)
audit: $(STAMP)
	$(BIN)/pip-audit -r constraints.txt --no-deps --disable-pip --strict --progress-spinner off

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check querschnitt tests conftest.py
	DJANGO_SETTINGS_MODULE=querschnitt.settings.test $(BIN)/querschnitt makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=querschnitt.settings.test $(BIN)/mypy

## make messages: refresh the German and English message catalogues and compile them
# Apps with a locale/ folder of their own keep their catalogue there; everything else is in querschnitt/locale.
messages: $(STAMP)
	cd querschnitt && ignores=$$(for d in */locale; do printf -- "--ignore=%s/* " "$${d%/locale}"; done) \
		&& set -f && ../$(BIN)/querschnitt makemessages -l de -l en --no-obsolete --ignore='static/*' $$ignores
	for d in querschnitt/*/locale; do (cd $$(dirname $$d) && ../../$(BIN)/querschnitt makemessages -l de -l en --no-obsolete); done
	cd querschnitt && ../$(BIN)/querschnitt compilemessages

clean:
	rm -rf $(VENV) var
