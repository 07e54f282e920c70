"""Exact longs and timestamps (issue #17 item 1): Delta tables with values a double would round,
written and read by Spark, every value returned as text so that nothing on the way rounds it
(Node's JSON.parse would). Called through the oracle's `call` op: fn(spark, **args) → JSON."""

# Long.MIN/MAX, 2^53 + 1, and 0001-01-01 / 9999-12-31 23:59:59.999999 UTC in microseconds.
_ROWS = """
  (9007199254740993L, 253402300799999999L, 'a', 9223372036854775807L),
  (9223372036854775807L, -62135596800000000L, NULL, -9223372036854775808L),
  (-9223372036854775808L, -62135596799999999L, '__HIVE_DEFAULT_PARTITION__', 9007199254740993L),
  (1L, 1795515330123456L, '', 1L)
"""


def spark_extremes(spark, path):
    """Spark writes the extremes, partitioned by a string (null, '' and the literal default-
    partition name) and by a long; returns the partitionValues of its log."""
    df = spark.sql(
        f"""SELECT id, timestamp_micros(us) AS ts, CAST(timestamp_micros(us) AS TIMESTAMP_NTZ) AS ntz,
                  p, big
           FROM VALUES {_ROWS} AS t(id, us, p, big)"""
    )
    df.write.format("delta").partitionBy("p", "big").save(path)
    return {"partitionValues": _partition_values(spark, path)}


def _partition_values(spark, path):
    import glob
    import json

    out = []
    for f in sorted(glob.glob(f"{path}/_delta_log/*.json")):
        with open(f) as fh:
            for line in fh:
                a = json.loads(line)
                if "add" in a:
                    out.append(a["add"]["partitionValues"])
    return sorted(out, key=lambda v: json.dumps(v, sort_keys=True))


def read_exact(spark, path):
    """Spark's reading of a table with columns id, ts[, ntz][, p, big], every value as text."""
    df = spark.read.format("delta").load(path)
    cols = df.columns
    exprs = ["CAST(id AS STRING) AS id", "CAST(unix_micros(ts) AS STRING) AS ts"]
    if "ntz" in cols:
        exprs.append("CAST(unix_micros(CAST(ntz AS TIMESTAMP)) AS STRING) AS ntz")
    for c in ("p", "big"):
        if c in cols:
            exprs.append(f"CAST({c} AS STRING) AS {c}")
    rows = [list(r) for r in df.selectExpr(*exprs).collect()]
    return {"columns": [e.split(" AS ")[-1] for e in exprs], "rows": sorted(rows, key=str)}


def aggregates(spark, path):
    """sum/min/max over the table as Spark computes them (as text), and whether a long sum past
    64 bits fails (ANSI mode) or wraps."""
    spark.read.format("delta").load(path).createOrReplaceTempView("exact_t")
    row = spark.sql(
        """SELECT CAST(sum(id) AS STRING), CAST(min(id) AS STRING), CAST(max(id) AS STRING),
                  CAST(unix_micros(max(ts)) AS STRING), CAST(unix_micros(min(ts)) AS STRING)
           FROM exact_t WHERE id <> 9223372036854775807"""
    ).collect()[0]
    out = {"ansi": spark.conf.get("spark.sql.ansi.enabled"), "values": list(row)}
    try:
        spark.sql("SELECT sum(id) FROM VALUES (9223372036854775807L), (1L) AS t(id)").collect()
        out["overflow"] = None
    except Exception as e:  # noqa: BLE001
        c = getattr(e, "getCondition", None)
        out["overflow"] = (c() if c else None) or type(e).__name__
    return out
