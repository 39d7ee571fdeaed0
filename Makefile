# Run `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
PORT ?= 8000
# pyenv picks the interpreter named in .python-version; fall back to a plain python3.13.
BASE_PYTHON ?= $(shell pyenv which python3 2>/dev/null || command -v python3.13 || command -v python3)

export UV_PYTHON_DOWNLOADS := never

.PHONY: help lock install static migrate demo run worker serve test lint format check pytest clean test-postgres bench

help: ## List the targets
	@grep -hE '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.synced: requirements.lock .python-version
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements.lock
	touch $@

lock: $(VENV)/.synced ## Re-pin requirements.lock after changing pyproject.toml dependencies
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --universal \
		--python-version 3.12 --no-header --quiet -o requirements.lock

.env: ## Create a development .env with a fresh secret key
	@test -f .env || { sed "s/^DJANGO_SECRET_KEY=.*/DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')/" .env.example > .env && echo "Created .env"; }

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed $(shell find static/scss static/js -type f 2>/dev/null)
	npm run --silent build
	touch $@

static: static/dist/.built ## Build the CSS and JavaScript from static/scss and static/js

install: $(VENV)/.synced .env static ## Create .venv, install pinned dependencies, build static files

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the demo content (safe to run again)
	$(PY) manage.py load_demo_content

# The task worker, started again whenever it stops (a crash, a kill), as systemd's
# Restart=always does in production; Ctrl-C or a TERM signal ends the loop too.
SUPERVISED_WORKER = trap 'exit 0' INT TERM; while :; do $(PY) manage.py run_worker; \
	echo "The task worker stopped; starting it again in 5 seconds." >&2; sleep 5; done

run: demo ## Serve the site at http://127.0.0.1:$(PORT)/ with the task worker beside it
	@trap 'kill 0' EXIT; \
	( $(SUPERVISED_WORKER) ) & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install ## Run the background task worker (sends email), restarted if it stops
	@$(SUPERVISED_WORKER)

# With DEBUG off, email must reach a mail server (console email is refused): `make serve`
# sends it to aiosmtpd's debugging server, which prints each message it receives.
SMTP_PORT ?= 8025

serve: demo ## Serve with gunicorn and DEBUG off on 127.0.0.1:$(PORT), as in production
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@trap 'kill 0' EXIT; \
	export DJANGO_DEBUG=0 PORT=$(PORT) EMAIL_URL=smtp://127.0.0.1:$(SMTP_PORT); \
	$(PY) -m aiosmtpd -n -l 127.0.0.1:$(SMTP_PORT) & \
	( $(SUPERVISED_WORKER) ) & \
	$(VENV)/bin/gunicorn -c genesis_site/gunicorn.conf.py genesis_site.wsgi

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django system checks and missing-migration check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

pytest: install ## Run the pytest suite only (ARGS= passes options)
	$(VENV)/bin/pytest $(ARGS)

test: lint check pytest ## Everything CI runs: lint, checks and the whole test suite

test-postgres: install ## Run the whole test suite against a throwaway local PostgreSQL
	.ci/with-postgres $(VENV)/bin/pytest $(ARGS)

# Installing Debian's wrk for `make bench` needs root.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

bench: install ## Load-test gunicorn with DEBUG off (about 3 minutes); figures in bench/RESULTS.md
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends wrk; }
	$(PY) bench/run.py

clean: ## Remove the virtualenv, node_modules and built files
	rm -rf $(VENV) node_modules static/dist staticfiles var

# --- Browser tests and audits (tests/browser): Playwright on Debian's chromium, axe-core,
# the Nu Html Checker and Lighthouse. Their npm tools live in audit/, apart from the site's
# front-end build; --ignore-scripts skips vnu-jar's download of a Java runtime (the system
# java runs its jar).
CHROMIUM := /usr/bin/chromium

.PHONY: audit-deps audit browser-tools clean-audit

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	cd audit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

audit-deps: audit/node_modules/.installed ## Install the pinned audit tools (Lighthouse, axe-core, Nu Html Checker)

browser-tools:
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing: apt-get install chromium (.ci/run does this)" >&2; exit 1; }
	@command -v java >/dev/null || { echo "java is missing: apt-get install default-jre-headless (.ci/run does this)" >&2; exit 1; }

# The browser tests are part of the suite, so the suite needs their tools.
pytest: audit-deps browser-tools

audit: install audit-deps browser-tools ## Browser checks only: axe, Nu, Lighthouse, screenshots; prints figures per page
	$(VENV)/bin/pytest -m browser $(ARGS)

clean: clean-audit
clean-audit:
	rm -rf audit/node_modules test-results
