"""Spark's side of test/oracle/ansi-mode.spark.ts: casts, try_cast and arithmetic with
spark.sql.ansi.enabled true and false, each as its string form or Spark's error class."""

from pyspark.sql import functions as F


def _one(spark, sql):
    from __main__ import error_of  # the oracle process: spark_oracle.py

    try:
        return {"value": spark.sql(sql).collect()[0]["v"], "error": None}
    except Exception as e:  # noqa: BLE001
        err = error_of(e)
        return {"value": None, "error": err.get("errorClass", err["class"])}


def _text(v):
    return "NULL" if v is None else "'" + v.replace("'", "''") + "'"


def run(spark, casts, arithmetic, unary, sums):
    out = {}
    try:
        for ansi in ("true", "false"):
            spark.conf.set("spark.sql.ansi.enabled", ansi)
            out[ansi] = {
                "casts": [
                    _one(spark, f"SELECT CAST(CAST(CAST({_text(c['value'])} AS {c['from']}) AS {c['to']}) AS STRING) AS v")
                    for c in casts
                ],
                "tryCasts": [
                    _one(spark, f"SELECT CAST(TRY_CAST(CAST({_text(c['value'])} AS {c['from']}) AS {c['to']}) AS STRING) AS v")
                    for c in casts
                ],
                "arithmetic": [
                    _one(
                        spark,
                        f"SELECT CAST(CAST({_text(a['a'])} AS {a['type']}) {a['op']} CAST({_text(a['b'])} AS {a['type']}) AS STRING) AS v",
                    )
                    for a in arithmetic
                ],
                "unary": [
                    _one(spark, f"SELECT CAST({u['fn']}(CAST({_text(u['a'])} AS {u['type']})) AS STRING) AS v")
                    for u in unary
                ],
                "sums": [
                    _one(
                        spark,
                        "SELECT CAST(" + s.get("fn", "sum") + "(CAST(x AS " + s["type"] + ")) AS STRING) AS v FROM VALUES "
                        + ", ".join("(" + _text(x) + ")" for x in s["values"])
                        + " AS t(x)",
                    )
                    for s in sums
                ],
            }
            df = spark.createDataFrame([("12",), ("1.9",), ("x",)], "x STRING")
            t = df.select(F.col("x").try_cast("int"))
            out[ansi]["tryCastColumn"] = {"columns": t.columns, "rows": [r[0] for r in t.collect()]}
    finally:
        spark.conf.unset("spark.sql.ansi.enabled")
    return out
