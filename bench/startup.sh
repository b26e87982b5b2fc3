#!/usr/bin/env bash
# Times ./run.sh from start to the Api, the Web and the Worker answering their health checks and the one-shot steps
# done (the Api and the Worker wait for the migrations; the CMS schema step runs beside them), then puts some load on
# the booking page and the slot search and prints each service's resident memory. Prerequisites are installed and the
# solution built first: neither counts. Stops the stack at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh > /dev/null
dotnet build Portal.sln -v q -nologo > /dev/null

web=http://localhost:5180 api=http://localhost:5181 worker=http://localhost:5182
healthy() { curl -fs -o /dev/null "$1/health"; }

start=$(date +%s.%N)
./run.sh > /tmp/portal-startup.log 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
# Every resource: the services healthy, the CMS read through the Api (its account is made by the CMS schema step, which
# the Api does not wait for) and no one-shot step (roles, migrations, CMS schema) still running.
# The CMS schema step is waited for by nobody: it must have been seen, and be gone.
steps_running() { pgrep -f "Portal\.Worker.* (roles|migrate|cms-schema)$" > /dev/null; }
schema_seen=false
until $schema_seen && healthy $api && healthy $web && healthy $worker && curl -fs -o /dev/null "$api/api/cms/articles" && ! steps_running; do
  pgrep -f "Portal\.Worker.* cms-schema$" > /dev/null && schema_seen=true
  kill -0 $stack 2>/dev/null || { echo "run.sh stopped: see /tmp/portal-startup.log"; exit 1; }
  sleep 0.2
done
echo "./run.sh to every service healthy and every step done: $(echo "$(date +%s.%N) - $start" | bc) s"

from=$(date -u -d '+2 days' +%F) to=$(date -u -d '+8 days' +%F)
# Each request from its own address (loopback is a trusted proxy), as visitors are: the per-address limits stay out of it.
load() { seq "$1" | xargs -P 16 -I{} sh -c 'curl -s -o /dev/null -H "X-Forwarded-For: 10.9.$(({} / 250)).$(({} % 250 + 1))" "$0"' "$2"; }
load 2000 "$web/book/discovery-call?tz=Europe/London"
load 4000 "$api/api/slots?sessionType=discovery-call&from=$from&to=$to&tz=Europe/London"
echo "after 2,000 booking pages and 4,000 slot searches (16 at a time), resident memory:"
for service in Portal.Api Portal.Web Portal.Worker; do
  pid=$(pgrep -f "/$service\$|/$service " | head -1 || true)
  [ -n "$pid" ] && echo "  $service: $(( $(awk '/VmRSS/ { print $2 }' /proc/$pid/status) / 1024 )) MB"
done
