#!/bin/sh
# Creates (first run) and upgrades (every run) the two PostgreSQL databases of the Temporal
# server: `temporal` (the default store: histories, timers, task queues) and
# `temporal_visibility` (SQL advanced visibility: what `temporal workflow list --query`,
# `starter.py list` and the board search). Runs in the temporalio/admin-tools image, whose
# version must be the server's: bump both together, and this job upgrades the schema before
# the new server starts (deploy/README.md, "Upgrading the Temporal server").
set -eu

: "${SQL_PASSWORD:?set SQL_PASSWORD}"
HOST="${POSTGRES_SEEDS:-postgresql}"
PORT="${DB_PORT:-5432}"
USER="${POSTGRES_USER:-temporal}"
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

tries=0
until nc -z "$HOST" "$PORT"; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "PostgreSQL at ${HOST}:${PORT} is not reachable" >&2; exit 1; }
    sleep 2
done

for database in temporal:temporal temporal_visibility:visibility; do
    name="${database%%:*}"
    schema="${database#*:}"
    sql() { temporal-sql-tool --plugin postgres12 --ep "$HOST" -p "$PORT" -u "$USER" --db "$name" "$@"; }
    # First run only: these two fail harmlessly when the database and its version table exist.
    sql create >/dev/null 2>&1 && echo "database ${name} created" || echo "database ${name} exists"
    sql setup-schema -v 0.0 >/dev/null 2>&1 && echo "schema of ${name} set up" || true
    # Every run: brings the schema to the version this admin-tools image ships (idempotent).
    sql update-schema -d "${SCHEMA_DIR}/${schema}/versioned"
    echo "schema of ${name} is current"
done
