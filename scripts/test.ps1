#!/usr/bin/env pwsh
# PowerShell twin of test.sh: runs every Courier test project and ends with "tests: N passed, N failed, N skipped".
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw 'The .NET 10 SDK is missing. Install it and run this again.' }
if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { throw 'Node.js and npm are missing: install them (Azurite runs on Node).' }
if (-not (Test-Path 'node_modules/.bin/azurite')) { Write-Host 'Installing Azurite (npm ci)...'; npm ci --no-audit --no-fund --loglevel=error }

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'
$results = 'TestResults'
if (Test-Path $results) { Remove-Item -Recurse -Force $results }
New-Item -ItemType Directory $results | Out-Null
dotnet restore Functions.sln --verbosity quiet
dotnet build Functions.sln -c Release --no-restore --verbosity quiet -nologo
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

$status = 0; $passed = 0; $failed = 0; $skipped = 0
foreach ($project in Get-ChildItem tests/*/*.csproj) {
  if (-not (Select-String -Path $project -Pattern 'Microsoft.NET.Test.Sdk' -Quiet)) { continue }
  $name = $project.BaseName
  Write-Host "== $name"
  dotnet test $project -c Release --no-build --nologo --verbosity quiet --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=minimal' --results-directory $results
  if ($LASTEXITCODE -ne 0) { $status = 1 }
  $trx = Join-Path $results "$name.trx"
  if (-not (Test-Path $trx)) { Write-Host "!! $name produced no results: counted as a failure."; $failed++; $status = 1; continue }
  $c = ([xml](Get-Content $trx)).TestRun.ResultSummary.Counters
  $passed += [int]$c.passed
  $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
  $skipped += [int]$c.total - [int]$c.executed
}
if ($failed -gt 0) { $status = 1 }
Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
