PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run stopdb test lint format messages bench load assets

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# The worker (mail, prepared files) runs beside the server and stops with it.
run: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py procrastinate worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

# Stops the embedded PostgreSQL under var/pgdata (it keeps running after `make run` ends).
stopdb:
	$(BIN)/python -c "import config.database as d; print('stopped' if d.embedded_stop() else 'not running')"

test: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l uk --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

bench: install
	$(BIN)/python manage.py bench

# The deadline-day load scenario (devtools/load): on a database of its own whose name contains
# "load" (DATABASE_URL), 127.0.0.1 only; LOAD_ARGS e.g. "--minutes 1 --officers 20".
load: install
	$(BIN)/python manage.py load $(LOAD_ARGS)

# Rebuilds the self-hosted design system (GOV.UK Frontend compiled with the portal's
# settings, static/scss/portal.scss) into static/vendor/govuk-frontend/. Needs Node and npm;
# not part of run or test: the compiled files are committed.
GOVUK_FRONTEND_VERSION := 6.6.0
SASS_VERSION := 1.108.2
ASSETS_BUILD := var/assets-build
VENDOR := static/vendor/govuk-frontend

assets:
	mkdir -p $(ASSETS_BUILD)
	cd $(ASSETS_BUILD) && npm install --no-save --no-audit --no-fund govuk-frontend@$(GOVUK_FRONTEND_VERSION) sass@$(SASS_VERSION)
	$(ASSETS_BUILD)/node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
		--load-path=$(ASSETS_BUILD)/node_modules static/scss/portal.scss $(VENDOR)/govuk-frontend.min.css
	cp $(ASSETS_BUILD)/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(VENDOR)/
	cp $(ASSETS_BUILD)/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map $(VENDOR)/
