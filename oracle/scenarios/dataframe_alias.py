"""Spark's side of test/oracle/dataframe-alias.spark.ts: queries naming columns through
DataFrame.alias — on one DataFrame, after a join of two aliased DataFrames, and after a self-join
of one DataFrame under two aliases — each giving its columns and rows, or its error class."""

from pyspark.sql import functions as F


def run(spark, people, orders):
    from __main__ import encode, error_of  # the oracle process: spark_oracle.py

    df = spark.createDataFrame([tuple(r) for r in people], "id INT, x STRING, v INT")
    other = spark.createDataFrame([tuple(r) for r in orders], "id INT, y STRING")
    a, b = df.alias("a"), other.alias("b")
    l, r = df.alias("l"), df.alias("r")
    j = a.join(b, F.col("a.id") == F.col("b.id"))
    s = l.join(r, F.col("l.id") == F.col("r.id"))
    queries = {
        "single_select": lambda: a.select("a.x", F.col("a.v") + 1),
        "single_filter": lambda: a.filter(F.col("a.v") > 10).select("a.id"),
        "single_withColumn": lambda: a.withColumn("w", F.col("a.v") * 2).select("a.x", "w"),
        "single_groupBy": lambda: a.groupBy("a.x").agg(F.sum("a.v")).select("a.x", "sum(v)"),
        "after_select": lambda: a.select("x", "v").select("a.x"),
        "join_select": lambda: j.select("a.x", "b.y", F.col("a.id"), F.col("b.id")),
        "join_filter": lambda: j.filter(F.col("b.y") == "q").select("a.v"),
        "join_withColumn": lambda: j.withColumn("s", F.col("a.v") + F.col("b.id")),
        "join_groupBy": lambda: j.groupBy("a.x").agg(F.count("b.y")),
        "join_left_outer": lambda: a.join(b, F.col("a.id") == F.col("b.id"), "left").select("a.id", "b.y"),
        "join_full_outer": lambda: a.join(b, F.col("a.id") == F.col("b.id"), "full").select("a.id", "b.id"),
        "self_select": lambda: s.select("l.x", "r.x"),
        "self_less_than": lambda: l.join(r, F.col("l.id") < F.col("r.id")).select("l.id", "r.id", "r.x"),
        "self_star": lambda: s.select("*"),
        "err_unknown_alias": lambda: a.select("z.x"),
        "err_old_alias": lambda: a.alias("c").select("a.x"),
        "err_expression_has_no_alias": lambda: a.select(F.col("x").alias("x2")).select("a.x2"),
        "err_join_ambiguous": lambda: j.select("id"),
        "err_self_ambiguous": lambda: s.select("x"),
        "err_same_alias_twice": lambda: df.alias("t").join(df.alias("t"), F.col("t.id") == F.lit(1)).select("t.x"),
    }
    out = {}
    for name, q in queries.items():
        try:
            res = q()
            out[name] = {"columns": res.columns, "rows": [encode(tuple(x)) for x in res.collect()]}
        except Exception as e:  # noqa: BLE001
            out[name] = {"error": error_of(e)}
    return out
