# Entry points (DESIGN.md §6): make run, make test, make lint, make bench; make dev for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Two workers: the machine has two cores. `make test PYTEST_ARGS=` runs in one process.
PYTEST_ARGS ?= -n 2
# Debian packages are installed with apt-get; as a normal user it goes through sudo.
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev test lint bench audit lock install install-dev messages chromium gettext debs debs-test clean

# Debian packages: WeasyPrint's Pango stack and a font for the PDF poster; pdftotext for tests.
DEBS      := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# postgresql-client: pg_dump/pg_restore for the backup test; docker-compose and systemd validate
# deploy/compose.yaml and the units (tests/test_deploy.py).
DEBS_TEST := chromium poppler-utils postgresql-client docker-compose systemd

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs come from the lock files, every file checked against its hash (issue 13's supply
# chain); `make lock` regenerates them from the requirements*.txt ranges. The XStatic packages ship
# only as sdists whose setup.py needs pkg_resources: they build without isolation against the
# locked old setuptools of requirements-build.lock.
$(VENV)/.installed: requirements.lock requirements-build.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-build.lock
	$(BIN)/pip install -q --require-hashes --no-build-isolation -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install -q --require-hashes --no-build-isolation -r requirements-dev.lock
	touch $@

# Regenerate the locks after changing a requirements*.txt (minutes: it resolves every package).
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: | $(BIN)/python
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements-build.lock requirements-build.in
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock requirements.txt requirements-static.txt
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements-dev.lock requirements-dev.txt requirements-static.txt

# Known vulnerabilities in the locked packages; says plainly what it could not check.
audit: install-dev
	$(BIN)/python deploy/audit.py

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

gettext:
	@command -v msgfmt >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null)

debs:
	@dpkg -s $(DEBS) >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(DEBS) >/dev/null)

debs-test: debs
	@dpkg -s $(DEBS_TEST) >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(DEBS_TEST) >/dev/null)

messages: install gettext
	DEBUG=1 $(BIN)/python manage.py compilemessages -l id -l en --ignore=.venv -v0

# The local secret key: generated once, readable only by its owner, never committed (var/ is
# ignored). 86 URL-safe characters.
var/secret_key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# `make run`: the production stack on loopback — DEBUG off, gunicorn, WhiteNoise, the task worker
# and the scheduler — with the demo data (DEMO_MODE) and plain http allowed on 127.0.0.1 only
# (LOCAL_HTTP: no TLS redirect, no secure-only cookies).
PROD_ENV := DEBUG=0 DEMO_MODE=1 LOCAL_HTTP=1 ALLOWED_HOSTS=127.0.0.1,localhost SECRET_KEY_FILE=var/secret_key \
            CACHE_DIR=$(CURDIR)/var/cache
run: install messages debs var/secret_key
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(PROD_ENV) $(BIN)/python manage.py load_regions
	$(PROD_ENV) $(BIN)/python manage.py load_demo
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@# The task worker and the scheduler run beside the web server and stop with it.
	$(PROD_ENV) $(BIN)/python manage.py task_worker -v0 & worker=$$!; \
	$(PROD_ENV) $(BIN)/python manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PROD_ENV) BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py desabinaan.wsgi

# `make dev`: Django's development server with DEBUG (tracebacks, auto-reload) for developers.
dev: install messages debs
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 $(BIN)/python manage.py load_regions
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py task_worker -v0 & worker=$$!; \
	DEBUG=1 $(BIN)/python manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev messages debs-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-dev
	DEBUG=1 $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles var
