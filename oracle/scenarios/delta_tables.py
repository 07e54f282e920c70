"""Delta tables written by Spark (default settings) and by delta-rs, for our reader to read
(delta-notes §10.3). Called through the oracle's `call` op: fn(spark, **args) → JSON."""

import datetime as dt

from pyspark.sql import functions as F

SCHEMA = "id BIGINT, name STRING, ts TIMESTAMP, amount DOUBLE, day DATE, part STRING"


def _rows(start, n):
    base = dt.datetime(2026, 11, 24, 10, 0, 0)
    parts = ["a", "b c", "ü/x=1", None]
    return [
        (
            i,
            None if i % 7 == 0 else f"name-{i}",
            base + dt.timedelta(seconds=i, microseconds=i * 1001),
            i * 1.5,
            dt.date(2026, 1, 1) + dt.timedelta(days=i % 5),
            parts[i % len(parts)],
        )
        for i in range(start, start + n)
    ]


def spark_appends_with_delete(spark, path, commits=26):
    """`commits` appends (checkpoints at 10, 20), then a DELETE (remove actions)."""
    for c in range(commits):
        spark.createDataFrame(_rows(c * 3, 3), SCHEMA).coalesce(1).write.format("delta").mode(
            "append"
        ).save(path)
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 4 = 1")
    return {"commits": commits + 1}


def spark_partitioned(spark, path, commits=3):
    """Partitioned by a string (spaces, non-ASCII, '/', '=', null) and a date."""
    for c in range(commits):
        spark.createDataFrame(_rows(c * 8, 8), SCHEMA).write.format("delta").mode("append").partitionBy(
            "part", "day"
        ).save(path)
    spark.sql(f"DELETE FROM delta.`{path}` WHERE part = 'a'")
    return {}


def spark_streaming(spark, input, path, checkpoint, schema):
    """Spark's own Delta streaming sink (txn actions, STREAMING UPDATE)."""
    q = (
        spark.readStream.format("json")
        .schema(schema)
        .option("maxFilesPerTrigger", "1")
        .load(input)
        .writeStream.format("delta")
        .option("checkpointLocation", checkpoint)
        .trigger(availableNow=True)
        .start(path)
    )
    q.awaitTermination()
    return {"queryId": q.id}


def delta_rs_table(spark, path):
    """delta-rs defaults: several appends (one partitioned by `part`), a delete, a checkpoint."""
    import pyarrow as pa
    from deltalake import DeltaTable, write_deltalake

    for c in range(4):
        rows = _rows(c * 5, 5)
        table = pa.table(
            {
                "id": pa.array([r[0] for r in rows], pa.int64()),
                "name": pa.array([r[1] for r in rows], pa.string()),
                "ts": pa.array([r[2].replace(tzinfo=dt.timezone.utc) for r in rows], pa.timestamp("us", "UTC")),
                "amount": pa.array([r[3] for r in rows], pa.float64()),
                "day": pa.array([r[4] for r in rows], pa.date32()),
                "part": pa.array([r[5] for r in rows], pa.string()),
            }
        )
        write_deltalake(path, table, mode="append", partition_by=["part"])
    dt_ = DeltaTable(path)
    dt_.delete("id = 3")
    dt_.create_checkpoint()
    return {"version": DeltaTable(path).version()}
