# Installs what Courier's scripts need when it is missing: the .NET SDK check, Node/npm, Azurite (npm ci).
# Sourced by dev.sh and test.sh; expects to run from the repository root.

# True when node_modules holds the Azurite that package-lock.json pins (by content: a fresh checkout's
# package-lock.json is newer than any install, so file times say nothing).
courier_azurite_current() {
  [ -x node_modules/.bin/azurite ] && [ -f node_modules/azurite/package.json ] || return 1
  node -e '
    const want = (require("./package-lock.json").packages || {})["node_modules/azurite"];
    const have = require("./node_modules/azurite/package.json");
    process.exit(want && want.version === have.version ? 0 : 1);' 2>/dev/null
}

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
  courier_azurite_current && return 0
  if [ -L node_modules ]; then
    # A shared node_modules (a link, e.g. from a git worktree): npm ci would replace the link and empty its target.
    if [ -x node_modules/.bin/azurite ]; then
      echo "Note: node_modules is a link to $(readlink node_modules) and its Azurite differs from package-lock.json; run npm ci there to update it." >&2
      return 0
    fi
    echo "node_modules is a link to $(readlink node_modules) without Azurite: run npm ci there (not here, which would replace the link)." >&2
    return 1
  fi
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
}

# Debian's Chromium for the browser tests (tests/Courier.Browser.Tests drive it with Playwright; Playwright's own browser
# download is never used). Installed with apt when missing and this runs as root; otherwise those tests fail, saying so.
courier_ensure_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium (for the status page's browser test)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && return 0
  fi
  echo "Chromium is missing: install Debian's chromium package (or set CHROMIUM_PATH) for the browser tests." >&2
  return 0
}
