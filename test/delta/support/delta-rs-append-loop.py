"""Appends `count` one-row commits with delta-rs to an existing table (concurrency test).

usage: python delta-rs-append-loop.py <table> <count>
"""
import os
import sys

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

path, count = sys.argv[1], int(sys.argv[2])
schema = pa.schema([pa.field("writer", pa.string()), pa.field("n", pa.int64())])
for i in range(count):
    write_deltalake(path, pa.table({"writer": ["delta-rs"], "n": [i]}, schema=schema), mode="append")
print(DeltaTable(path).version())
# Skip interpreter teardown: delta-rs runtime threads sometimes abort at exit
# ("terminate called without an active exception") after all work is done.
sys.stdout.flush()
os._exit(0)
