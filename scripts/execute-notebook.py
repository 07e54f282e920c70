#!/usr/bin/env python3
"""Executes a notebook on its kernel and writes the executed copy: `jupyter nbconvert --execute`,
but keeping every output. Deno's kernel (2.9) sometimes reports a cell idle before it sends the
cell's last outputs (its execute_result, or the last Deno.jupyter.display): nbclient stops
listening at "idle" and drops them, so a notebook executed headless lost an output now and then
(often on a loaded machine). Here each output goes to the cell whose request it answers (its
parent msg_id), whenever it arrives, and the run ends only after the kernel has been quiet.

Like nbconvert: the kernel runs in the notebook's folder; the first cell that fails stops the
run (the rest stay unexecuted), the executed copy is still written, and the exit code is 1.

Usage: python execute-notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS_PER_CELL]
Needs jupyter_client and nbformat (the venv of scripts/notebook-env.sh).
"""
import argparse
import os
import queue
import sys
import time

import nbformat
from jupyter_client.manager import start_new_kernel
from nbformat.v4 import output_from_msg

QUIET_SECONDS = 1.0  # after the last cell: no message for this long = nothing more will come
MAX_FINAL_WAIT = 10.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    cwd = os.path.dirname(os.path.abspath(args.notebook))
    km, kc = start_new_kernel(kernel_name=nb.metadata.kernelspec.name, cwd=cwd)
    owner = {}  # request msg_id -> cell
    failure = None
    try:

        def handle(msg) -> None:
            cell = owner.get(msg["parent_header"].get("msg_id"))
            if cell is None:
                return
            kind = msg["msg_type"]
            if kind in ("stream", "display_data", "execute_result", "error"):
                out = output_from_msg(msg)
                last = cell.outputs[-1] if cell.outputs else None
                if kind == "stream" and last is not None and last.output_type == "stream" and last.name == out.name:
                    last.text += out.text
                else:
                    cell.outputs.append(out)
            elif kind == "clear_output":
                cell.outputs = []

        def drain(seconds: float) -> bool:
            """Handles iopub messages for `seconds`; True when at least one arrived."""
            end = time.monotonic() + seconds
            got = False
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    return got
                try:
                    handle(kc.get_iopub_msg(timeout=left))
                    got = True
                except queue.Empty:
                    return got

        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if not cell.source.strip():
                continue
            msg_id = kc.execute(cell.source, allow_stdin=False, stop_on_error=True)
            owner[msg_id] = cell
            deadline = time.monotonic() + args.timeout
            reply = None
            while reply is None:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"a cell ran longer than {args.timeout} s:\n{cell.source}")
                drain(0.05)
                try:
                    msg = kc.get_shell_msg(timeout=0.05)
                except queue.Empty:
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            cell.execution_count = reply.get("execution_count")
            if reply["status"] != "ok":
                failure = (cell, reply)
                break

        # Late outputs of the last cells: wait until the kernel has been quiet for a while.
        end = time.monotonic() + MAX_FINAL_WAIT
        while time.monotonic() < end and drain(QUIET_SECONDS):
            pass
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    nbformat.write(nb, args.output)
    if failure is not None:
        cell, reply = failure
        traceback = "\n".join(reply.get("traceback", []))
        print(
            f"execute-notebook: a cell failed: {reply.get('ename')}: {reply.get('evalue')}\n"
            f"--- cell ---\n{cell.source}\n--- traceback ---\n{traceback}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
