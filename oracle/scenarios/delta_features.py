"""Delta tables written by Spark with the features Spark 4 and Databricks turn on — deletion
vectors, column mapping, V2 checkpoints, timestamp_ntz — for our reader to read the same as Spark
(issue #17 item 5). Called through the oracle's `call` op: fn(spark, **args) → JSON."""

import datetime as dt

SCHEMA = "id BIGINT, name STRING, info STRUCT<a: INT, b: STRING>, tags ARRAY<STRING>, part STRING"


def _rows(start, n):
    return [
        (
            i,
            None if i % 7 == 0 else f"name-{i}",
            (i * 10, f"b{i}"),
            [f"t{i}", f"u{i % 3}"],
            ["x", "y z", None][i % 3],
        )
        for i in range(start, start + n)
    ]


def _append(spark, path, start, n, partitioned=False):
    w = spark.createDataFrame(_rows(start, n), SCHEMA).coalesce(1).write.format("delta").mode("append")
    if partitioned:
        w = w.partitionBy("part")
    w.save(path)


def deletion_vectors(spark, path):
    """DVs on (Spark's DELETE/UPDATE write them instead of rewriting files), partitioned."""
    spark.createDataFrame([], SCHEMA).write.format("delta").partitionBy("part").option(
        "delta.enableDeletionVectors", "true"
    ).save(path)
    for c in range(3):
        _append(spark, path, c * 20, 20, partitioned=True)
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 5 = 1")
    spark.sql(f"UPDATE delta.`{path}` SET name = 'updated' WHERE id % 6 = 2")
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 5 = 3")
    return {}


def deletion_vectors_checkpointed(spark, path):
    """DVs on a non-partitioned table with a checkpoint every 2 commits (DVs inside checkpoints)."""
    spark.createDataFrame([], SCHEMA).write.format("delta").option(
        "delta.enableDeletionVectors", "true"
    ).option("delta.checkpointInterval", "2").save(path)
    _append(spark, path, 0, 50)
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 3 = 0")
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 4 = 0")
    _append(spark, path, 50, 10)
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id >= 55")
    return {}


def column_mapping(spark, path, mode):
    """Column mapping with RENAME COLUMN (top level and nested), DROP COLUMN, ADD COLUMN."""
    spark.createDataFrame([], SCHEMA).write.format("delta").partitionBy("part").option(
        "delta.columnMapping.mode", mode
    ).save(path)
    _append(spark, path, 0, 10, partitioned=True)
    spark.sql(f"ALTER TABLE delta.`{path}` RENAME COLUMN name TO full_name")
    spark.sql(f"ALTER TABLE delta.`{path}` RENAME COLUMN info.b TO label")
    spark.sql(f"ALTER TABLE delta.`{path}` RENAME COLUMN part TO region")
    spark.sql(f"ALTER TABLE delta.`{path}` DROP COLUMN tags")
    spark.sql(f"ALTER TABLE delta.`{path}` ADD COLUMNS (tags STRING)")
    spark.sql(
        f"INSERT INTO delta.`{path}` (id, full_name, info, region, tags) "
        "VALUES (100, 'new', named_struct('a', 1, 'label', 'l'), 'x', 'fresh')"
    )
    return {}


def v2_checkpoints(spark, path, fmt):
    """checkpointPolicy=v2, a checkpoint every 3 commits, in `fmt` (json or parquet), with sidecars."""
    spark.conf.set("spark.databricks.delta.checkpointV2.topLevelFileFormat", fmt)
    try:
        spark.createDataFrame([], SCHEMA).write.format("delta").option(
            "delta.checkpointPolicy", "v2"
        ).option("delta.checkpointInterval", "3").save(path)
        for c in range(7):
            _append(spark, path, c * 4, 4)
        spark.sql(f"DELETE FROM delta.`{path}` WHERE id % 4 = 0")
    finally:
        spark.conf.unset("spark.databricks.delta.checkpointV2.topLevelFileFormat")
    return {}


def timestamp_ntz(spark, path):
    """TIMESTAMP_NTZ columns (one partition column), values far from 1970 included."""
    rows = [
        (1, dt.datetime(2021, 11, 18, 2, 30, 0, 123456), dt.datetime(2013, 7, 5, 17, 1, 0, 123456)),
        (2, dt.datetime(1899, 12, 31, 23, 59, 59, 999999), dt.datetime(2013, 7, 5, 17, 1, 0, 123456)),
        (3, None, None),
    ]
    spark.createDataFrame(rows, "id INT, ts TIMESTAMP_NTZ, pts TIMESTAMP_NTZ").write.format(
        "delta"
    ).partitionBy("pts").save(path)
    return {}
