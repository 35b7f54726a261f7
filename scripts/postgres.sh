# shellcheck shell=bash
# Sourced by test.sh: makes a PostgreSQL available to the backend tests (Backstage's TestDatabases reads
# BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
#
# - If such a variable is already set, it is used as is.
# - Otherwise, if Debian's `postgresql` package is installed, its cluster is started when down and a
#   role `ownership_test` (password `ownership_test`, allowed to create databases) is created; the tests
#   create and drop their own databases.
# - Otherwise the backend tests run on SQLite only, and this says so.

if env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  echo "postgres: using $(env | grep -o '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING' | head -1)"
elif command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
  read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(pg_lsclusters -h | head -1)
  if [ "$PG_STATUS" != "online" ]; then
    echo "postgres: starting cluster $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
  fi
  as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
  as_postgres "psql -p $PG_PORT -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ownership_test') THEN CREATE ROLE ownership_test LOGIN CREATEDB PASSWORD 'ownership_test'; END IF; END \\\$\\\$;\"" >/dev/null
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_VERSION}_CONNECTION_STRING=postgresql://ownership_test:ownership_test@localhost:$PG_PORT/postgres"
  echo "postgres: PostgreSQL $PG_VERSION on port $PG_PORT"
else
  echo "postgres: no PostgreSQL configured or installed; backend tests run on SQLite only" >&2
  echo "          (apt-get install postgresql, or set BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING)" >&2
fi
