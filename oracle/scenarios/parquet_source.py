"""Parquet input written by Spark for the parquet source scenarios (test/oracle/scenarios/parquet-source.ts)."""

import datetime as dt
import decimal

from pyspark.sql import types as T

SCHEMA = T.StructType(
    [
        T.StructField("id", T.IntegerType()),
        T.StructField("big", T.LongType()),
        T.StructField("s", T.StringType()),
        T.StructField("d", T.DoubleType()),
        T.StructField("ok", T.BooleanType()),
        T.StructField("ts", T.TimestampType()),
        T.StructField("day", T.DateType()),
        T.StructField("amount", T.DecimalType(10, 2)),
        T.StructField("tags", T.ArrayType(T.StringType())),
        T.StructField("pt", T.StructType([T.StructField("x", T.IntegerType()), T.StructField("y", T.StringType())])),
    ]
)


def write_input(spark, path):
    """Two part files (coalesce(2) of 6 rows) with Spark's defaults: snappy, INT96 timestamps."""
    ts = dt.datetime(2026, 11, 24, 10, 15, 30, 123456)
    rows = [
        (1, 2**40, "a", 1.5, True, ts, dt.date(2026, 11, 24), decimal.Decimal("12.34"), ["x", "y"], (1, "p")),
        (2, -5, "", -0.0, False, ts + dt.timedelta(days=400), dt.date(1969, 12, 31), decimal.Decimal("-0.01"), [], (None, None)),
        (3, None, None, float("nan"), None, None, None, None, None, None),
        (4, 0, "ünïcødé ✓", float("inf"), True, dt.datetime(1900, 1, 1), dt.date(1, 1, 1), decimal.Decimal("99999999.99"), [None], (7, "q")),
        (5, 7, "five", 5.0, False, ts, dt.date(2026, 1, 1), decimal.Decimal("5.00"), ["z"], (5, "r")),
        (6, 8, "six", 6.25, True, ts, dt.date(2026, 1, 2), decimal.Decimal("6.50"), ["w"], (6, "s")),
    ]
    spark.createDataFrame(rows, SCHEMA).repartition(2).write.mode("append").parquet(path)
    return None
