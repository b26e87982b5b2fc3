#!/usr/bin/env bash
# PostgreSQL for the AppHost's local-process mode.
# Usage: postgres.sh DATA_DIR DATABASE...   (env: PGPORT, POSTGRES_PASSWORD, POSTGRES_BIN, POSTGRES_LISTEN_ADDRESSES)
# Initialises DATA_DIR once, makes sure the databases exist and the password is the current one,
# then replaces itself with the server so the AppHost can stop it. scripts/restore.sh starts it too, with
# POSTGRES_LISTEN_ADDRESSES empty: only the Unix socket in DATA_DIR, so no TCP port can clash.
set -euo pipefail

data_dir=$1
shift
bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
: "${PGPORT:?the AppHost sets PGPORT}" "${POSTGRES_PASSWORD:?the AppHost sets POSTGRES_PASSWORD}"

# The server refuses to run as root; on a machine where we are root it runs as the postgres user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

mkdir -p "$data_dir"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data_dir"
  if ! "${as_owner[@]}" test -r "$data_dir"; then
    echo "The postgres user cannot reach $data_dir: make the folders above it traversable (chmod o+x)." >&2
    exit 1
  fi
fi
chmod 700 "$data_dir"

if [ ! -s "$data_dir/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
  "${as_owner[@]}" "$bin/initdb" -D "$data_dir" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-locale >/dev/null
  rm -f "$pwfile"
fi

# Single-user mode needs no running server. Errors such as "database already exists" are expected.
{
  printf "ALTER ROLE postgres PASSWORD '%s'\n" "$POSTGRES_PASSWORD"
  for database in "$@"; do printf 'CREATE DATABASE "%s"\n' "$database"; done
} | "${as_owner[@]}" "$bin/postgres" --single -D "$data_dir" postgres >/dev/null 2>&1 || true

exec "${as_owner[@]}" "$bin/postgres" -D "$data_dir" -p "$PGPORT" \
  -c listen_addresses="${POSTGRES_LISTEN_ADDRESSES-127.0.0.1}" -c unix_socket_directories="$data_dir" \
  -c max_connections="${POSTGRES_MAX_CONNECTIONS-300}"
