"""Tables for the Delta streaming source scenarios (test/oracle/delta-stream-source.spark.ts):
appends of one file each, OPTIMIZE, DELETE — written by Spark, read as a stream by Spark and by
streamlake. Called through the oracle's `call` op: fn(spark, **args) → JSON."""

SCHEMA = "id INT, name STRING"


def appends(spark, path, start, commits, rows=3):
    """`commits` appends of `rows` rows each, one file per commit (ids from `start`)."""
    for c in range(commits):
        first = start + c * rows
        data = [(i, f"n{i}") for i in range(first, first + rows)]
        spark.createDataFrame(data, SCHEMA).coalesce(1).write.format("delta").mode("append").save(path)
    return {}


def optimize(spark, path):
    """Bin-packing compaction: removes and adds with dataChange=false."""
    spark.sql(f"OPTIMIZE delta.`{path}`")
    return {}


def delete_where(spark, path, where):
    spark.sql(f"DELETE FROM delta.`{path}` WHERE {where}")
    return {}
