#!/usr/bin/env bash
# Exports the schema of a running Directus into Portal.Worker/Cms/directus-schema.json, the snapshot the cms-schema
# step applies at every start. Usage, while ./run.sh runs (Directus's address is in the Aspire dashboard):
#   scripts/cms-schema-export.sh http://localhost:PORT [ADMIN_TOKEN]
# Without ADMIN_TOKEN the AppHost's user secret Parameters:directus-admin-token is used.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: scripts/cms-schema-export.sh DIRECTUS_URL [ADMIN_TOKEN]}
token=${2:-$(dotnet user-secrets list --project Portal.AppHost | sed -n 's/^Parameters:directus-admin-token = //p')}
[ -n "$token" ] || { echo "No admin token: pass it, or set Parameters:directus-admin-token in the AppHost's user secrets" >&2; exit 1; }
target=Portal.Worker/Cms/directus-schema.json
curl -fsS -H "Authorization: Bearer $token" "${url%/}/schema/snapshot" \
  | python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["data"], sys.stdout, indent=2); print()' > "$target.tmp"
mv "$target.tmp" "$target"
echo "Wrote $target: review it with git diff and commit it."
