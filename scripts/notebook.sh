#!/usr/bin/env bash
# `npm run notebook`: JupyterLab on notebooks/streaming_demo.ipynb with Deno's kernel, listening on
# loopback only (port STREAMLAKE_NOTEBOOK_PORT, default 8888, or the next free one). Jupyter prints
# the URL to open, token included. The first run sets up the cached venv (scripts/notebook-env.sh);
# extra arguments go to `jupyter lab` (e.g. --no-browser). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/notebook-env.sh)"
# Jupyter refuses to run as root unless told (containers, CI machines).
as_root=()
if [ "$(id -u)" -eq 0 ]; then as_root=(--allow-root); fi
exec jupyter lab "${as_root[@]}" \
  --ServerApp.ip=127.0.0.1 \
  --ServerApp.port="${STREAMLAKE_NOTEBOOK_PORT:-8888}" \
  --ServerApp.root_dir="$PWD" \
  "$@" notebooks/streaming_demo.ipynb
