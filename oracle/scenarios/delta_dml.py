"""Spark's side of test/oracle/delta-dml.spark.ts: DeltaTable.delete / update with Delta's Python
API (a `set` value given as a string is a SQL expression), run on a copy of the table our engine
changes, so that the test can compare the final tables and the commit's parameters and metrics.
Called through the oracle's `call` op."""

from delta.tables import DeltaTable


def dml(spark, path, op, condition=None, set=None):
    """Runs delete(condition) or update(condition, set); returns the newest commit's commitInfo
    (None when nothing was committed) or Spark's error."""
    from __main__ import error_of  # the oracle process: spark_oracle.py

    table = DeltaTable.forPath(spark, path)
    before = table.history(1).collect()[0]["version"]
    try:
        if op == "delete":
            table.delete(condition)
        else:
            table.update(condition=condition, set=set)
    except Exception as e:  # noqa: BLE001
        return {"error": error_of(e), "commit": None}
    last = spark.sql(f"DESCRIBE HISTORY delta.`{path}` LIMIT 1").collect()[0]
    if int(last["version"]) == before:
        return {"error": None, "commit": None}
    return {
        "error": None,
        "commit": {
            "version": int(last["version"]),
            "operation": last["operation"],
            "operationParameters": dict(last["operationParameters"]),
            "operationMetrics": dict(last["operationMetrics"]),
            "isolationLevel": last["isolationLevel"],
            "isBlindAppend": last["isBlindAppend"],
        },
    }
