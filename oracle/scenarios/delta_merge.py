"""Spark's side of test/oracle/delta-merge.spark.ts: the same MERGE, described as data, run with
Delta's Python DeltaMergeBuilder on a copy of the table our engine merges, so that the test can
compare the final tables, execute()'s row and the MERGE commit's parameters and metrics.
Called through the oracle's `call` op."""

from delta.tables import DeltaTable
from pyspark.sql import functions as F


def _source(spark, rows, ddl):
    """Rows arrive as lists of text (or null), cast to the DDL's types as Spark casts strings."""
    columns = [c.strip().split(" ", 1) for c in ddl.split(",")]
    df = spark.createDataFrame(rows, ", ".join(f"{n} STRING" for n, _ in columns))
    return df.select(*[F.col(n).cast(t).alias(n) for n, t in columns])


def merge(spark, path, source_rows, source_ddl, condition, clauses, schema_evolution=False):
    """Runs the MERGE; returns execute()'s rows (or Spark's error) and the commit's commitInfo."""
    from __main__ import error_of  # the oracle process: spark_oracle.py

    source = _source(spark, source_rows, source_ddl).alias("s")
    builder = DeltaTable.forPath(spark, path).alias("t").merge(source, condition)
    for c in clauses:
        kind, cond = c["kind"], c.get("condition")
        if kind == "matchedUpdate":
            builder = builder.whenMatchedUpdate(condition=cond, set=c["set"])
        elif kind == "matchedUpdateAll":
            builder = builder.whenMatchedUpdateAll(condition=cond)
        elif kind == "matchedDelete":
            builder = builder.whenMatchedDelete(condition=cond)
        elif kind == "notMatchedInsert":
            builder = builder.whenNotMatchedInsert(condition=cond, values=c["values"])
        elif kind == "notMatchedInsertAll":
            builder = builder.whenNotMatchedInsertAll(condition=cond)
        elif kind == "notMatchedBySourceUpdate":
            builder = builder.whenNotMatchedBySourceUpdate(condition=cond, set=c["set"])
        elif kind == "notMatchedBySourceDelete":
            builder = builder.whenNotMatchedBySourceDelete(condition=cond)
        else:
            raise ValueError(f"unknown clause kind {kind}")
    if schema_evolution:
        builder = builder.withSchemaEvolution()
    try:
        result = [[int(x) for x in r] for r in builder.execute().collect()]
    except Exception as e:  # noqa: BLE001
        return {"result": None, "error": error_of(e)}
    last = spark.sql(f"DESCRIBE HISTORY delta.`{path}` LIMIT 1").collect()[0]
    return {
        "result": result,
        "error": None,
        "operation": last["operation"],
        "operationParameters": dict(last["operationParameters"]),
        "operationMetrics": dict(last["operationMetrics"]),
        "isolationLevel": last["isolationLevel"],
        "isBlindAppend": last["isBlindAppend"],
        "version": int(last["version"]),
    }
