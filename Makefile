# CCHC: two commands do all the set-up on a fresh machine.
#   make demo   installs into .venv, migrates SQLite, loads the demo province, serves on :8000
#   make test   installs, lints, type-checks and runs the whole suite on SQLite and PostgreSQL
#   make docs   retakes the user guide's screenshots (docs/img) with the browser tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install demo serve test docs lint fmt bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: install
	$(BIN)/cchc migrate --noinput
	$(BIN)/cchc demo --port $(PORT)

serve: install
	$(BIN)/cchc runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/test.sh

docs: install
	bash scripts/ensure-system-packages.sh
	env -u DATABASE_URL CCHC_SCREENSHOTS=$(CURDIR)/docs/img $(BIN)/pytest -m browser -p no:randomly

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

fmt: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: install
	for f in benchmarks/*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var/*.sqlite3* .mypy_cache .ruff_cache
