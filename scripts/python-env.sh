#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment the reference-engine tests use, and prints
# the path of its python. Pinned versions live here only. The venv is reused when its pins match
# (a marker file holds them), and pip's download cache makes a rebuild cheap, so a second CI run
# downloads nothing. Usage: PY=$(scripts/python-env.sh) — progress goes to stderr.
set -euo pipefail

PINS="deltalake==1.6.6 pyarrow==26.0.1"
ROOT="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}"
HASH=$(printf '%s' "$PINS" | sha256sum | cut -c1-12)
VENV="$ROOT/venv-$HASH"

if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "$PINS" ]; then
  echo "python-env: creating $VENV ($PINS)" >&2
  rm -rf "$VENV"
  mkdir -p "$ROOT"
  python3 -m venv "$VENV" >&2
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install --disable-pip-version-check -q $PINS >&2
  printf '%s' "$PINS" > "$VENV/.pins"
else
  echo "python-env: reusing $VENV" >&2
fi
echo "$VENV/bin/python"
