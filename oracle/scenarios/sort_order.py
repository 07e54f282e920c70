"""Spark's side of test/oracle/sort-order.spark.ts: the rows (JSON texts of a DDL) sorted by
Spark's orderBy with the given keys; each key is [column, ascending, nulls_first]."""

from pyspark.sql import functions as F


def sorted_rows(spark, rows, ddl, orders):
    from __main__ import encode  # the oracle process: spark_oracle.py

    df = spark.createDataFrame([(r,) for r in rows], "j STRING").select(F.from_json("j", ddl).alias("r")).select("r.*")
    keys = []
    for name, ascending, nulls_first in orders:
        c = F.col(name)
        if ascending:
            keys.append(c.asc_nulls_first() if nulls_first else c.asc_nulls_last())
        else:
            keys.append(c.desc_nulls_first() if nulls_first else c.desc_nulls_last())
    # Several partitions, so that the sort is Spark's global sort (range exchange), not one task's.
    return [encode(tuple(r)) for r in df.repartition(3).orderBy(*keys).collect()]


def sorted_projection(spark, rows, ddl, columns, orders):
    """The rows projected to `columns`, then sorted by keys that may name dropped columns."""
    from __main__ import encode  # the oracle process: spark_oracle.py

    df = spark.createDataFrame([(r,) for r in rows], "j STRING").select(F.from_json("j", ddl).alias("r")).select("r.*")
    keys = [F.col(n).asc_nulls_first() if a else F.col(n).desc_nulls_last() for n, a in orders]
    out = df.repartition(3).select(*columns).orderBy(*keys)
    return {"columns": out.columns, "rows": [encode(tuple(r)) for r in out.collect()]}
