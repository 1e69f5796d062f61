# Magtheme — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STAMP  := $(VENV)/.installed
# The browser tests drive Debian's Chromium (Playwright's own download is not used).
CHROMIUM := /usr/bin/chromium
# The checkers the suite runs pages through, from npm at these versions, into $(NODE_DIR).
NODE_DIR  := .cache/node
AXE_CORE  := 4.14.1
VNU_JAR   := 26.9.27
CHECKERS  := $(NODE_DIR)/.installed-axe-core-$(AXE_CORE)-vnu-jar-$(VNU_JAR)

.PHONY: run test test-sqlite test-postgres lint bench parity install chromium checkers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml setup.py
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## chromium: install Debian's Chromium for the browser tests when it is missing (they skip,
## saying why, when it cannot be had)
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    echo "Installing Chromium for the browser tests (apt-get install -y chromium)"; \
	    $$SUDO apt-get install -y chromium || { $$SUDO apt-get update && $$SUDO apt-get install -y chromium; } \
	      || echo "Could not install Chromium: the browser tests will be skipped."; \
	  else \
	    echo "No $(CHROMIUM) and no apt-get: the browser tests will be skipped."; \
	  fi; \
	fi

## checkers: install axe-core and the Nu HTML checker (vnu-jar, run with this machine's java)
## from npm into $(NODE_DIR) when they are missing (their tests skip, saying why, without them)
checkers:
	@if [ ! -f $(CHECKERS) ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    echo "Installing axe-core $(AXE_CORE) and vnu-jar $(VNU_JAR) into $(NODE_DIR) (npm)"; \
	    rm -rf $(NODE_DIR) && mkdir -p $(NODE_DIR) && \
	    npm install --prefix $(NODE_DIR) --save-exact --ignore-scripts --no-audit --no-fund \
	      --loglevel=error axe-core@$(AXE_CORE) vnu-jar@$(VNU_JAR) >/dev/null \
	      && touch $(CHECKERS) \
	      || echo "Could not install them: the accessibility and HTML validity tests will be skipped."; \
	  else \
	    echo "No npm: the accessibility and HTML validity tests will be skipped (install npm, then make checkers)."; \
	  fi; \
	fi

## run: create the database, load the demo site if it is empty, serve on http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(BIN)/magtheme init --demo-if-empty
	$(BIN)/magtheme run --port $(PORT) --login-link

## lint: ruff and mypy over the engine
lint: $(STAMP)
	$(BIN)/ruff check magtheme tests bench
	$(BIN)/ruff format --check magtheme tests bench
	$(BIN)/mypy magtheme

## test: lint, then every test (in parallel) on SQLite, then again on PostgreSQL
test: lint test-sqlite test-postgres

test-sqlite: $(STAMP) chromium checkers
	$(BIN)/python -m pytest -n auto -q

## test-postgres: the suite on this machine's PostgreSQL (MAGTHEME_TEST_POSTGRES=URL for another)
test-postgres: $(STAMP) chromium checkers
	@if $(BIN)/python -m tests.postgres >/dev/null; then \
	  MAGTHEME_TEST_POSTGRES=$${MAGTHEME_TEST_POSTGRES:-1} $(BIN)/python -m pytest -n auto -q; \
	fi

## bench: synthetic 10,000-post site, render timings and SQL counts, then the timings the
## tests never take (a 5 MB shortcode post, runaway templates), then what counting page
## views costs (article page on vs off, a flush of 10,000 views), then what widget areas and
## home sections cost, cached and not, then each bundled theme's CSS, JS and page bytes and
## uncached render times against classic; results in bench/results/
bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.timings
	$(BIN)/python -m bench.views
	$(BIN)/python -m bench.widgets
	$(BIN)/python -m bench.themes

## parity: formatting parity with WordPress on the Theme Unit Test export (bench/results/)
parity: $(STAMP)
	$(BIN)/python -m bench.parity

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(NODE_DIR)
