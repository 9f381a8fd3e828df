#!/usr/bin/env pwsh
# PowerShell twin of dev.sh: Azurite + provider sandbox + Courier standalone with demo data. Ctrl-C stops everything.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw 'The .NET 10 SDK is missing. Install it and run this again.' }
if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { throw 'Node.js and npm are missing: install them (Azurite runs on Node).' }
if (-not (Test-Path 'node_modules/.bin/azurite')) { npm ci --no-audit --no-fund --loglevel=error }
$courier = if ($env:COURIER_URL) { $env:COURIER_URL } else { 'http://127.0.0.1:7071' }
$sandbox = if ($env:SANDBOX_URL) { $env:SANDBOX_URL } else { 'http://127.0.0.1:7080' }
New-Item -ItemType Directory -Force .dev-logs | Out-Null
if (-not (Test-Path local.settings.json)) { Copy-Item local.settings.sample.json local.settings.json }
$values = (Get-Content local.settings.json | ConvertFrom-Json).Values
function Setting($name) { $e = [Environment]::GetEnvironmentVariable($name); if ($e) { $e } else { $values.$name } }
function WaitFor($url, $name) {
  for ($i = 0; $i -lt 120; $i++) { try { Invoke-WebRequest -UseBasicParsing $url | Out-Null; return } catch { Start-Sleep -Milliseconds 500 } }
  throw "$name did not come up; see .dev-logs/"
}
$procs = @()
try {
  $procs += Start-Process -PassThru -NoNewWindow -RedirectStandardOutput .dev-logs/azurite.log -RedirectStandardError .dev-logs/azurite.err `
    node_modules/.bin/azurite '--silent --skipApiVersionCheck --location .azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1'
  dotnet build Functions.sln -c Debug --verbosity quiet -nologo
  $procs += Start-Process -PassThru -NoNewWindow -RedirectStandardOutput .dev-logs/sandbox.log -RedirectStandardError .dev-logs/sandbox.err `
    dotnet "run --no-build --project src/Courier.Sandbox -- --urls $sandbox"
  WaitFor "$sandbox/_sandbox/health" 'The sandbox'
  $env:ASPNETCORE_ENVIRONMENT = 'Development'
  $env:LocalSettingsPath = Join-Path (Get-Location) 'local.settings.json'
  if (-not $env:AzureWebJobsStorage) { $env:AzureWebJobsStorage = 'UseDevelopmentStorage=true' }
  $env:GoogleAds__BaseUrl = $sandbox; $env:GoogleAds__TokenUrl = "$sandbox/token"
  $procs += Start-Process -PassThru -NoNewWindow -RedirectStandardOutput .dev-logs/courier.log -RedirectStandardError .dev-logs/courier.err `
    dotnet "run --no-build --project src/Courier.Functions -- --urls $courier"
  WaitFor "$courier/healthz" 'Courier'
  $env:COURIER_URL = $courier; $env:CRON_SECRET = Setting 'CRON_SECRET'; $env:API_SECRET = Setting 'API_SECRET'
  if (Get-Command bash -ErrorAction SilentlyContinue) { bash scripts/lib/seed-demo.sh } else { Write-Host 'bash not found: demo data not seeded.' }
  Write-Host "`nCourier is running: $courier/status (API_SECRET=$($env:API_SECRET), CRON_SECRET=$($env:CRON_SECRET)). Ctrl-C stops."
  Write-Host "  Invoke-WebRequest -Method Post -Headers @{Authorization='Bearer $($env:CRON_SECRET)'} '$courier/api/cron/process-offline-conversions?limit=50'"
  while ($true) { Start-Sleep -Seconds 1 }
}
finally {
  foreach ($p in $procs) { if ($p -and -not $p.HasExited) { Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue } }
}
