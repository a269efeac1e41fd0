# Flames: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Absolute, so `make messages` (run from flames/) uses the same folder.
export FLAMES_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint bench load messages lock structure

$(BIN)/flames: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/flames
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# The first command creates the data directory's secret key (var/secret_key).
run: $(BIN)/flames
	$(BIN)/flames migrate --verbosity 0
	$(BIN)/flames demo --once --editor
	$(BIN)/flames serve

# Browser tests need Debian's Chromium and axe-core from the npm registry (through
# Debian's npm); the translation tests need gettext's msgfmt.
/usr/bin/chromium /usr/bin/npm /usr/bin/msgfmt:
	@command -v apt-get >/dev/null || { echo "Install $@ (Debian: chromium, npm, gettext)"; exit 1; }
	apt-get install -y --no-install-recommends $(DEBIAN_PACKAGE_$(notdir $@)) || \
	  { apt-get update && apt-get install -y --no-install-recommends $(DEBIAN_PACKAGE_$(notdir $@)); }

DEBIAN_PACKAGE_chromium := chromium
DEBIAN_PACKAGE_npm := npm
DEBIAN_PACKAGE_msgfmt := gettext

node_modules/axe-core/axe.min.js: package.json package-lock.json | /usr/bin/npm
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.test-deps /usr/bin/chromium /usr/bin/msgfmt node_modules/axe-core/axe.min.js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The page benchmark compares with nginx serving the same page, both under wrk.
/usr/sbin/nginx /usr/bin/wrk:
	@command -v apt-get >/dev/null || { echo "Install nginx and wrk"; exit 1; }
	apt-get install -y --no-install-recommends nginx-light wrk || \
	  { apt-get update && apt-get install -y --no-install-recommends nginx-light wrk; }

bench: $(VENV)/.test-deps /usr/sbin/nginx /usr/bin/wrk
	$(BIN)/python bench/run.py

# Floods a hostile crowd could send (cache-busting, search, wrong passwords), 60 s each.
load: $(VENV)/.test-deps /usr/sbin/nginx /usr/bin/wrk
	$(BIN)/python bench/load.py

# Imports between apps, lines of code per app and the longest modules.
structure: $(BIN)/flames
	$(BIN)/python bench/structure.py

messages: $(BIN)/flames /usr/bin/msgfmt
	cd flames && ../$(BIN)/flames makemessages --locale uk --ignore 'static/*' --no-obsolete
	cd flames && ../$(BIN)/flames compilemessages --locale uk

# Pin every dependency, test tools included, with pip-tools (after changing pyproject.toml;
# `make lock UPGRADE=--upgrade` also moves the pins to the newest versions allowed).
lock: $(VENV)/.test-deps
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test --strip-extras \
	  --no-emit-index-url --no-emit-find-links --unsafe-package flames --unsafe-package pip \
	  --unsafe-package setuptools $(UPGRADE) -o requirements.lock pyproject.toml
