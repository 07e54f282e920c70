#!/usr/bin/env bash
# Sets up (or reuses) what the notebook needs and prints the shell exports to use it:
#   - a Python venv with pinned JupyterLab + nbconvert + nbclient, cached under
#     ~/.cache/streamlake keyed by the pins (a marker file holds them), as scripts/python-env.sh
#     does: a second run creates nothing and downloads nothing;
#   - the Deno Jupyter kernel, from the pinned `deno` devDependency (node_modules), registered in a
#     project-local Jupyter data dir (.cache/notebook/jupyter) so nothing lands in the user's
#     ~/.local/share/jupyter; its kernel.json sets NO_COLOR=1 (else Deno prints ANSI colour codes
#     into cell outputs).
# Usage: eval "$(scripts/notebook-env.sh)" — then `jupyter lab` / `jupyter nbconvert` use the
# venv and see the "deno" kernel. Progress and errors go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

PINS="jupyterlab==4.6.6 nbconvert==7.17.2 nbclient==0.11.0"
ROOT="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}"
HASH=$(printf '%s' "$PINS" | sha256sum | cut -c1-12)
VENV="$ROOT/notebook-venv-$HASH"

log() { echo "notebook-env: $*" >&2; }

if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "$PINS" ]; then
  # One creator at a time: two test runs may ask together.
  mkdir -p "$ROOT"
  exec 9>"$ROOT/notebook-venv.lock"
  flock 9
  if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "$PINS" ]; then
    log "creating $VENV ($PINS; once, later runs reuse it)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" >&2
    # shellcheck disable=SC2086
    "$VENV/bin/pip" install --disable-pip-version-check -q $PINS >&2
    printf '%s' "$PINS" >"$VENV/.pins"
  fi
  exec 9>&-
else
  log "reusing $VENV"
fi

# The deno binary of the pinned npm package (its install script may not have run: npm can be set
# to skip install scripts, so ask the package's own resolver, which links the platform binary).
if [ ! -d node_modules/deno ]; then
  log "node_modules/deno is missing: run npm ci (deno is a pinned devDependency)"
  exit 1
fi
DENO=$(node -e 'process.stdout.write(require("./node_modules/deno/install_api.cjs").runInstall())')
[ -x "$DENO" ] || { log "no deno binary at $DENO; run npm ci again"; exit 1; }

DATA="$REPO/.cache/notebook/jupyter"
KERNEL="$DATA/kernels/deno/kernel.json"
# Re-register when the deno binary moved (another clone, a new version): kernel.json holds its path.
if [ ! -f "$KERNEL" ] || ! grep -qF "\"$DENO\"" "$KERNEL"; then
  log "registering the Deno kernel in $DATA"
  mkdir -p "$DATA"
  # deno jupyter --install writes to $XDG_DATA_HOME/jupyter/kernels/deno.
  XDG_DATA_HOME="$REPO/.cache/notebook" "$DENO" jupyter --install --force >&2
  "$VENV/bin/python" - "$KERNEL" "$DENO" <<'PY'
import json, sys
path, deno = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = json.load(f)
spec["argv"][0] = deno
spec.setdefault("env", {})["NO_COLOR"] = "1"
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
PY
fi

printf "export PATH='%s':\"\$PATH\"\n" "$VENV/bin"
printf "export JUPYTER_PATH='%s'\n" "$DATA"
printf "export STREAMLAKE_DENO='%s'\n" "$DENO"
