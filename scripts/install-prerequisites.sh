#!/usr/bin/env bash
# Installs what the Portal needs on a Debian machine and is missing; does nothing the second time.
#   scripts/install-prerequisites.sh              what ./run.sh needs (PostgreSQL 15, Redis, Node 22, Directus)
#   scripts/install-prerequisites.sh --for-tests  and what ./test.sh needs on top (Chromium)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
for_tests=false
if [ "${1:-}" = "--for-tests" ]; then for_tests=true; fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is needed (https://dot.net); it is not on the PATH." >&2
  exit 1
fi

packages=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || packages+=(postgresql-15)
command -v redis-server >/dev/null || packages+=(redis-server)
command -v npm >/dev/null || packages+=(nodejs npm)
if $for_tests && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then packages+=(chromium); fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing with apt-get: ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# npm ci in a tools folder unless its node_modules already match its package-lock.json.
npm_ci() {
  local folder=$1 npm_command=("${@:2}")
  local stamp="$folder/node_modules/.portal-lock-sha256" want
  want=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
  echo "Installing $(basename "$folder") (npm ci in $folder; Directus takes a few minutes the first time)"
  (cd "$folder" && "${npm_command[@]}" ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# Directus 12 needs Node 22; the machine's Node may be older, so Node 22 comes from npm into tools/node.
npm_ci "$repo/tools/node" npm
node22_dir=$(echo "$repo"/tools/node/node_modules/node/node_modules/node-linux-*)
node22="$node22_dir/bin/node"

# Directus's native modules compile from source here (prebuilt downloads are out of reach):
# run npm under Node 22 and build against its headers.
PATH="$node22_dir/bin:$PATH" npm_config_nodedir="$node22_dir" \
  npm_ci "$repo/tools/directus" "$node22" "$(npm root -g 2>/dev/null)/npm/bin/npm-cli.js"
