#!/usr/bin/env bash
# Directus for the AppHost's local-process mode, run from tools/directus with Node 22 (NODE_BINARY).
# `bootstrap` creates or upgrades Directus's own tables and the admin user; then the server replaces this script.
# Bootstrap loads all of Directus in a Node of its own, seconds on every start: it is skipped when the database already
# has every migration this Directus ships (asked with psql; any doubt, and it runs).
# A failed bootstrap can leave Node waiting on open handles instead of exiting: bound it, so the resource
# shows as failed in the dashboard rather than starting forever.
set -euo pipefail
node=${NODE_BINARY:?the AppHost sets NODE_BINARY}
# Node keeps the bytecode it compiles for Directus's modules on disk, and the next start reads it instead.
export NODE_COMPILE_CACHE=${NODE_COMPILE_CACHE:-$PWD/.node-compile-cache}

up_to_date() {
  local psql=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}/psql shipped applied
  # Custom migrations (MIGRATIONS_PATH, default ./migrations) are not looked at: with any, bootstrap runs.
  [ -x "$psql" ] && [ ! -d "${MIGRATIONS_PATH:-migrations}" ] || return 1
  shipped=$(ls node_modules/@directus/api/dist/database/migrations | grep -E '^[0-9]+[A-Z]?-' | cut -d- -f1 | sort -u)
  applied=$(PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=5 "$psql" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_DATABASE" \
    -wXtAc "SELECT DISTINCT version FROM directus_migrations" 2>/dev/null | sort -u) || return 1
  [ -n "$shipped" ] && [ -z "$(comm -23 <(echo "$shipped") <(echo "$applied"))" ]
}

if up_to_date; then
  echo "Directus's tables are up to date: no bootstrap"
else
  timeout "${DIRECTUS_BOOTSTRAP_TIMEOUT:-180}" "$node" node_modules/directus/cli.js bootstrap
fi
exec "$node" node_modules/directus/cli.js start
