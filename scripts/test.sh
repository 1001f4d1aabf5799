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

echo "== pytest on SQLite"
env -u DATABASE_URL $BIN/pytest -p no:randomly "$@"

echo "== pytest on PostgreSQL"
source scripts/postgres.sh   # sets DATABASE_URL, starts a throwaway cluster if needed
trap pg_cleanup EXIT
$BIN/pytest "$@"
