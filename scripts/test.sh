#!/usr/bin/env bash
# The whole check, in order: lint, format, types, migrations, translations, then the suite on
# SQLite and on PostgreSQL. Browser tests save their screenshots in a temporary folder
# (`make docs` refreshes docs/img).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export CCHC_TESTING=1 PYTHONDONTWRITEBYTECODE=1

echo "== ruff check";  $BIN/ruff check src tests benchmarks
echo "== ruff format"; $BIN/ruff format --check src tests benchmarks
echo "== mypy";        $BIN/mypy $(bash scripts/mypy-targets.sh)
echo "== migrations";  env -u DATABASE_URL $BIN/cchc makemigrations --check --dry-run
echo "== translations"; $BIN/python scripts/check-translations.py

bash scripts/ensure-system-packages.sh

# The two databases run side by side, one per core: one after the other they took longer than
# the 20 minutes CI allows. Each has its own var folder; PostgreSQL's output follows SQLite's.
source scripts/postgres.sh   # sets DATABASE_URL, starts a throwaway cluster if needed
pg_log=$(mktemp /tmp/cchc-pytest-pg.XXXXXX)
pg_var=$(mktemp -d /tmp/cchc-var-pg.XXXXXX)
trap 'pg_cleanup; rm -rf "$pg_var" "$pg_log"' EXIT
# axe checks the HTML the browser renders, which is the same on both databases: it runs once,
# on SQLite (2 minutes of the PostgreSQL run, the longer one). Every page still opens on
# PostgreSQL for every persona in tests/test_vietnamese_ui.py.
CCHC_VAR_DIR="$pg_var" $BIN/pytest --deselect tests/test_accessibility.py "$@" >"$pg_log" 2>&1 &
pg_pid=$!

echo "== pytest on SQLite"
sqlite_rc=0
env -u DATABASE_URL $BIN/pytest -p no:randomly "$@" || sqlite_rc=$?

pg_rc=0
wait "$pg_pid" || pg_rc=$?
echo "== pytest on PostgreSQL"
cat "$pg_log"
if [ "$sqlite_rc" != 0 ] || [ "$pg_rc" != 0 ]; then
  echo "== failed: SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc"
  exit 1
fi
