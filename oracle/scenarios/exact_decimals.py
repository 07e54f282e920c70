"""Exact decimals (issue #17 item 1): Delta and Parquet tables with decimal(38,18), decimal(9,2),
decimal(18,4) values a double would round, written and read by Spark; arithmetic, casts and
aggregates as Spark computes them. Every value crosses as text (CAST(... AS STRING), Spark's
plain form with the scale's digits) so that nothing on the way rounds it. Called through the
oracle's `call` op: fn(spark, **args) → JSON."""

import glob
import json

_MAX38 = "99999999999999999999.999999999999999999"  # (10^38 - 1) / 10^18

# id, d38 decimal(38,18), d9 decimal(9,2), d18 decimal(18,4), part decimal(10,3) (partition column)
_ROWS = f"""
  (1, '12345.678900000000794535', '1234567.89', '99999999999999.9999', '1.500'),
  (2, '{_MAX38}', '-9999999.99', '-99999999999999.9999', '-2.250'),
  (3, '-{_MAX38}', '0.01', '0.0001', NULL),
  (4, '0', NULL, '12.34', '1.500')
"""

# Computed per row: name → SQL. Operand types chosen so nothing overflows (the overflow case is
# apart); the result types follow Spark's DecimalPrecision rules.
EXPRESSIONS = {
    "add": "d9 + d18",
    "sub": "d38 - d9",
    "mul": "d9 * d18",
    "div": "d18 / d9",
    "mod": "d38 % d9",
    "plus_int": "d9 + id",
    "times_lit": "d38 * 2",
    # (Not -d38: Spark 4.2 negates through 34 significant digits, so -(-(10^38-1)/10^18) rounds to
    # 100000000000000000000.0000000000000 and fails with NUMERIC_VALUE_OUT_OF_RANGE; ours is exact.)
    "neg": "-d18",
    "cast_scale": "CAST(d38 AS DECIMAL(38,2))",
    "cast_long": "CAST(d18 AS BIGINT)",
    "cast_widen": "CAST(d9 AS DECIMAL(12,5))",
    "cast_from_string": "CAST(CAST(d38 AS STRING) AS DECIMAL(38,18))",
    "gt": "d38 > d18",
}

AGGREGATES = {
    "sum_d38": "sum(d38)",
    # (avg(d38) here is -33333333333333329218.107…: 20 integer digits do not fit its type
    # decimal(38,22), so Spark fails — and so do we, SL_EXEC_DECIMAL_OVERFLOW.)
    "sum_d9": "sum(d9)",
    "avg_d9": "avg(d9)",
    "avg_d18": "avg(d18)",
    "min_d38": "min(d38)",
    "max_d38": "max(d38)",
    "min_d18": "min(d18)",
    "max_d9": "max(d9)",
}


def spark_decimals(spark, path, parquet_path):
    """Spark writes the values as a Delta table partitioned by a decimal column, and as plain
    Parquet; returns the partitionValues of its log."""
    df = spark.sql(
        f"""SELECT id, CAST(a AS DECIMAL(38,18)) AS d38, CAST(b AS DECIMAL(9,2)) AS d9,
                  CAST(c AS DECIMAL(18,4)) AS d18, CAST(p AS DECIMAL(10,3)) AS part
           FROM VALUES {_ROWS} AS t(id, a, b, c, p)"""
    )
    df.write.format("delta").partitionBy("part").save(path)
    df.coalesce(1).write.parquet(parquet_path)
    out = []
    for f in sorted(glob.glob(f"{path}/_delta_log/*.json")):
        with open(f) as fh:
            for line in fh:
                a = json.loads(line)
                if "add" in a:
                    out.append(a["add"]["partitionValues"])
    stats = []
    for f in sorted(glob.glob(f"{path}/_delta_log/*.json")):
        with open(f) as fh:
            for line in fh:
                a = json.loads(line)
                if "add" in a and a["add"].get("stats"):
                    stats.append(a["add"]["stats"])
    return {
        "partitionValues": sorted(out, key=lambda v: json.dumps(v, sort_keys=True)),
        "stats": stats,
    }


def read_decimals(spark, path, fmt="delta"):
    """Spark's reading of a table's columns, every value as text, and its schema's types."""
    df = spark.read.format(fmt).load(path)
    rows = [list(r) for r in df.selectExpr(*[f"CAST(`{c}` AS STRING)" for c in df.columns]).collect()]
    return {
        "columns": df.columns,
        "types": [f.dataType.simpleString() for f in df.schema.fields],
        "rows": sorted(rows, key=str),
    }


def compute(spark, path):
    """EXPRESSIONS per row (ordered by id) and AGGREGATES over the table, as Spark computes
    them: each with its result type and its value as text; and the error class of a decimal
    sum past 38 digits (ANSI mode)."""
    t = spark.read.format("delta").load(path)
    # Aggregates leave row 2 (the maximum) out: a sum through it and -max would pass 38 digits
    # on the way in one order and not in another.
    rest = t.filter("id <> 2")
    exprs = t.orderBy("id").selectExpr(*[f"{sql} AS {name}" for name, sql in EXPRESSIONS.items()])
    aggs = rest.selectExpr(*[f"{sql} AS {name}" for name, sql in AGGREGATES.items()])
    grouped = t.groupBy("part").agg({"d18": "sum"}).withColumnRenamed("sum(d18)", "s").orderBy("part")

    def texts(df):
        return [
            [None if v is None else str(v) for v in r]
            for r in df.selectExpr(*[f"CAST(`{c}` AS STRING)" for c in df.columns]).collect()
        ]

    out = {
        "ansi": spark.conf.get("spark.sql.ansi.enabled"),
        "expressions": {
            "names": list(EXPRESSIONS),
            "types": [f.dataType.simpleString() for f in exprs.schema.fields],
            "rows": texts(exprs),
        },
        "aggregates": {
            "names": list(AGGREGATES),
            "types": [f.dataType.simpleString() for f in aggs.schema.fields],
            "rows": texts(aggs),
        },
        "grouped": texts(grouped),
    }
    try:
        t.filter("id = 2").unionAll(t.filter("id = 2")).selectExpr("sum(d38)").collect()
        out["overflow"] = None
    except Exception as e:  # noqa: BLE001
        c = getattr(e, "getCondition", None)
        out["overflow"] = (c() if c else None) or type(e).__name__
    return out


def count_where(spark, path, where):
    """How many rows Spark finds with a filter (it skips files by their stats first, so a wrong
    decimal bound in our stats would lose rows)."""
    return {"count": spark.read.format("delta").load(path).filter(where).count()}
