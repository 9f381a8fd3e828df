#!/usr/bin/env bash
# Runs Courier locally: Azurite + the provider sandbox + Courier standalone (src/Courier.Standalone: all six jobs,
# their twins, the status page) on http://127.0.0.1:7071, and seeds demo data so every job has real work.
# Ctrl-C stops everything this script started: Courier first, then the sandbox, Azurite last.
#
# Settings come from the repository's local.settings.json (created from local.settings.sample.json on first run);
# environment variables override it, e.g. a faster recovery timer for this run:
#   SCHEDULE_RECOVER_PROCESSING="0 */5 * * * *" ./scripts/dev.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh
courier_ensure_tools

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
COURIER_URL=${COURIER_URL:-http://127.0.0.1:7071}
SANDBOX_URL=${SANDBOX_URL:-http://127.0.0.1:7080}
logs=.dev-logs
mkdir -p "$logs"

# --- Children: each in its own process group, so Ctrl-C reaches only this script, which stops them in order. ---
names=() pgids=()
start() { # name, log file, workdir, command...
  local name=$1 log=$2 dir=$3; shift 3
  set -m   # job control on just for the fork: the child becomes leader of a new process group (pgid = pid)
  ( cd "$dir" && exec "$@" ) </dev/null >"$log" 2>&1 &
  set +m
  names+=("$name") pgids+=("$!") last=$!
}
alive() { kill -0 -- "-$1" 2>/dev/null; }
# Azurite closes its three services on SIGTERM (persisting .azurite/) and logs each, but its process can then idle
# for another 20-100 s on timers of its own; once all three are closed nothing is lost by ending it.
azurite_closed() { [ "$(grep -c 'service successfully closed' "$logs/azurite.log" 2>/dev/null)" -ge 3 ]; }
stop() { # pgid, name, seconds to wait after SIGTERM before SIGKILL, [command telling it has finished its shutdown]
  alive "$1" || return 0
  kill -TERM -- "-$1" 2>/dev/null || true
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    alive "$1" || return 0
    if [ -n "${4:-}" ] && $4; then kill -KILL -- "-$1" 2>/dev/null || true; return 0; fi
    sleep 0.1
  done
  echo "  $2 did not stop within $3 s: killing it."
  kill -KILL -- "-$1" 2>/dev/null || true
}
stopped=
cleanup() {
  [ -n "$stopped" ] && return 0; stopped=1
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the stopping short
  [ ${#pgids[@]} -eq 0 ] && return 0
  echo; echo "Stopping..."
  local i
  # Newest first: Courier (finishes or releases what it holds, gives up its leases), the sandbox, Azurite last.
  for ((i = ${#pgids[@]} - 1; i >= 0; i--)); do
    case ${names[i]} in
      Courier) stop "${pgids[i]}" Courier 6 ;;
      Azurite) stop "${pgids[i]}" Azurite 2 azurite_closed ;;
      *) stop "${pgids[i]}" "${names[i]}" 2 ;;
    esac
  done
  echo "Stopped."
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT
trap 'cleanup; trap - EXIT; exit 143' TERM HUP

# --- Settings: one file serves both modes; make a local copy from the sample on first run (it is git-ignored). ---
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json (development values)."
fi
setting() { node -e 'const v=require("./local.settings.json").Values||{};const k=process.argv[1];process.stdout.write(process.env[k]??v[k]??"")' "$1"; }
# A copy made before the host split still names the old custom-handler settings: say so (the app ignores them).
node -e '
  const v = require("./local.settings.json").Values || {};
  const old = Object.keys(v).filter(k => /^Schedules__/i.test(k));
  if (old.length) console.log(`Note: local.settings.json sets ${old.join(", ")}, which Courier no longer reads; schedules are SCHEDULE_<JOB> settings now (e.g. SCHEDULE_RECOVER_PROCESSING). Compare with local.settings.sample.json.`);
  if (v.FUNCTIONS_WORKER_RUNTIME && v.FUNCTIONS_WORKER_RUNTIME !== "dotnet-isolated") console.log(`Note: local.settings.json has FUNCTIONS_WORKER_RUNTIME=${v.FUNCTIONS_WORKER_RUNTIME}; Courier.Functions is now a dotnet-isolated app (see local.settings.sample.json).`);
'

listening() { curl -s -o /dev/null --max-time 2 "$1" 2>/dev/null; } # any HTTP answer
wait_for() { # url, name, pgid, log: until the url answers 2xx, or the process exits, or 60 s pass
  local _
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    if ! alive "$3"; then
      echo "$2 exited during start-up; the end of $4:" >&2; tail -n 20 "$4" >&2; return 1
    fi
    sleep 0.5
  done
  echo "$2 did not come up within 60 s; see $4" >&2; return 1
}
for url in "$COURIER_URL" "$SANDBOX_URL"; do
  if listening "$url"; then echo "Something already listens on $url (another ./scripts/dev.sh?). Stop it, or set COURIER_URL / SANDBOX_URL." >&2; exit 1; fi
done

if listening "http://127.0.0.1:10002/devstoreaccount1"; then
  echo "Azurite is already running on 127.0.0.1:10000-10002; using it (it keeps running after Ctrl-C)."
else
  echo "Starting Azurite (data in .azurite/)..."
  start Azurite "$logs/azurite.log" . node_modules/.bin/azurite --silent --skipApiVersionCheck --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1
fi

# Build first and run the built assemblies with `dotnet <dll>`: the pid held here is the app's own (under `dotnet run`
# a signal would reach only the CLI and could leave the app behind).
echo "Building Courier.Standalone and Courier.Sandbox (Debug)..."
dll() { dotnet msbuild "$1" -nologo -getProperty:TargetPath -p:Configuration=Debug; }
for project in src/Courier.Standalone/Courier.Standalone.csproj src/Courier.Sandbox/Courier.Sandbox.csproj; do
  dotnet build "$project" -c Debug --verbosity quiet -nologo
done
courier_dll=$(dll src/Courier.Standalone/Courier.Standalone.csproj)
sandbox_dll=$(dll src/Courier.Sandbox/Courier.Sandbox.csproj)

echo "Starting the provider sandbox on $SANDBOX_URL..."
start Sandbox "$logs/sandbox.log" src/Courier.Sandbox dotnet "$sandbox_dll" --urls "$SANDBOX_URL"
wait_for "$SANDBOX_URL/_sandbox/health" "The sandbox" "$last" "$logs/sandbox.log"

if [ "${names[0]:-}" = Azurite ]; then
  for _ in $(seq 1 60); do listening "http://127.0.0.1:10002/devstoreaccount1" && break; sleep 0.5; done
  listening "http://127.0.0.1:10002/devstoreaccount1" || { echo "Azurite did not come up; see $logs/azurite.log" >&2; exit 1; }
fi

echo "Starting Courier on $COURIER_URL..."
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# The app runs in its project folder (as `dotnet run` would); point it at the repository's settings file.
export LocalSettingsPath="$PWD/local.settings.json"
export AzureWebJobsStorage=${AzureWebJobsStorage:-UseDevelopmentStorage=true}
# Every provider client points at the sandbox; against real services these settings are simply left unset.
export GoogleAds__BaseUrl="$SANDBOX_URL" GoogleAds__TokenUrl="$SANDBOX_URL/token"
export Sheets__BaseUrl="$SANDBOX_URL" Sheets__TokenUrl="$SANDBOX_URL/token"
export Meta__BaseUrl="$SANDBOX_URL"
export Airtable__BaseUrl="$SANDBOX_URL" Drive__BaseUrl="$SANDBOX_URL" Drive__TokenUrl="$SANDBOX_URL/token"
# The demo base seed-demo.sh creates in the sandbox (its token and Drive key go into the vault for site partner-delivery).
export PartnerDelivery__BaseId=${PartnerDelivery__BaseId:-appCourierDemo01}
start Courier "$logs/courier.log" src/Courier.Standalone dotnet "$courier_dll" --urls "$COURIER_URL"
wait_for "$COURIER_URL/healthz" "Courier" "$last" "$logs/courier.log"

CRON_SECRET=$(setting CRON_SECRET); API_SECRET=$(setting API_SECRET)
RUN_PENDING_DELIVERIES_SECRET=$(setting RUN_PENDING_DELIVERIES_SECRET)
export COURIER_URL CRON_SECRET API_SECRET SANDBOX_URL
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then bash scripts/lib/seed-demo.sh; fi
shown() { if [ -n "$1" ]; then echo "$1"; else echo "(empty: its routes answer 404)"; fi; }

cat <<MSG

Courier is running (src/Courier.Standalone, $ASPNETCORE_ENVIRONMENT).
  Health        $COURIER_URL/healthz
  Status page   $COURIER_URL/status          (Development on loopback: no sign-in needed)
  Status JSON   $COURIER_URL/api/status      (Authorization: Bearer \$API_SECRET)
  Sandbox       $SANDBOX_URL/_sandbox/ledgers (what the fake providers received)
  Demo sheet    $SANDBOX_URL/_sandbox/sheets/demo-writeback (the write-back job's spreadsheet, as JSON)
  Logs          $logs/  (courier.log, sandbox.log, azurite.log)

Secrets in use (from local.settings.json or your environment):
  CRON_SECRET=$(shown "$CRON_SECRET")
  API_SECRET=$(shown "$API_SECRET")
  RUN_PENDING_DELIVERIES_SECRET=$(shown "$RUN_PENDING_DELIVERIES_SECRET")

Status:
  curl -H "Authorization: Bearer $API_SECRET" "$COURIER_URL/api/status"

Write-back queue (changes, per-state counts, recent log):
  curl -H "Authorization: Bearer $API_SECRET" "$COURIER_URL/api/sync/queue"

Run a job now through its twin:
  curl -X POST -H "x-run-pending-deliveries-secret: $RUN_PENDING_DELIVERIES_SECRET" "$COURIER_URL/api/internal/run-pending-deliveries"
  curl -X POST -H "X-CRON-SECRET: $CRON_SECRET" "$COURIER_URL/delivery/admin/run-artifact-worker"
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/cron/process-offline-conversions?limit=50"
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/cron/providers/recover-processing?min_age_minutes=15"
  curl -X POST -H "Authorization: Bearer $CRON_SECRET" "$COURIER_URL/api/sync/write-back"
  curl -X POST -H "x-cron-secret: $CRON_SECRET" "$COURIER_URL/api/social-auto-poster/runner"

Schedules are SCHEDULE_<JOB> settings (e.g. SCHEDULE_RECOVER_PROCESSING="0 */5 * * * *" ./scripts/dev.sh).
Press Ctrl-C to stop.
MSG

# Wait until Ctrl-C (the trap stops everything), or until a child exits on its own.
while :; do
  for i in "${!pgids[@]}"; do
    if ! alive "${pgids[i]}"; then
      echo "${names[i]} exited on its own; see $logs/. Stopping the rest." >&2
      exit 1
    fi
  done
  sleep 1 & wait $! 2>/dev/null || true   # `wait` lets a signal's trap run at once (and keeps the shell quiet about it)
done
