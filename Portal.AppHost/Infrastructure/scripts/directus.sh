#!/usr/bin/env bash
# Directus for the AppHost's local-process mode, run from tools/directus with Node 22 (NODE_BINARY).
# `bootstrap` creates or upgrades Directus's own tables and the admin user; then the server replaces this script.
# A failed bootstrap can leave Node waiting on open handles instead of exiting: bound it, so the resource
# shows as failed in the dashboard rather than starting forever.
set -euo pipefail
node=${NODE_BINARY:?the AppHost sets NODE_BINARY}
timeout "${DIRECTUS_BOOTSTRAP_TIMEOUT:-180}" "$node" node_modules/directus/cli.js bootstrap
exec "$node" node_modules/directus/cli.js start
