#!/usr/bin/env bash
# Runs Courier locally: Azurite + the provider sandbox + Courier standalone (all six jobs, their twins,
# the status page) on http://127.0.0.1:7071, and seeds demo data so every job has real work.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh
courier_ensure_tools

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COURIER_URL=${COURIER_URL:-http://127.0.0.1:7071}
SANDBOX_URL=${SANDBOX_URL:-http://127.0.0.1:7080}
logs=.dev-logs
mkdir -p "$logs"

pids=()
cleanup() {
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# One settings file serves both modes; make a local copy from the sample on first run (it is git-ignored).
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json (development values)."
fi
setting() { node -e 'const v=require("./local.settings.json").Values||{};const k=process.argv[1];process.stdout.write(process.env[k]??v[k]??"")' "$1"; }

wait_for() { # url, name
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "$2 did not come up; see $logs/" >&2; return 1
}

if curl -s -o /dev/null "http://127.0.0.1:10002/devstoreaccount1" 2>/dev/null; then
  echo "Azurite is already running on 127.0.0.1:10000-10002; using it."
else
  echo "Starting Azurite (data in .azurite/)..."
  node_modules/.bin/azurite --silent --skipApiVersionCheck --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > "$logs/azurite.log" 2>&1 &
  pids+=($!)
fi

echo "Building..."
dotnet build Functions.sln -c Debug --verbosity quiet -nologo

echo "Starting the provider sandbox on $SANDBOX_URL..."
dotnet run --no-build --project src/Courier.Sandbox -- --urls "$SANDBOX_URL" > "$logs/sandbox.log" 2>&1 &
pids+=($!)
wait_for "$SANDBOX_URL/_sandbox/health" "The sandbox"

echo "Starting Courier on $COURIER_URL..."
export ASPNETCORE_ENVIRONMENT=Development
# `dotnet run` starts the app in its project folder; point it at the repository's settings file.
export LocalSettingsPath="$PWD/local.settings.json"
export AzureWebJobsStorage=${AzureWebJobsStorage:-UseDevelopmentStorage=true}
# Every provider client points at the sandbox; against real services these settings are simply left unset.
export GoogleAds__BaseUrl="$SANDBOX_URL" GoogleAds__TokenUrl="$SANDBOX_URL/token"
dotnet run --no-build --project src/Courier.Functions -- --urls "$COURIER_URL" > "$logs/courier.log" 2>&1 &
pids+=($!)
wait_for "$COURIER_URL/healthz" "Courier"

CRON_SECRET=$(setting CRON_SECRET); API_SECRET=$(setting API_SECRET)
export COURIER_URL CRON_SECRET API_SECRET SANDBOX_URL
bash scripts/lib/seed-demo.sh

cat <<MSG

Courier is running.
  Status page   $COURIER_URL/status          (Development on loopback: no sign-in needed)
  Status JSON   $COURIER_URL/api/status      (Authorization: Bearer \$API_SECRET)
  Sandbox       $SANDBOX_URL/_sandbox/ledgers (what the fake providers received)
  Logs          $logs/

Secrets in use (from local.settings.json or your environment):
  CRON_SECRET=$CRON_SECRET
  API_SECRET=$API_SECRET

Run a job now through its twin:
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/cron/process-offline-conversions?limit=50"
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/cron/providers/recover-processing?min_age_minutes=15"
  curl -X POST -H "X-CRON-SECRET: $CRON_SECRET" "$COURIER_URL/delivery/admin/run-artifact-worker"
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/sync/write-back"
  curl -X POST -H "x-cron-secret: $CRON_SECRET" "$COURIER_URL/api/social-auto-poster/runner"
  curl -X POST -H "x-run-pending-deliveries-secret: \$RUN_PENDING_DELIVERIES_SECRET" "$COURIER_URL/api/internal/run-pending-deliveries"

Press Ctrl-C to stop.
MSG
wait
