#!/usr/bin/env python3
"""Dumps what delta-rs reads from each golden fixture table, for streamlake's reader tests.

Expected contents must not come from our own code, so this script asks delta-rs (the `deltalake`
package) instead. Run it in a throwaway venv:

    python3 -m venv /tmp/dlvenv && /tmp/dlvenv/bin/pip install deltalake pyarrow
    /tmp/dlvenv/bin/python scripts/golden-expectations.py

For every table under test/fixtures/delta-golden/ it writes
test/fixtures/delta-golden-expected/<table>.json:

    {"table": ..., "deltalake": <version>, "version": <latest version>,
     "schema": <Delta schema JSON>, "columns": [...], "rows": [[...], ...],
     "add_paths": [...], "versions": {"<v>": [[...], ...]}, "error": "..."}

Rows are positional in Delta schema order and canonical: timestamps as microseconds since the
epoch (integers), dates as days, decimals as floats, binary as hex, structs as lists, maps as
lists of [key, value], NaN/Infinity as strings. Rows are sorted by their JSON text here for
readability; the tests sort again after canonicalizing both sides.
"""
import datetime as dt
import decimal
import json
import math
import pathlib
import sys

import deltalake
import pyarrow as pa
from deltalake import DeltaTable

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "test" / "fixtures" / "delta-golden"
OUT = ROOT / "test" / "fixtures" / "delta-golden-expected"
EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = dt.datetime(1970, 1, 1)
MAX_TIME_TRAVEL_VERSIONS = 20


def canon(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            return (v - EPOCH_UTC) // dt.timedelta(microseconds=1)
        return (v - EPOCH) // dt.timedelta(microseconds=1)
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, dict):
        return [canon(x) for x in v.values()]
    if isinstance(v, list):
        if v and all(isinstance(x, tuple) for x in v):
            return [[canon(k), canon(x)] for k, x in v]
        return [canon(x) for x in v]
    return v


def first_line(e):
    return str(e).strip().splitlines()[0][:300] if str(e).strip() else ""


def rows_of(table, columns):
    data = table.to_pyarrow_table()
    present = [c for c in columns if c in data.column_names]
    pylist = data.select(present).to_pylist()
    rows = [[canon(r.get(c)) for c in columns] for r in pylist]
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    return rows


def dump(table_dir):
    result = {"table": table_dir.name, "deltalake": deltalake.__version__}
    try:
        t = DeltaTable(str(table_dir))
        schema = json.loads(t.schema().to_json())
        columns = [f["name"] for f in schema["fields"]]
        result.update(version=t.version(), schema=schema, columns=columns)
        actions = pa.table(t.get_add_actions(flatten=True)).to_pydict()
        result["add_paths"] = sorted(actions.get("path", []))
        try:
            result["rows"] = rows_of(t, columns)
        except Exception as e:  # log-only tables reference files that do not exist
            result["rows_error"] = f"{type(e).__name__}: {first_line(e)}"
        if t.version() <= MAX_TIME_TRAVEL_VERSIONS:
            versions = {}
            for v in range(t.version() + 1):
                try:
                    tv = DeltaTable(str(table_dir), version=v)
                    vcols = [f["name"] for f in json.loads(tv.schema().to_json())["fields"]]
                    versions[str(v)] = {"columns": vcols, "rows": rows_of(tv, vcols)}
                except Exception:
                    pass
            result["versions"] = versions
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {first_line(e)}"
    return result


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    names = sys.argv[1:] or sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    for name in names:
        existing = OUT / f"{name}.json"
        if not sys.argv[1:] and existing.exists() and "reader" in json.loads(existing.read_text()):
            # Written by scripts/golden-expectations-spark.py: delta-rs cannot read that table.
            print(f"{name}: kept (expectations from Spark)")
            continue
        result = dump(FIXTURES / name)
        (OUT / f"{name}.json").write_text(json.dumps(result, indent=1, sort_keys=False) + "\n")
        status = result.get("error") or result.get("rows_error") or f"{len(result.get('rows', []))} rows"
        print(f"{name}: v{result.get('version')} {status}")


if __name__ == "__main__":
    main()
