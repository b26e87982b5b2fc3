#!/usr/bin/env bash
# Runs the whole Portal through the Aspire AppHost: PostgreSQL, Redis and Directus as containers when a
# container runtime answers, as local processes otherwise; then the Api, the Worker and the Web.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
exec dotnet run --project Portal.AppHost --launch-profile http -- "$@"
