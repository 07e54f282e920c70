"""Appends rows with delta-rs onto an existing table, then forces a delta-rs checkpoint.

usage: python delta-rs-append.py <table> <appId> <version>
Rows follow test/delta/support/sample-table.ts EVENT_SCHEMA (5 rows, seq 900000+i).
"""
import datetime as dt
import os
import sys

import pyarrow as pa
from deltalake import CommitProperties, DeltaTable, Transaction, write_deltalake

path, app_id, version = sys.argv[1], sys.argv[2], int(sys.argv[3])
ts = pa.timestamp("us", tz="UTC")
start = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
window = pa.struct([pa.field("start", ts), pa.field("end", ts)])
schema = pa.schema(
    [
        pa.field("event_id", pa.string()),
        pa.field("user_id", pa.int32()),
        pa.field("amount", pa.float64()),
        pa.field("seq", pa.int64()),
        pa.field("event_time", ts),
        pa.field("window", window),
    ]
)
rows = {
    "event_id": [f"rs-{i}" for i in range(5)],
    "user_id": list(range(5)),
    "amount": [0.5 * i for i in range(5)],
    "seq": [900000 + i for i in range(5)],
    "event_time": [start + dt.timedelta(seconds=i) for i in range(5)],
    "window": [{"start": start, "end": start + dt.timedelta(minutes=1)} for _ in range(5)],
}
write_deltalake(
    path,
    pa.table(rows, schema=schema),
    mode="append",
    commit_properties=CommitProperties(app_transactions=[Transaction(app_id=app_id, version=version)]),
)
DeltaTable(path).create_checkpoint()
print(DeltaTable(path).version())
# Skip interpreter teardown: delta-rs runtime threads sometimes abort at exit
# ("terminate called without an active exception") after all work is done.
sys.stdout.flush()
os._exit(0)
