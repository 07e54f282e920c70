"""Tables for the maintenance scenarios (test/oracle/delta-maintenance.spark.ts): small appends
and OPTIMIZE written by Spark, and DESCRIBE HISTORY as Spark sees a table our OPTIMIZE, RESTORE
and VACUUM changed. Called through the oracle's `call` op: fn(spark, **args) → JSON."""

SCHEMA = "id INT, p STRING"


def appends(spark, path, start, commits):
    """`commits` appends of two rows each (p = 'a' and 'b'), partitioned by p, one file per
    partition per commit."""
    for c in range(commits):
        first = start + c * 2
        data = [(first, "a"), (first + 1, "b")]
        (
            spark.createDataFrame(data, SCHEMA)
            .write.format("delta")
            .mode("append")
            .partitionBy("p")
            .save(path)
        )
    return {}


def optimize(spark, path):
    spark.sql(f"OPTIMIZE delta.`{path}`")
    return {}


def history(spark, path):
    """DESCRIBE HISTORY, oldest first: the fields Delta's readers act on."""
    rows = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").collect()
    return [
        {
            "version": r["version"],
            "operation": r["operation"],
            "operationParameters": dict(r["operationParameters"] or {}),
            "operationMetrics": dict(r["operationMetrics"] or {}),
            "isolationLevel": r["isolationLevel"],
            "isBlindAppend": r["isBlindAppend"],
        }
        for r in sorted(rows, key=lambda r: r["version"])
    ]


def count_files(spark, path):
    """Live files of the latest version, as Spark's snapshot lists them."""
    return spark.sql(f"DESCRIBE DETAIL delta.`{path}`").collect()[0]["numFiles"]
