#!/usr/bin/env bash
# Backs up the practice of the running local-process stack (./run.sh) into one dated archive:
#   scripts/backup.sh [FOLDER]      FOLDER defaults to .local/data/backups; prints the archive's path
# The archive holds the portal and Directus databases and Directus's uploads (README "Backups"). Anywhere else
# (containers, a server), run the Worker's verb with the connection strings: Portal.Worker backup --to FOLDER.
set -euo pipefail
source "$(dirname "$0")/practice-data.sh"

if ! port=$(running_port); then
  echo "No PostgreSQL of the local stack runs on $postgres_data: start ./run.sh first." >&2
  exit 1
fi

run_worker "$port" backup --to "${1:-$data/backups}"
