# Two commands for a newcomer with Python 3.11 and nothing else:
#   make run   install, migrate, seed demo data, start the site on http://127.0.0.1:8000
#   make test  install, then lint, check migrations and run the whole test suite
# Neither needs an environment variable, a key or a running service.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format clean translations messages slow-checks static-gates api-fuzz fault-drills

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "supportsite needs Python 3.11 or newer (found $(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

# Every .po in the repository (locale/, <app>/locale/) to the .mo Django reads, with
# Babel: no GNU gettext needed. Only what changed is compiled, so it runs every time.
translations: $(VENV)/.installed-runtime
	$(BIN)/python manage.py compile_translations

# For translators: the .po files brought up to date with the strings in the code and
# templates (GNU gettext's xgettext and msgmerge); then translate, and commit the .po.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages --all --no-obsolete
	$(BIN)/python manage.py makemessages --all --no-obsolete --domain djangojs

run: $(VENV)/.installed-runtime translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --no-logins
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) DEMO_LOGINS=1 ./bin/serve

lint: $(VENV)/.installed-dev translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest

# Checks that start servers or scan the whole tree: CI runs them once, after the
# PostgreSQL pass (they need DATABASE_URL pointing at PostgreSQL, and REDIS_URL).
slow-checks: static-gates api-fuzz fault-drills

# bandit's settings (what it skips) are in pyproject.toml; a finding proven false is
# marked `# nosec Bxxx` on its line, with the reason.
static-gates: $(VENV)/.installed-dev
	$(BIN)/bandit -c pyproject.toml -r . -ll -q

# RELIABILITY case 14: schemathesis against /api/schema/ as a customer and as an agent,
# every check, on a database of its own on DATABASE_URL's server (bin/api-fuzz). The
# script keeps to 8 minutes; `timeout` is the backstop.
api-fuzz: $(VENV)/.installed-dev
	timeout -k 20 510 $(BIN)/python bin/api-fuzz

# RELIABILITY cases 2-4 through real processes (drills/): daphne SIGKILLed, PostgreSQL
# restarted, every backend terminated, with 20 chat clients; on a PostgreSQL cluster the
# drills make for themselves (never the shared one) and Redis database 7. Figures at the
# end. About 3.5 minutes, each drill bounded to 90 s; `timeout` is the backstop.
fault-drills: $(VENV)/.installed-dev
	timeout -k 20 900 $(BIN)/pytest -p no:cacheprovider drills/

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
