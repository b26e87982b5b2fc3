#!/usr/bin/env bash
# Runs the whole Portal through the Aspire AppHost: PostgreSQL, Redis and Directus as containers when a
# container runtime answers, as local processes otherwise; then the Api, the Worker and the Web.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh

# Building is skipped when nothing has changed since this script's last build: MSBuild takes about 6 s on two cores to
# find that nothing needs building. Directories count too (a file deleted or moved in changes its folder), and the
# AppHost's build output must be there. The mark is taken before the build, so a change made during it builds next time.
built=.local/run.built
changed_since_build() {
  [ ! -f "$built" ] || [ ! -f Portal.AppHost/bin/Debug/net10.0/Portal.AppHost.dll ] \
    || [ -n "$(find . \( -path ./.git -o -path ./.local -o -path ./tools -o -path ./artifacts -o -path ./.vs -o -path ./.idea \
      -o -name bin -o -name obj -o -name node_modules -o -name TestResults \) -prune -o -newer "$built" -print -quit)" ]
}
if changed_since_build; then
  mkdir -p .local
  touch "$built.next"
  dotnet build Portal.AppHost -nologo -v q
  mv "$built.next" "$built"
fi
exec dotnet run --no-build --project Portal.AppHost --launch-profile http -- "$@"
