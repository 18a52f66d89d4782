# Spred — the README's two commands (`make run`, `make test`) and CI's full check (`make check`:
# `make test`, the tests that need R or take minutes, the suite again on PostgreSQL, the browser
# tests, the translation check).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL run of the suite uses DATABASE_URL when it names a PostgreSQL database.
PG_URL ?= $(or $(filter postgres%,$(DATABASE_URL)),postgres://postgres@127.0.0.1:5432/spred)
MANAGE := $(BIN)/python manage.py
# pytest exits with 5 when it collected no tests; like every non-zero status, make stops on it,
# so a marker or path that matches nothing fails the check instead of passing it silently.
PYTEST := $(BIN)/pytest -q
# One test process per core, each with its own test database (in-memory SQLite, or its own
# PostgreSQL database); a module's tests stay in one process, so a scene a module builds once is
# built once.
PARALLEL := -n auto --dist loadfile
# What `make test` leaves to `make check`: tests that need a browser or R, and the API fuzzing,
# which takes minutes. `make test` needs nothing but Python.
CHECK_ONLY := browser or needs_r or fuzz
# Test runs keep compiled bytecode: rewriting the asserts of every test module again on each run
# costs seconds.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test check lint typecheck pytest pytest-outside pytest-postgres browser translations \
	setup messages messages-update openapi r-golden clean

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

# The suite on the embedded SQLite, whatever DATABASE_URL the shell has.
pytest: $(VENV)/.installed-dev messages
	DATABASE_URL= $(PYTEST) $(PARALLEL) -m "not ($(CHECK_ONLY))"

# The tests `make test` leaves out that need no browser: R as the statistical reference (Debian's
# r-base-core and r-cran-survey) and schemathesis against the OpenAPI document. Not in parallel:
# schemathesis gives all its tests one test id, and pytest-xdist would run only one of them.
pytest-outside: $(VENV)/.installed-dev messages
	@command -v Rscript >/dev/null || { echo "Rscript is not installed" \
		"(apt-get install r-base-core r-cran-survey; .ci/run does)"; exit 1; }
	DATABASE_URL= $(PYTEST) -m "(needs_r or fuzz) and not browser"

# mypy runs beside the suite: the suite leaves the cores idle while its processes start.
test: lint
	@$(MAKE) --no-print-directory -j2 typecheck pytest

pytest-postgres: $(VENV)/.installed-dev messages
	@$(BIN)/python -c 'import psycopg, sys; psycopg.connect(sys.argv[1], dbname="postgres").close()' \
		'$(PG_URL)' 2>/dev/null || { echo "PostgreSQL does not answer at $(PG_URL)" \
		"(set DATABASE_URL, or start it: .ci/run does)"; exit 1; }
	DATABASE_URL='$(PG_URL)' $(PYTEST) $(PARALLEL) -m "not (browser or fuzz)"
	DATABASE_URL='$(PG_URL)' $(PYTEST) -m "fuzz"

## axe-core for the accessibility checks, exactly as package-lock.json pins it.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Headless Chromium and chromedriver from Debian (apt-get install chromium chromium-driver).
browser: $(VENV)/.installed-dev messages node_modules/axe-core/axe.min.js
	DATABASE_URL= $(PYTEST) -m browser

translations: $(VENV)/.installed-dev messages
	$(BIN)/python scripts/check_translations.py

check: test pytest-outside pytest-postgres browser translations

## R's figures for the scenarios of spred/barometer/tests/r_survey.py, written to the file the
## Python-only tests compare with (run after changing a scenario; needs Rscript).
r-golden: $(VENV)/.installed-dev
	$(BIN)/python -m spred.barometer.tests.r_survey --write-golden

## Re-extract the Danish msgids into the English catalogue (needs GNU gettext), then list what to translate.
messages-update: $(VENV)/.installed
	$(MANAGE) makemessages -l en --no-obsolete --add-location=file --no-wrap \
		--ignore=node_modules --ignore=var --ignore=build --ignore='spred/static/*' \
		--ignore=docs --ignore=benchmarks --ignore=scripts --ignore=.venv
	-$(BIN)/python scripts/check_translations.py

openapi: $(VENV)/.installed-dev
	$(MANAGE) export_openapi docs/api/openapi.json

clean:
	rm -rf $(VENV) var staticfiles node_modules
