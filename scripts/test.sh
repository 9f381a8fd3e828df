#!/usr/bin/env bash
# Runs every Courier test project and ends with one line: "tests: N passed, N failed, N skipped".
# Installs what is missing first (Azurite via npm ci, NuGet restore). Azurite is started by the tests' fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh
courier_ensure_tools
courier_ensure_chromium

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=TestResults
rm -rf "$results"
mkdir -p "$results"

echo "Restoring and building..."
dotnet restore Functions.sln --verbosity quiet
dotnet build Functions.sln -c Release --no-restore --verbosity quiet -nologo

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # Only projects that reference the test SDK hold tests (TestUtils and Benchmarks do not).
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build --nologo --verbosity quiet \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results"; then
    status=1
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "!! $name produced no results: counted as a failure." >&2
    echo "$name" >> "$results/missing.txt"
    status=1
  fi
done

# Totals from the TRX files' <Counters> elements (plain bash: nothing else to install).
attr() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  passed=$((passed + $(attr "$trx" passed)))
  failed=$((failed + $(attr "$trx" failed) + $(attr "$trx" error) + $(attr "$trx" timeout) + $(attr "$trx" aborted)))
  skipped=$((skipped + $(attr "$trx" total) - $(attr "$trx" executed)))
done
[ -f "$results/missing.txt" ] && failed=$((failed + $(wc -l < "$results/missing.txt")))
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
