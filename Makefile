# CCHC: two commands do all the set-up on a fresh machine.
#   make demo   installs into .venv, migrates SQLite, loads the demo province, serves on :8000
#   make test   installs, lints, type-checks and runs the whole suite on SQLite and PostgreSQL
#   make docs   retakes the user guide's screenshots (docs/img) with the browser tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Two stamps: `make demo` installs only what the product runs on (a first page in well under a
# minute on a fresh clone); the test tools (pytest, Playwright, mypy, schemathesis…) come with
# `make test`, `make lint` and `make bench`.
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev

.PHONY: install install-dev demo serve test docs lint fmt bench clean

install: $(STAMP)

install-dev: $(DEV)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(DEV): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(DEV)

demo: install
	$(BIN)/cchc migrate --noinput
	$(BIN)/cchc demo --port $(PORT)

serve: install
	$(BIN)/cchc runserver 127.0.0.1:$(PORT)

test: install-dev
	bash scripts/test.sh

docs: install-dev
	bash scripts/ensure-system-packages.sh
	env -u DATABASE_URL CCHC_SCREENSHOTS=$(CURDIR)/docs/img $(BIN)/pytest -m browser -p no:randomly

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

fmt: install-dev
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: install-dev
	for f in benchmarks/*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var/*.sqlite3* .mypy_cache .ruff_cache
