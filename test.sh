#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL and Redis), full stack (the AppHost) and browser (Chromium).
# Ends with "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh --for-tests

results=artifacts/test-results
mkdir -p "$results"
log="$results/dotnet-test.log"

set +e
dotnet test --project Portal.Tests --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The failures again, short, just above the summary: a long log is often read from its end.
failures() {
  awk '/^failed / { print; keep = 6; next } keep > 0 && !/^ *at / && !/^ *from / { print; keep-- } /^ *at / { keep = 0 }' "$log"
}
count() { awk -v key="$1" '$1 == key":" { n = $2 } END { print n + 0 }' "$log"; }
if grep -q "^ *total:" "$log"; then
  if grep -q "^failed " "$log"; then
    echo "Failed tests:"
    failures
  fi
  echo "$(count succeeded) passed, $(count failed) failed, $(count skipped) skipped"
else
  echo "0 passed, 1 failed (the tests did not run: see the build output above)"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
