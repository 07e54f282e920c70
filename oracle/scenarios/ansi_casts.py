"""Spark's side of test/oracle/ansi-casts.spark.ts: CAST(CAST(text AS from) AS to) under Spark 4's
default ANSI mode, each as its string form (CAST(... AS STRING)) or Spark's error class, and the
same through try_cast. Called through the oracle's `call` op."""


def casts(spark, cases):
    from __main__ import error_of  # the oracle process: spark_oracle.py

    out = []
    for c in cases:
        row = {}
        for fn in ("CAST", "TRY_CAST"):
            text = "NULL" if c["value"] is None else "'" + c["value"].replace("'", "''") + "'"
            sql = f"SELECT CAST({fn}(CAST({text} AS {c['from']}) AS {c['to']}) AS STRING) AS v"
            try:
                row[fn] = {"value": spark.sql(sql).collect()[0]["v"], "error": None}
            except Exception as e:  # noqa: BLE001
                err = error_of(e)
                row[fn] = {"value": None, "error": err.get("errorClass", err["class"])}
        out.append(row)
    return out
