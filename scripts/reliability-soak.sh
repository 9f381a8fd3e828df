#!/usr/bin/env bash
# The reliability suite's crash campaigns at full strength: every crash point of every run (not the quick suite's sample),
# with four times the items per round. Writes TestResults/reliability.md (and docs/reliability.md when every section ran).
set -euo pipefail
cd "$(dirname "$0")/.."
export COURIER_RELIABILITY_SOAK=1
dotnet build tests/Courier.Reliability.Tests -c Release -nologo -v q
dotnet test tests/Courier.Reliability.Tests -c Release --no-build --logger "console;verbosity=normal" "$@"
