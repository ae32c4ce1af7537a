# ReferKit: `make site` builds the demo into site/, `make test` runs every test.
# Both create .venv and install what they need on first use (`make install` does only that).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.referkit-installed
# pip without its notes about locations in pip.conf that do not exist (errors still show)
PIP := scripts/quiet-pip.sh $(PY) -m pip

.PHONY: install site test bench audit lint format clean sysdeps-site sysdeps-test

NODE_STAMP := node_modules/.referkit-installed

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "ReferKit needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	@touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "The browser tests need Node.js and npm: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

sysdeps-site:
	@scripts/ensure-system-deps.sh site

sysdeps-test:
	@scripts/ensure-system-deps.sh test

install: sysdeps-site $(STAMP)

site: sysdeps-site $(STAMP)
	$(PY) build.py build

test: sysdeps-test $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

audit: sysdeps-test $(STAMP) $(NODE_STAMP)
	@test -f site/index.html || $(MAKE) site
	PYTHONPATH=tests $(PY) -m helpers.audit site

bench: sysdeps-site $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf site .referkit .pytest_cache
