#!/usr/bin/env bash
# Directus for the AppHost's local-process mode, run from tools/directus with Node 22 (NODE_BINARY).
# `bootstrap` creates or upgrades Directus's own tables and the admin user; then the server replaces this script.
set -euo pipefail
node=${NODE_BINARY:?the AppHost sets NODE_BINARY}
"$node" node_modules/directus/cli.js bootstrap
exec "$node" node_modules/directus/cli.js start
