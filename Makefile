# Claim Tracker: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SERVE_PORT ?= 8080
WEB_CONCURRENCY ?= 2
# Task workers beside the web server: one slow import must not hold up the queue.
TASK_WORKERS ?= 2
# Start $(TASK_WORKERS) task workers in the background (tasks in each worker's main thread,
# so their time limit applies) and the feed poller (docs/feeds.md), and stop them when the recipe ends.
START_WORKERS = workers=""; for _ in $$(seq $(TASK_WORKERS)); do $(PY) manage.py db_worker --queue-name '*' --no-reload & workers="$$workers $$!"; done; \
	$(PY) manage.py watch_feeds & workers="$$workers $$!"; \
	trap 'kill $$workers 2>/dev/null' EXIT INT TERM

# The first interpreter that is Python 3.12 or newer (Django 6.1 needs it).
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 $(wildcard /root/.pyenv/versions/3.1[2-9]*/bin/python3) $(wildcard /usr/local/bin/python3.1[2-9]) python3
BASE_PYTHON := $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),$(shell $(candidate) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(candidate))))

.PHONY: help install system-packages db stop migrate run test bench quality serve backup restore clean

help:
	@echo "make run     install, start the database, migrate, seed demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test    install and run every test (unit, PostgreSQL integration, browser)"
	@echo "make stop    stop the embedded PostgreSQL"
	@echo "make bench   run the benchmarks and write bench/results.json"
	@echo "make quality score the pipeline on ../shared/corpus in a scratch database, write quality/results.json"
	@echo "make serve   production settings: gunicorn + whitenoise on http://$(HOST):$(SERVE_PORT) (DEBUG off)"
	@echo "make backup  pg_dump the database into backups/<name>-<UTC time>.dump"
	@echo "make restore FILE=backups/....dump   replace the database's contents with a backup"

$(STAMP): requirements.txt requirements-dev.txt
	@if [ -z "$(BASE_PYTHON)" ]; then \
	  echo "No Python 3.12 or newer found. Install one (apt-get install python3.12, or pyenv install 3.12) and run make again." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(BASE_PYTHON)"
	@test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) system-packages

# Debian packages the project needs: PostgreSQL (embedded database), Chromium (browser tests), wrk (make bench).
system-packages:
	@missing=""; \
	command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql postgresql-contrib"; \
	ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1 || missing="$$missing postgresql-contrib"; \
	test -x /usr/bin/chromium || missing="$$missing chromium chromium-driver"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install these Debian packages:$$missing" >&2; exit 1; fi; \
	fi

db: $(STAMP) system-packages
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m factcheck.db start >/dev/null && echo "Embedded PostgreSQL running (data in .data/)"; \
	else echo "Using DATABASE_URL"; fi

stop:
	@test -x $(PY) && $(PY) -m factcheck.db stop || true

migrate: db
	DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py migrate --noinput

run: migrate
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py seed_demo
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/ and log in at http://$(HOST):$(PORT)/accounts/login/ as:"
	@cat .data/demo-credentials.txt 2>/dev/null | sed 's/^/    /' || echo "    (the users were created earlier with the password you chose)"
	@echo ""
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-True}; \
	$(START_WORKERS); \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install db
	$(PY) -m pytest $(PYTEST_ARGS)

# Production settings on this machine: DEBUG off, a secret key from the environment (or
# one generated once into .data/secret-key), static files collected for whitenoise,
# gunicorn on $(HOST):$(SERVE_PORT) and the task worker beside it. TLS belongs to the proxy
# in front, so the HTTPS redirect is off here unless DJANGO_SECURE_SSL_REDIRECT says otherwise.
serve: db
	@if [ -z "$$DJANGO_SECRET_KEY" ] && [ ! -s .data/secret-key ]; then \
	  (umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > .data/secret-key); \
	  echo "Note: DJANGO_SECRET_KEY is not set; generated one into .data/secret-key for local use."; \
	  echo "      In production set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) in the environment."; \
	fi
	@export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .data/secret-key)}" DJANGO_DEBUG=False \
	  DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-False}"; \
	$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py collectstatic --noinput -v0 && \
	echo "Serving with production settings on http://$(HOST):$(SERVE_PORT)/ ($(WEB_CONCURRENCY) web workers, $(TASK_WORKERS) task workers; Ctrl-C stops)" && \
	{ $(START_WORKERS); \
	  $(VENV)/bin/gunicorn factcheck.wsgi:application --bind $(HOST):$(SERVE_PORT) --workers $(WEB_CONCURRENCY) \
	    --no-control-socket --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"; }

# Benchmarks (bench/run.py): a separate database, gunicorn + wrk on loopback, < 10 minutes.
bench: db
	$(PY) bench/run.py $(BENCH_ARGS)

# Quality on real articles (quality/run.py): ../shared/corpus scored in a scratch database; skips without ../shared.
quality: db
	$(PY) quality/run.py $(QUALITY_ARGS)

backup: db
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py backup

restore: db
	@if [ -z "$(FILE)" ]; then echo "Usage: make restore FILE=backups/<file>.dump" >&2; exit 2; fi
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-True} $(PY) manage.py restore "$(FILE)"

clean: stop
	rm -rf .data $(VENV) .pytest_cache
