#!/usr/bin/env bash
# Sourced by test.sh: picks the PostgreSQL to test on and exports DATABASE_URL.
#  1. DATABASE_URL if set;  2. the server on 127.0.0.1:5432 if it answers;
#  3. else (or with CCHC_PG_THROWAWAY=1) a throwaway cluster made with initdb/pg_ctl (Debian's postgresql installed if absent).
pg_cleanup() { :; }
if [ -n "${DATABASE_URL:-}" ]; then
  echo "== PostgreSQL from DATABASE_URL"
elif [ -z "${CCHC_PG_THROWAWAY:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/cchc"
  echo "== PostgreSQL on 127.0.0.1:5432"
else
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "== apt-get install postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  PGBIN=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
  PGTMP=$(mktemp -d /tmp/cchc-pg.XXXXXX)
  PGPORT=$(( 54000 + RANDOM % 1000 ))
  RUNAS=""
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd -r -M postgres
    chown -R postgres "$PGTMP"; RUNAS="runuser -u postgres --"
  fi
  $RUNAS "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust >/dev/null
  $RUNAS "$PGBIN/pg_ctl" -D "$PGTMP/data" -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/cchc"
  echo "== throwaway PostgreSQL on port $PGPORT"
  pg_cleanup() { $RUNAS "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null || true; rm -rf "$PGTMP"; }
fi
