# Spred — the README's two commands (`make run`, `make test`) and CI's full check (`make check`).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/spred
MANAGE := $(BIN)/python manage.py

.PHONY: run test check lint typecheck pytest pytest-postgres browser setup messages openapi clean

# A stamp per dependency set, so a second `make run` does not reinstall.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

var:
	mkdir -p var

## Translations are compiled from spred/locale/*/LC_MESSAGES/django.po (pure Python, no gettext needed).
messages: $(VENV)/.installed
	$(MANAGE) compile_translations

setup: $(VENV)/.installed var messages
	SPRED_DEMO=1 $(MANAGE) migrate --no-input
	SPRED_DEMO=1 $(MANAGE) load_reference
	SPRED_DEMO=1 $(MANAGE) load_demo
	SPRED_DEMO=1 $(MANAGE) collectstatic --no-input --verbosity 0

run: setup
	@SPRED_DEMO=1 $(MANAGE) demo_logins --url http://127.0.0.1:$(PORT)/
	SPRED_DEMO=1 $(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) \
		--workers 2 --threads 4 --access-logfile - --forwarded-allow-ips=127.0.0.1

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy spred config

pytest: $(VENV)/.installed-dev messages
	$(BIN)/pytest -m "not browser" -q

test: lint typecheck pytest

pytest-postgres: $(VENV)/.installed-dev messages
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -q

browser: $(VENV)/.installed-dev messages
	$(BIN)/pytest -m browser -q -p no:randomly

check: test pytest-postgres browser
	$(BIN)/python scripts/check_translations.py

openapi: $(VENV)/.installed-dev
	$(MANAGE) export_openapi docs/api/openapi.json

clean:
	rm -rf $(VENV) var staticfiles
