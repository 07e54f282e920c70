"""Tables whose schema Spark changes, for the Delta source's schema-change rules
(test/oracle/delta-source-schema-changes.spark.ts): columns added by a mergeSchema append, a type
widened, a NOT NULL dropped, an overwrite that drops a column, column-mapping renames and drops;
and Spark's own AvailableNow stream that changes the table from inside its first batch. Called
through the oracle's `call` op: fn(spark, **args) -> JSON."""

import json


def _append(spark, path, rows, schema, **options):
    w = spark.createDataFrame(rows, schema).coalesce(1).write.format("delta").mode("append")
    for k, v in options.items():
        w = w.option(k, v)
    w.save(path)


def evolving(spark, path):
    """v0 create (name NOT NULL, type widening on), v1 append, v2 mergeSchema adds score, v3 id
    INT -> BIGINT, v4 append, v5 DROP NOT NULL on name, v6 append with a null name."""
    spark.sql(
        f"CREATE TABLE delta.`{path}` (id INT, name STRING NOT NULL) USING delta "
        "TBLPROPERTIES ('delta.enableTypeWidening' = 'true')"
    )
    _append(spark, path, [(1, "a")], "id INT, name STRING")
    _append(spark, path, [(2, "b", 2.5)], "id INT, name STRING, score DOUBLE", mergeSchema="true")
    spark.sql(f"ALTER TABLE delta.`{path}` CHANGE COLUMN id TYPE BIGINT")
    _append(spark, path, [(3, "c", 3.5)], "id BIGINT, name STRING, score DOUBLE")
    spark.sql(f"ALTER TABLE delta.`{path}` ALTER COLUMN name DROP NOT NULL")
    _append(spark, path, [(4, None, 4.5)], "id BIGINT, name STRING, score DOUBLE")
    return {}


def drop_score_by_overwrite(spark, path):
    """An overwrite with overwriteSchema that drops score (removes every file), then an append."""
    w = spark.createDataFrame([(5, "e")], "id BIGINT, name STRING").coalesce(1).write
    w.format("delta").mode("overwrite").option("overwriteSchema", "true").save(path)
    _append(spark, path, [(6, "f")], "id BIGINT, name STRING")
    return {}


def appends(spark, path, start, commits, not_null=False):
    """`commits` appends of one row each (ids from `start`); with not_null the table is created
    first with name NOT NULL."""
    if not_null:
        spark.sql(f"CREATE TABLE delta.`{path}` (id INT, name STRING NOT NULL) USING delta")
    for i in range(start, start + commits):
        _append(spark, path, [(i, f"n{i}")], "id INT, name STRING")
    return {}


def add_column(spark, path):
    """A mergeSchema append that adds score."""
    _append(spark, path, [(90, "n90", 9.5)], "id INT, name STRING, score DOUBLE", mergeSchema="true")
    return {}


def drop_not_null(spark, path):
    """DROP NOT NULL on name, then an append with a null name."""
    spark.sql(f"ALTER TABLE delta.`{path}` ALTER COLUMN name DROP NOT NULL")
    _append(spark, path, [(91, None)], "id INT, name STRING")
    return {}


def mapping_create(spark, path):
    """v0 create with column mapping (name mode), v1 append."""
    spark.sql(
        f"CREATE TABLE delta.`{path}` (id INT, name STRING, extra STRING) USING delta "
        "TBLPROPERTIES ('delta.columnMapping.mode' = 'name')"
    )
    _append(spark, path, [(1, "a", "x")], "id INT, name STRING, extra STRING")
    return {}


def mapping_rename(spark, path):
    """RENAME COLUMN name TO label, then an append."""
    spark.sql(f"ALTER TABLE delta.`{path}` RENAME COLUMN name TO label")
    _append(spark, path, [(2, "b", "y")], "id INT, label STRING, extra STRING")
    return {}


def mapping_drop(spark, path):
    """DROP COLUMN extra, append, ADD COLUMNS z, append; returns the version of the drop."""
    spark.sql(f"ALTER TABLE delta.`{path}` DROP COLUMN extra")
    version = spark.sql(f"DESCRIBE HISTORY delta.`{path}` LIMIT 1").collect()[0]["version"]
    _append(spark, path, [(3, "c")], "id INT, label STRING")
    spark.sql(f"ALTER TABLE delta.`{path}` ADD COLUMNS (z INT)")
    _append(spark, path, [(4, "d", 4)], "id INT, label STRING, z INT")
    return {"dropVersion": version}


def stream_changing(spark, path, checkpoint, readOptions, change):
    """Spark's AvailableNow stream of `path` whose first batch calls `change(spark, path)` (a
    function of this module) from foreachBatch: the batches and the error that stopped it."""
    from __main__ import error_of, rows_of  # the oracle process: spark_oracle.py

    reader = spark.readStream.format("delta")
    for k, v in readOptions.items():
        reader = reader.option(k, str(v))
    df = reader.load(path)
    batches = []

    def capture(bdf, batch_id):
        batches.append({"batchId": batch_id, "rows": rows_of(bdf)})
        if batch_id == 0:
            globals()[change](spark, path)

    out = {"batches": batches, "error": None}
    try:
        q = (
            df.writeStream.foreachBatch(capture)
            .option("checkpointLocation", checkpoint)
            .trigger(availableNow=True)
            .start()
        )
        q.awaitTermination()
    except Exception as e:  # noqa: BLE001
        out["error"] = error_of(e)
    json.dumps(out)
    return out
