#!/usr/bin/env bash
# Regenerates docs/notebook/*.png: executes notebooks/streaming_demo.ipynb headless (as
# `npm run test:notebook` does, in a temporary folder), renders the executed notebook to HTML with
# nbconvert, and screenshots it in headless Chromium (scripts/chromium-env.sh finds or installs
# it; playwright-core drives it). Usage: npm run build && scripts/notebook-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/notebook-env.sh)"
CHROMIUM=$(scripts/chromium-env.sh)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
STREAMLAKE_NOTEBOOK_WORK="$TMP/work" jupyter nbconvert --to notebook --execute \
  --output-dir "$TMP" --output executed.ipynb notebooks/streaming_demo.ipynb
jupyter nbconvert --to html --output-dir "$TMP" --output executed.html "$TMP/executed.ipynb"
mkdir -p docs/notebook
node scripts/notebook-screenshot.mjs "$CHROMIUM" "$TMP/executed.html" docs/notebook
