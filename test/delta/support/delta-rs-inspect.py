"""Prints what delta-rs (the `deltalake` package) sees in a table, as JSON, for delta-rs-interop.test.ts.

usage: python delta-rs-inspect.py <table> [appId ...]
"""
import datetime as dt
import json
import os
import sys

import pyarrow as pa
from deltalake import DeltaTable

EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def canon(v):
    if isinstance(v, dt.datetime):
        epoch = EPOCH_UTC if v.tzinfo is not None else EPOCH_UTC.replace(tzinfo=None)
        return (v - epoch) // dt.timedelta(microseconds=1)
    if isinstance(v, dict):
        return [canon(x) for x in v.values()]
    if isinstance(v, list):
        return [canon(x) for x in v]
    return v


path, app_ids = sys.argv[1], sys.argv[2:]
t = DeltaTable(path)
data = pa.table(t.to_pyarrow_table())
protocol = t.protocol()
adds = pa.table(t.get_add_actions(flatten=True)).to_pylist()
history = t.history()
out = {
    "version": t.version(),
    "protocol": {
        "minReaderVersion": protocol.min_reader_version,
        "minWriterVersion": protocol.min_writer_version,
        "readerFeatures": protocol.reader_features,
        "writerFeatures": protocol.writer_features,
    },
    "arrowSchema": {f.name: str(f.type) for f in data.schema},
    "rows": [[canon(r[c]) for c in data.column_names] for r in data.to_pylist()],
    "columns": data.column_names,
    "history": [{"version": h.get("version"), "operation": h.get("operation"), "timestamp": h.get("timestamp")} for h in history],
    "txn": {a: t.transaction_version(a) for a in app_ids},
    "numFiles": len(adds),
    "numRecords": sum(a.get("num_records") or 0 for a in adds),
    "addStatsKeys": sorted(k for k in (adds[0].keys() if adds else [])),
    "firstAdd": {k: canon(v) for k, v in (adds[0].items() if adds else [])},
    "versionsReadable": [],
}
for v in range(0, t.version() + 1, max(1, t.version() // 5 or 1)):
    try:
        tv = DeltaTable(path, version=v)
        out["versionsReadable"].append([v, pa.table(tv.to_pyarrow_table()).num_rows])
    except Exception:  # commits removed by log cleanup
        pass
print(json.dumps(out, default=str))
# Skip interpreter teardown: delta-rs runtime threads sometimes abort at exit
# ("terminate called without an active exception") after all work is done.
sys.stdout.flush()
os._exit(0)
