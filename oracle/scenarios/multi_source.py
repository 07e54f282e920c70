"""PySpark side of test/oracle/scenarios/multi-source.ts: queries over two streaming sources."""

from pyspark.sql import functions as F


def union_10_15(s1, s2):
    return s1.withWatermark("ts", "10 seconds").union(s2.withWatermark("ts", "15 seconds"))


def union_10_5(s1, s2):
    return s1.withWatermark("ts", "10 seconds").union(s2.withWatermark("ts", "5 seconds"))
