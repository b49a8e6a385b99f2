#!/usr/bin/env bash
# Installs the test host (code-server 4.100.3 = VS Code 1.100.3, plus Debian's chromium) into
# .tools/code-server (gitignored) with the shared installer beside the checkout, ../shared/tools.
# Idempotent (a second run takes a few seconds). Prints `export CODE_SERVER_BIN=...` on stdout, so:
#   eval "$(scripts/install-code-server.sh)"
# Env: ECS_SHARED_DIR overrides where shared/ is (default: <repo>/../shared).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${ECS_SHARED_DIR:-$(dirname "$root")/shared}
installer=$shared/tools/code-server-install.sh
if [ ! -f "$installer" ]; then
  echo "install-code-server: $installer not found (shared/ must sit beside the checkout, or set ECS_SHARED_DIR)" >&2
  exit 1
fi
# The installer is read-only in CI's copy of shared/: run it through bash, not by its exec bit.
bash "$installer" "$root/.tools/code-server"
