# Sirius Hub: every command a newcomer needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run serve test test-fast worker beat backup restore lint format demo clean system-deps

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

system-deps: ## Install the Debian/Ubuntu packages the platform and its tests need (root)
	scripts/system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Install everything, migrate, compile messages, collect static files
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (make system-deps)"; exit 1; }
	$(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0

demo: install ## Load the demo accounts and courses (safe to repeat)
	$(MANAGE) demo

run: demo ## Install everything and serve the demo at http://127.0.0.1:8000
	@echo "Sirius Hub: http://$(HOST):$(PORT)/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Install everything and run the whole test suite
	$(BIN)/pytest

test-fast: ## Run the tests without the browser journeys
	$(BIN)/pytest -m "not e2e"

serve: install ## Serve the platform with gunicorn and production settings from the environment
	$(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/gunicorn --config python:lms.gunicorn lms.wsgi:application

worker: install ## Run a Celery worker with the periodic tasks (beat) against CELERY_BROKER_URL
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0"; exit 1; }
	$(BIN)/celery -A lms worker --beat --loglevel=INFO --concurrency=$${CELERY_CONCURRENCY:-2}

backup: ## Save the database and the stored files into BACKUP_DIR (default: backups/<date>)
	$(BIN)/python manage.py backup $${BACKUP_DIR:+--to "$$BACKUP_DIR"}

restore: ## Restore the database and the stored files from BACKUP_DIR (an empty database)
	@test -n "$$BACKUP_DIR" || { echo "Set BACKUP_DIR to a folder made by make backup"; exit 1; }
	$(BIN)/python manage.py restore "$$BACKUP_DIR"

lint: $(VENV)/.installed ## Check style and common bugs (ruff) and the arrows between apps (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtual environment, npm packages, static files and the demo database
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 db.sqlite3-shm db.sqlite3-wal
