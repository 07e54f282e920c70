#!/usr/bin/env bash
# Finds (or installs) the Chromium the dashboard browser test drives, and prints its path.
# Order: $STREAMLAKE_CHROMIUM; a chromium already on PATH; else Debian's `chromium` package via
# apt-get when we may install packages (root, or sudo without a password). Idempotent: the second
# run finds what the first installed. playwright-core never downloads a browser here (the
# machine reaches package registries only), so the system browser is the one we use.
# Usage: CHROMIUM=$(scripts/chromium-env.sh) — progress and errors go to stderr; exit 1 with a
# message saying what to do when no browser can be found or installed.
set -euo pipefail

if [ -n "${STREAMLAKE_CHROMIUM:-}" ]; then
  if [ -x "$STREAMLAKE_CHROMIUM" ]; then
    echo "$STREAMLAKE_CHROMIUM"
    exit 0
  fi
  echo "chromium-env: STREAMLAKE_CHROMIUM=$STREAMLAKE_CHROMIUM is not an executable file; point it at a Chromium binary or unset it." >&2
  exit 1
fi

find_browser() {
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if find_browser; then exit 0; fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
fi
if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; }; then
  echo "chromium-env: no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH)" >&2
  echo "  and this user cannot install one with apt-get. Install it (Debian/Ubuntu: sudo apt-get install -y chromium)" >&2
  echo "  or set STREAMLAKE_CHROMIUM=/path/to/chromium, then run the tests again." >&2
  exit 1
fi

echo "chromium-env: installing Debian's chromium package (once; later runs reuse it)" >&2
# One installer at a time: parallel test workers or CI steps may ask together.
LOCK="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}/chromium-install.lock"
mkdir -p "$(dirname "$LOCK")"
exec 9>"$LOCK"
flock 9
if find_browser; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq >&2 && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >&2; }; then
  echo "chromium-env: apt-get could not install chromium (see above). Install it by hand" >&2
  echo "  (apt-get install -y chromium) or set STREAMLAKE_CHROMIUM=/path/to/chromium." >&2
  exit 1
fi
find_browser || { echo "chromium-env: chromium installed but not on PATH; set STREAMLAKE_CHROMIUM." >&2; exit 1; }
