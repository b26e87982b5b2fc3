#!/usr/bin/env bash
# redis-server for the AppHost's local-process mode.
# Usage: redis.sh DATA_DIR PORT   (env: REDIS_SERVER, REDIS_PASSWORD)
# The password goes into DATA_DIR/redis.conf (mode 0600), never onto a command line, where every user of the
# machine could read it (ps, /proc/PID/cmdline). Then the script replaces itself with the server.
set -euo pipefail

data_dir=$1
port=$2
server=${REDIS_SERVER:-redis-server}
: "${REDIS_PASSWORD:?the AppHost sets REDIS_PASSWORD}"

mkdir -p "$data_dir"
chmod 700 "$data_dir"
umask 077
conf="$data_dir/redis.conf"
# Redis reads double-quoted values with backslash escapes.
quote() { local value=${1//\\/\\\\}; printf '"%s"' "${value//\"/\\\"}"; }
{
  printf 'port %s\n' "$port"
  printf 'bind 127.0.0.1\n'
  printf 'dir %s\n' "$(quote "$data_dir")"
  printf 'appendonly yes\n'
  printf 'requirepass %s\n' "$(quote "$REDIS_PASSWORD")"
} > "$conf.new"
chmod 600 "$conf.new"
mv -f "$conf.new" "$conf"
unset REDIS_PASSWORD

exec "$server" "$conf"
