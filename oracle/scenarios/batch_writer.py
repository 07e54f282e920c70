"""Spark's side of test/oracle/batch-writer.spark.ts: Spark reads what our df.write wrote
(json/csv/parquet with a given schema, Delta) and writes the same rows itself, so that the test can
compare Spark's reading of both outputs and the text of both. Called through the oracle's `call` op."""

import glob
import os

from pyspark.sql import functions as F


def _frame(spark, rows, ddl):
    """Rows arrive as lists of text (or null), cast to the DDL's types as Spark casts strings."""
    columns = [c.strip().split(" ", 1) for c in ddl.split(",")]
    df = spark.createDataFrame(rows, ", ".join(f"{n} STRING" for n, _ in columns))
    return df.select(*[F.col(n).cast(t).alias(n) for n, t in columns])


def _json_frame(spark, rows, ddl):
    """Rows arrive as JSON texts, parsed with from_json into the DDL's (nested) types."""
    df = spark.createDataFrame([(r,) for r in rows], "j STRING")
    return df.select(F.from_json("j", ddl).alias("r")).select("r.*")


def _reader(spark, fmt, ddl, options):
    reader = spark.read.format(fmt)
    if ddl:
        reader = reader.schema(ddl)
    for k, v in (options or {}).items():
        reader = reader.option(k, str(v))
    return reader


def _encode_rows(df, order_by):
    from __main__ import encode  # the oracle process: spark_oracle.py

    return [encode(tuple(r)) for r in df.orderBy(*order_by).collect()]


def read_files(spark, path, format, ddl=None, options=None, order_by=("id",)):
    df = _reader(spark, format, ddl, options).load(path)
    return {"schema": df.schema.jsonValue(), "rows": _encode_rows(df, list(order_by))}


def write_files(spark, path, format, rows, ddl, options=None, partition_by=None):
    """Spark writes the rows (one task, as ours) and returns its part files' text (json/csv)."""
    writer = _frame(spark, rows, ddl).coalesce(1).write.format(format)
    for k, v in (options or {}).items():
        writer = writer.option(k, str(v))
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.save(path)
    out = {"files": sorted(os.path.relpath(p, path) for p in glob.glob(path + "/**", recursive=True) if os.path.isfile(p) and not os.path.basename(p).startswith("."))}
    if format in ("json", "csv"):
        texts = []
        for p in sorted(glob.glob(path + "/**/part-*", recursive=True)):
            with open(p, encoding="utf-8") as f:
                texts.append([os.path.relpath(os.path.dirname(p), path), f.read()])
        out["texts"] = texts
    return out


def delta_details(spark, path):
    """DESCRIBE DETAIL's partitioning and the commitInfo userMetadata Spark's history shows."""
    detail = spark.sql(f"DESCRIBE DETAIL delta.`{path}`").collect()[0]
    hist = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").orderBy("version").collect()
    return {
        "partitionColumns": list(detail["partitionColumns"]),
        "userMetadata": [r["userMetadata"] for r in hist],
        "operations": [r["operation"] for r in hist],
    }


def spark_appends_to_ours(spark, path, rows, ddl):
    """Spark appends to a table our writer created (mergeSchema off): must be compatible."""
    _frame(spark, rows, ddl).write.format("delta").mode("append").save(path)
    return {}


def overwrite_steps(spark, path, format, ddl, steps, conf=None):
    """Spark runs the same writes as the test (each step: rows, mode, options, partition_by; with
    `json`, the rows are JSON texts of the step's `ddl`) —
    with session settings `conf` — and returns its reading of the result (ordered by the first
    column), the data files by partition directory and, for Delta, each commit's parameters."""
    old = {k: spark.conf.get(k, None) for k in (conf or {})}
    try:
        for k, v in (conf or {}).items():
            spark.conf.set(k, v)
        for step in steps:
            frame = _json_frame if step.get("json") else _frame
            writer = frame(spark, step["rows"], step.get("ddl", ddl)).coalesce(1).write.format(format).mode(step["mode"])
            for k, v in (step.get("options") or {}).items():
                writer = writer.option(k, str(v))
            if step.get("partition_by"):
                writer = writer.partitionBy(*step["partition_by"])
            writer.save(path)
    finally:
        for k, v in old.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)
    first = ddl.split(",")[0].strip().split(" ")[0]
    df = _reader(spark, format, None if format == "delta" else ddl, {}).load(path)
    out = {"rows": _encode_rows(df, [first]), "schema": df.schema.jsonValue()}
    if format == "delta":
        hist = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").orderBy("version").collect()
        out["parameters"] = [dict(r["operationParameters"]) for r in hist]
    else:
        out["dirs"] = sorted(
            {os.path.relpath(os.path.dirname(p), path) for p in glob.glob(path + "/**/part-*", recursive=True)}
        )
    return out


def default_source(spark, ours_path, spark_path):
    """spark.sql.sources.default: Spark writes with df.write.save (no format) and reads our
    format-less write with spark.read.load; returns its reading and its part files' names."""
    _frame(spark, [["1", "a"], ["2", None]], "id INT, s STRING").coalesce(1).write.save(spark_path)
    df = spark.read.load(ours_path)
    return {
        "default": spark.conf.get("spark.sql.sources.default"),
        "rows": _encode_rows(df, ["id"]),
        "schema": df.schema.jsonValue(),
        "files": sorted(os.path.basename(p) for p in glob.glob(spark_path + "/part-*")),
    }
