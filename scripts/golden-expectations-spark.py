#!/usr/bin/env python3
"""Dumps what Spark (PySpark + delta-spark) reads from golden tables that delta-rs cannot read.

scripts/golden-expectations.py asks delta-rs, but delta-rs refuses deletion vectors and V2
checkpoints and reads column-mapped tables as nulls; for those tables Spark itself is the
reference. Same JSON format, with "reader" naming Spark and Delta versions. Run it with the
oracle's environment (scripts/spark-env.sh sets it up):

    ENV=$(scripts/spark-env.sh) && eval "$ENV"
    TZ=UTC "$STREAMLAKE_SPARK_PYTHON" scripts/golden-expectations-spark.py [table ...]

Without arguments it dumps the tables listed in SPARK_TABLES.
"""
import datetime as dt
import decimal
import json
import math
import os
import pathlib
import sys

from pyspark.sql import SparkSession
from pyspark.sql import types as T

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "test" / "fixtures" / "delta-golden"
OUT = ROOT / "test" / "fixtures" / "delta-golden-expected"
EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = dt.datetime(1970, 1, 1)
MAX_TIME_TRAVEL_VERSIONS = 20

SPARK_TABLES = [
    "data-reader-timestamp_ntz-id-mode",
    "data-reader-timestamp_ntz-name-mode",
    "data-skipping-basic-stats-all-types-columnmapping-id",
    "data-skipping-basic-stats-all-types-columnmapping-name",
    "dv-partitioned-with-checkpoint",
    "dv-with-columnmapping",
    "table-with-columnmapping-mode-id",
    "table-with-columnmapping-mode-name",
    "v2-checkpoint-json",
    "v2-checkpoint-parquet",
]


def canon(t, v):
    """The canonical form of scripts/golden-expectations.py, driven by the Spark type."""
    if v is None:
        return None
    if isinstance(t, T.StructType):
        return [canon(f.dataType, v[i]) for i, f in enumerate(t.fields)]
    if isinstance(t, T.ArrayType):
        return [canon(t.elementType, x) for x in v]
    if isinstance(t, T.MapType):
        return [[canon(t.keyType, k), canon(t.valueType, x)] for k, x in v.items()]
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, dt.datetime):
        if isinstance(t, T.TimestampType):
            # The process runs with TZ=UTC, so Spark hands out UTC wall-clock values.
            return (v.replace(tzinfo=dt.timezone.utc) - EPOCH_UTC) // dt.timedelta(microseconds=1)
        return (v - EPOCH) // dt.timedelta(microseconds=1)
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    return v


def delta_jar():
    jars = [os.path.basename(j) for j in os.environ["STREAMLAKE_SPARK_JARS"].split(",")]
    return next((j[: -len(".jar")] for j in jars if j.startswith("delta-spark")), "delta-spark")


def complex_map_key(t):
    """True when a map in `t` is keyed by arrays, maps or structs (PySpark cannot collect those)."""
    if isinstance(t, T.StructType):
        return any(complex_map_key(f.dataType) for f in t.fields)
    if isinstance(t, T.ArrayType):
        return complex_map_key(t.elementType)
    if isinstance(t, T.MapType):
        return isinstance(t.keyType, (T.ArrayType, T.MapType, T.StructType)) or complex_map_key(
            t.valueType
        )
    return False


def rows_of(df):
    from pyspark.sql import functions as F

    # Such columns are listed in "omitted" and read as null here; the test leaves them out.
    df = df.select(
        *[
            F.lit(None).cast(f.dataType).alias(f.name) if complex_map_key(f.dataType) else F.col(f"`{f.name}`")
            for f in df.schema.fields
        ]
    )
    rows = [canon(df.schema, r) for r in df.collect()]
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    return rows


def relative(file_uri, path):
    """A data file's name on disk relative to the table (Spark lists `file:` paths, unescaped)."""
    text = file_uri
    root = pathlib.Path(path).resolve()
    for prefix in (f"file://{root}/", f"file:{root}/", f"{root}/"):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def dump(spark, table_dir):
    path = str(table_dir)
    result = {"table": table_dir.name, "reader": f"Spark {spark.version} + {delta_jar()}"}
    try:
        df = spark.read.format("delta").load(path)
        version = spark.sql(f"DESCRIBE HISTORY delta.`{path}` LIMIT 1").collect()[0]["version"]
        result.update(version=version, schema=json.loads(df.schema.json()), columns=df.columns)
        result["add_paths"] = sorted(relative(f, path) for f in df.inputFiles())
        omitted = [f.name for f in df.schema.fields if complex_map_key(f.dataType)]
        if omitted:
            result["omitted"] = omitted
        result["rows"] = rows_of(df)
        if version <= MAX_TIME_TRAVEL_VERSIONS:
            versions = {}
            for v in range(version + 1):
                try:
                    tv = spark.read.format("delta").option("versionAsOf", v).load(path)
                    versions[str(v)] = {"columns": tv.columns, "rows": rows_of(tv)}
                except Exception:
                    pass
            result["versions"] = versions
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {str(e).strip().splitlines()[0][:300]}"
    return result


def main():
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", os.environ["STREAMLAKE_SPARK_JARS"])
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[1:] or SPARK_TABLES:
        result = dump(spark, FIXTURES / name)
        (OUT / f"{name}.json").write_text(json.dumps(result, indent=1, sort_keys=False) + "\n")
        status = result.get("error") or f"{len(result.get('rows', []))} rows"
        print(f"{name}: v{result.get('version')} {status}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
