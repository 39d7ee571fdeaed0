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

.PHONY: help lock venv install static migrate demo run worker serve test test-fast lint format check \
	pytest clean test-postgres bench system-packages

help: ## List the targets
	@grep -hE '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(VENV)/.synced: requirements.lock .python-version
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements.lock
	touch $@

venv: $(VENV)/.synced ## Create .venv with the pinned Python dependencies (enough for lint and check)

lock: venv ## Re-pin requirements.lock after changing pyproject.toml dependencies
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --universal \
		--python-version 3.13 --no-header --quiet -o requirements.lock

.env: ## Create a development .env with a fresh secret key
	@test -f .env || { sed "s/^DJANGO_SECRET_KEY=.*/DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')/" .env.example > .env && echo "Created .env"; }

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# PurgeCSS keeps the CSS rules that templates, scripts and Python files use (purgecss.config.cjs),
# so a change to any of them rebuilds the CSS.
static/dist/.built: node_modules/.installed $(VENV)/.synced purgecss.config.cjs \
		$(shell find static/scss static/js templates */templates -type f 2>/dev/null) \
		$(shell find . -name '*.py' -not -path './.venv/*' -not -path './node_modules/*' \
			-not -path './tests/*' -not -path './bench/*' -not -path './audit/*' 2>/dev/null)
	npm run --silent build
	touch $@

static: static/dist/.built ## Build the CSS and JavaScript from static/scss and static/js

install: venv .env static ## Create .venv, install pinned dependencies, build static files

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the demo content (safe to run again)
	$(PY) manage.py load_demo_content

# The task worker, started again whenever it stops (a crash, a kill), as systemd's
# Restart=always does in production; Ctrl-C or a TERM signal ends the loop too.
SUPERVISED_WORKER = trap 'exit 0' INT TERM; while :; do $(PY) manage.py run_worker; \
	echo "The task worker stopped; starting it again in 5 seconds." >&2; sleep 5; done

# PORT alone would leave links in emails, canonical URLs and the sitemap on port 8000.
run serve: export SITE_URL ?= $(or $(shell sed -n 's/^SITE_URL=//p' .env 2>/dev/null),http://127.0.0.1:$(PORT))
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

# Our Python files, committed or not (git leaves out .venv, node_modules and the like).
PYTHON_FILES = git ls-files -z --cached --others --exclude-standard '*.py'
DJANGO_UPGRADE := $(VENV)/bin/django-upgrade --target-version 6.1

lint: venv ## ruff lint and format check, and django-upgrade's check (as pre-commit runs them)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON_FILES) | xargs -0 $(DJANGO_UPGRADE) --check

format: venv ## Apply ruff's and django-upgrade's fixes and ruff's formatting
	$(PYTHON_FILES) | xargs -0 $(DJANGO_UPGRADE) --exit-zero-even-if-changed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: venv ## Django system checks and missing-migration check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

# --- Tests. Which tests are slow, browser or SQLite's own: tests/conftest.py.
PYTEST := $(VENV)/bin/pytest
# Every core; a module that starts other processes runs whole on one (tests/conftest.py).
XDIST := -n auto --dist loadgroup
# A throwaway PostgreSQL cluster for the command after it (tests/platform/postgres.py).
WITH_POSTGRES := $(PY) -m tests.platform.postgres

test: lint check install audit-deps system-packages ## Everything CI runs: lint, checks, the whole suite
	$(WITH_POSTGRES) $(PYTEST) $(XDIST) --fail-on-skip -m "not sqlite_only and not lighthouse" $(ARGS)
	$(PYTEST) --fail-on-skip -m "sqlite_only or also_on_sqlite or lighthouse" $(ARGS)

test-fast: install ## Unit and view tests only, on SQLite: no browser, live server or other process
	$(PYTEST) $(XDIST) -m "not slow" $(ARGS)

pytest: install audit-deps system-packages ## Run pytest on SQLite (ARGS= passes options and tests)
	$(PYTEST) $(ARGS)

test-postgres: install audit-deps system-packages ## The whole suite on a throwaway local PostgreSQL
	$(WITH_POSTGRES) $(PYTEST) $(XDIST) $(ARGS)

# apt-get install (with sudo unless root) the package of each TOOL=PACKAGE pair whose tool,
# a command or a path (a glob is fine), is missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
define apt-install-missing
@missing=$$(for pair in $(1); do command -v $${pair%%=*} >/dev/null || echo $${pair#*=}; done); \
if [ -n "$$missing" ]; then \
	$(SUDO) apt-get update -qq && \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

# What the tests drive or start: chromium and Java (the Nu Html Checker) for tests/browser,
# PostgreSQL for the suite's database, redis-server, and Dovecot's IMAP server.
TEST_TOOLS := /usr/bin/chromium=chromium java=default-jre-headless \
	/usr/lib/postgresql/*/bin/initdb=postgresql redis-server=redis-server \
	/usr/lib/dovecot/imap=dovecot-imapd

system-packages: ## Install the Debian packages the tests need, with apt (sudo unless root)
	$(call apt-install-missing,$(TEST_TOOLS))

bench: install ## Server CPU per page and data-growth figures (about 5 minutes; ARGS=--quick); bench/RESULTS.md
	$(call apt-install-missing,wrk=wrk)
	$(PY) bench/run.py $(ARGS)

clean: ## Remove the virtualenv, node_modules and built files
	rm -rf $(VENV) node_modules static/dist staticfiles var

# --- Browser tests and audits (tests/browser): Playwright on Debian's chromium, axe-core,
# the Nu Html Checker and Lighthouse. Their npm tools live in audit/, apart from the site's
# front-end build; --ignore-scripts skips vnu-jar's download of a Java runtime (the system
# java runs its jar).
.PHONY: audit-deps audit clean-audit

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	cd audit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

audit-deps: audit/node_modules/.installed ## Install the pinned audit tools (Lighthouse, axe-core, Nu Html Checker)

audit: install audit-deps system-packages ## Browser checks only: axe, Nu, Lighthouse, screenshots; prints figures per page
	$(PYTEST) $(XDIST) -m browser $(ARGS)

clean: clean-audit
clean-audit:
	rm -rf audit/node_modules test-results
