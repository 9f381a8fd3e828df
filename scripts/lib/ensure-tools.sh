# Installs what Courier's scripts need when it is missing: the .NET SDK check, Node/npm, Azurite (npm ci).
# Sourced by dev.sh and test.sh; expects to run from the repository root.

courier_ensure_tools() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is missing. Install it (https://dot.net) and run this again." >&2
    return 1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
      echo "Installing Node.js and npm (for Azurite)..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "Node.js and npm are missing: install them (Azurite, the Storage emulator, runs on Node)." >&2
      return 1
    fi
  fi
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing Azurite (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
