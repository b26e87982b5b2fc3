#!/usr/bin/env bash
# Copies the Web's front-end libraries from npm into Portal.Web/wwwroot/lib, pinned, so no page loads a script from a
# third party at run time. Run it after changing a version below, and commit what it writes.
#   scripts/vendor-web-libs.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
signalr_version=10.0.11

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm pack fetches the package's tarball only: no install scripts run.
(cd "$work" && npm pack --silent "@microsoft/signalr@$signalr_version" >/dev/null)
tar -xzf "$work"/microsoft-signalr-"$signalr_version".tgz -C "$work"

target="$repo/Portal.Web/wwwroot/lib/signalr"
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/browser/signalr.min.js" "$target/"
echo "@microsoft/signalr $signalr_version" > "$target/VERSION"
echo "Vendored @microsoft/signalr $signalr_version into ${target#"$repo"/}"
