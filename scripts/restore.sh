#!/usr/bin/env bash
# Restores an archive of scripts/backup.sh (or of the nightly backup) into an empty local data folder:
#   scripts/restore.sh ARCHIVE
# With ./run.sh stopped and .local/data moved away (or deleted): initialises PostgreSQL exactly as the AppHost does
# (its postgres.sh, with the databases portal and directus), restores both databases and Directus's uploads, and
# stops the server. ./run.sh then finds the restored practice; at start the AppHost sets its own passwords on the
# server and hands the restored tables (the superuser's here) to their owner roles, as it does every time.
set -euo pipefail
archive=$(realpath "${1:?Usage: scripts/restore.sh ARCHIVE}")
source "$(dirname "$0")/practice-data.sh"

if running_port >/dev/null; then
  echo "The local stack's PostgreSQL runs on $postgres_data: stop ./run.sh first." >&2
  exit 1
fi
if [ -n "$(ls -A "$postgres_data" 2>/dev/null)" ] || [ -n "$(ls -A "$uploads" 2>/dev/null)" ]; then
  echo "$postgres_data or $uploads is not empty: a restore fills only empty folders. Move $data away first." >&2
  exit 1
fi

# The temporary server listens on no TCP address: the port only names its socket.
port=5432
server_log=$(mktemp -t practice-restore-postgres.XXXXXX)
PGPORT=$port POSTGRES_LISTEN_ADDRESSES="" POSTGRES_PASSWORD=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9') \
  bash "$repo/Portal.AppHost/Infrastructure/scripts/postgres.sh" "$postgres_data" portal directus >"$server_log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT

bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
until "$bin/pg_isready" -q -h "$postgres_data" -p "$port" -U postgres; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "PostgreSQL did not start on $postgres_data (its log: $server_log)." >&2
    exit 1
  fi
  sleep 0.2
done

mkdir -p "$uploads"
if ! run_worker "$port" restore "$archive"; then
  echo "The restore failed; $postgres_data is left as it is: delete $data before trying again." >&2
  echo "The temporary PostgreSQL's log: $server_log" >&2
  exit 1
fi
rm -f "$server_log"
echo "Restored $archive into $data. Start the practice with ./run.sh."
