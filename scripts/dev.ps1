#!/usr/bin/env pwsh
# PowerShell twin of dev.sh: Azurite + provider sandbox + Courier standalone (src/Courier.Standalone) on
# http://127.0.0.1:7071 with demo data. Ctrl-C stops everything it started: Courier first, Azurite last.
# Settings come from the repository's local.settings.json (created from local.settings.sample.json on first run);
# environment variables override it, e.g. $env:SCHEDULE_RECOVER_PROCESSING = '0 */5 * * * *' before running this.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw 'The .NET 10 SDK is missing. Install it and run this again.' }
if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { throw 'Node.js and npm are missing: install them (Azurite runs on Node).' }
$azuriteJs = 'node_modules/azurite/dist/src/azurite.js'
$nodeModulesIsLink = (Test-Path node_modules) -and (Get-Item node_modules).LinkType
if (-not (Test-Path $azuriteJs)) {
  # npm ci through a linked node_modules (a git worktree sharing one) would replace the link and empty its target.
  if ($nodeModulesIsLink) { throw "node_modules is a link without Azurite: run npm ci where it points." }
  Write-Host 'Installing Azurite (npm ci)...'; npm ci --no-audit --no-fund --loglevel=error
}
$courier = if ($env:COURIER_URL) { $env:COURIER_URL } else { 'http://127.0.0.1:7071' }
$sandbox = if ($env:SANDBOX_URL) { $env:SANDBOX_URL } else { 'http://127.0.0.1:7080' }
$logs = '.dev-logs'
New-Item -ItemType Directory -Force $logs | Out-Null
if (-not (Test-Path local.settings.json)) {
  Copy-Item local.settings.sample.json local.settings.json
  Write-Host 'Created local.settings.json from local.settings.sample.json (development values).'
}
$values = (Get-Content -Raw local.settings.json | ConvertFrom-Json).Values
function Setting($name) { $e = [Environment]::GetEnvironmentVariable($name); if ($e) { $e } else { "$($values.$name)" } }
# A copy made before the host split still names the old custom-handler settings: say so (the app ignores them).
$old = @($values.PSObject.Properties.Name | Where-Object { $_ -like 'Schedules__*' })
if ($old.Count) { Write-Host "Note: local.settings.json sets $($old -join ', '), which Courier no longer reads; schedules are SCHEDULE_<JOB> settings now (e.g. SCHEDULE_RECOVER_PROCESSING). Compare with local.settings.sample.json." }
if ($values.FUNCTIONS_WORKER_RUNTIME -and $values.FUNCTIONS_WORKER_RUNTIME -ne 'dotnet-isolated') { Write-Host "Note: local.settings.json has FUNCTIONS_WORKER_RUNTIME=$($values.FUNCTIONS_WORKER_RUNTIME); Courier.Functions is now a dotnet-isolated app (see local.settings.sample.json)." }

function Listening($url) { # any HTTP answer
  try { Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 $url | Out-Null; $true }
  catch { [bool]$_.Exception.Response }
}
function WaitFor($url, $name, $proc, $log) {
  for ($i = 0; $i -lt 120; $i++) {
    try { Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 $url | Out-Null; return } catch { }
    if ($proc.HasExited) { Get-Content -Tail 20 $log -ErrorAction SilentlyContinue | Write-Host; throw "$name exited during start-up; see $log" }
    Start-Sleep -Milliseconds 500
  }
  throw "$name did not come up within 60 s; see $log"
}
# Stop one child: SIGTERM where there is one (Linux, macOS), a bounded wait, then a hard kill.
# Windows has no SIGTERM for console apps; there Ctrl-C already reached every child sharing this console.
function StopChild($entry, $seconds, $finished) {
  $p = $entry.Process
  if (-not $p -or $p.HasExited) { return }
  if (-not $IsWindows) { & kill -TERM $p.Id 2>$null }
  $deadline = [DateTime]::UtcNow.AddSeconds($seconds)
  while (-not $p.HasExited -and [DateTime]::UtcNow -lt $deadline) {
    if ($finished -and (& $finished)) { break }
    Start-Sleep -Milliseconds 100
  }
  if (-not $p.HasExited) {
    if (-not ($finished -and (& $finished))) { Write-Host "  $($entry.Name) did not stop within $seconds s: killing it." }
    Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue
  }
}
# Azurite closes its three services on SIGTERM (persisting .azurite/) and logs each, then may idle on timers for
# a minute; once all three are closed nothing is lost by ending it.
$azuriteClosed = { @(Select-String -Path "$logs/azurite.log" -Pattern 'service successfully closed' -ErrorAction SilentlyContinue).Count -ge 3 }

foreach ($url in $courier, $sandbox) {
  if (Listening $url) { throw "Something already listens on $url (another dev script?). Stop it, or set COURIER_URL / SANDBOX_URL." }
}
$children = [System.Collections.Generic.List[object]]::new()
function StartChild($name, $dir, $file, $arguments) {
  $p = Start-Process -PassThru -NoNewWindow -WorkingDirectory $dir -FilePath $file -ArgumentList $arguments `
    -RedirectStandardOutput "$logs/$($name.ToLower()).log" -RedirectStandardError "$logs/$($name.ToLower()).err"
  $children.Add([pscustomobject]@{ Name = $name; Process = $p }); $p
}
try {
  if (Listening 'http://127.0.0.1:10002/devstoreaccount1') {
    Write-Host 'Azurite is already running on 127.0.0.1:10000-10002; using it (it keeps running after Ctrl-C).'
  } else {
    Write-Host 'Starting Azurite (data in .azurite/)...'
    StartChild 'Azurite' '.' 'node' @($azuriteJs, '--silent', '--skipApiVersionCheck', '--location', '.azurite',
      '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1') | Out-Null
  }

  # Build first and run the built assemblies with `dotnet <dll>`: the process held here is the app's own
  # (under `dotnet run` a signal would reach only the CLI and could leave the app behind).
  Write-Host 'Building Courier.Standalone and Courier.Sandbox (Debug)...'
  $projects = 'src/Courier.Standalone/Courier.Standalone.csproj', 'src/Courier.Sandbox/Courier.Sandbox.csproj'
  foreach ($project in $projects) {
    dotnet build $project -c Debug --verbosity quiet -nologo
    if ($LASTEXITCODE) { throw "Build of $project failed." }
  }
  $courierDll = (dotnet msbuild $projects[0] -nologo -getProperty:TargetPath -p:Configuration=Debug).Trim()
  $sandboxDll = (dotnet msbuild $projects[1] -nologo -getProperty:TargetPath -p:Configuration=Debug).Trim()

  Write-Host "Starting the provider sandbox on $sandbox..."
  $p = StartChild 'Sandbox' 'src/Courier.Sandbox' 'dotnet' @("`"$sandboxDll`"", '--urls', $sandbox)
  WaitFor "$sandbox/_sandbox/health" 'The sandbox' $p "$logs/sandbox.log"
  if ($children[0].Name -eq 'Azurite') {
    for ($i = 0; $i -lt 60 -and -not (Listening 'http://127.0.0.1:10002/devstoreaccount1'); $i++) { Start-Sleep -Milliseconds 500 }
  }

  Write-Host "Starting Courier on $courier..."
  if (-not $env:ASPNETCORE_ENVIRONMENT) { $env:ASPNETCORE_ENVIRONMENT = 'Development' }
  # The app runs in its project folder (as `dotnet run` would); point it at the repository's settings file.
  $env:LocalSettingsPath = Join-Path (Get-Location) 'local.settings.json'
  if (-not $env:AzureWebJobsStorage) { $env:AzureWebJobsStorage = 'UseDevelopmentStorage=true' }
  # Every provider client points at the sandbox; against real services these settings are simply left unset.
  $env:GoogleAds__BaseUrl = $sandbox; $env:GoogleAds__TokenUrl = "$sandbox/token"; $env:Meta__BaseUrl = $sandbox
  $env:Sheets__BaseUrl = $sandbox; $env:Sheets__TokenUrl = "$sandbox/token"
  $env:Airtable__BaseUrl = $sandbox; $env:Drive__BaseUrl = $sandbox; $env:Drive__TokenUrl = "$sandbox/token"
  if (-not $env:PartnerDelivery__BaseId) { $env:PartnerDelivery__BaseId = 'appCourierDemo01' }
  $p = StartChild 'Courier' 'src/Courier.Standalone' 'dotnet' @("`"$courierDll`"", '--urls', $courier)
  WaitFor "$courier/healthz" 'Courier' $p "$logs/courier.log"

  $env:COURIER_URL = $courier; $env:SANDBOX_URL = $sandbox
  $env:CRON_SECRET = Setting 'CRON_SECRET'; $env:API_SECRET = Setting 'API_SECRET'
  $deliveries = Setting 'RUN_PENDING_DELIVERIES_SECRET'
  if ($env:ASPNETCORE_ENVIRONMENT -eq 'Development') {
    if (Get-Command bash -ErrorAction SilentlyContinue) { bash scripts/lib/seed-demo.sh } else { Write-Host 'bash not found: demo data not seeded.' }
  }
  function Shown($v) { if ($v) { $v } else { '(empty: its routes answer 404)' } }
  $cron = $env:CRON_SECRET
  Write-Host @"

Courier is running (src/Courier.Standalone, $($env:ASPNETCORE_ENVIRONMENT)).
  Health        $courier/healthz
  Status page   $courier/status          (Development on loopback: no sign-in needed)
  Status JSON   $courier/api/status      (Authorization: Bearer `$API_SECRET)
  Sandbox       $sandbox/_sandbox/ledgers (what the fake providers received)
  Logs          $logs/  (courier.log, sandbox.log, azurite.log; .err for standard error)

Secrets in use (from local.settings.json or your environment):
  CRON_SECRET=$(Shown $cron)
  API_SECRET=$(Shown $env:API_SECRET)
  RUN_PENDING_DELIVERIES_SECRET=$(Shown $deliveries)

Status:
  curl -H "Authorization: Bearer $($env:API_SECRET)" "$courier/api/status"

Run a job now through its twin (curl.exe on Windows PowerShell):
  curl -X POST -H "x-run-pending-deliveries-secret: $deliveries" "$courier/api/internal/run-pending-deliveries"
  curl -X POST -H "X-CRON-SECRET: $cron" "$courier/delivery/admin/run-artifact-worker"
  curl -X POST -H "Authorization: Bearer $cron" "$courier/api/cron/process-offline-conversions?limit=50"
  curl -X POST -H "Authorization: Bearer $cron" "$courier/api/cron/providers/recover-processing?min_age_minutes=15"
  curl -X POST -H "Authorization: Bearer $cron" "$courier/api/sync/write-back"
  curl -X POST -H "x-cron-secret: $cron" "$courier/api/social-auto-poster/runner"

Schedules are SCHEDULE_<JOB> settings (e.g. `$env:SCHEDULE_RECOVER_PROCESSING = '0 */5 * * * *').
Press Ctrl-C to stop.
"@
  while ($true) {
    $gone = $children | Where-Object { $_.Process.HasExited } | Select-Object -First 1
    if ($gone) { Write-Host "$($gone.Name) exited on its own; see $logs/. Stopping the rest."; break }
    Start-Sleep -Seconds 1
  }
}
finally {
  if ($children.Count) {
    Write-Host "`nStopping..."
    # Newest first: Courier, the sandbox, Azurite last.
    for ($i = $children.Count - 1; $i -ge 0; $i--) {
      $c = $children[$i]
      switch ($c.Name) {
        'Courier' { StopChild $c 6 $null }
        'Azurite' { StopChild $c 2 $azuriteClosed }
        default { StopChild $c 2 $null }
      }
    }
    Write-Host 'Stopped.'
  }
}
