"""Spark's side of test/oracle/file-sink.spark.ts: Spark's own streaming file sink over the same
JSON input as ours (one file per trigger, Trigger.AvailableNow), and what its `_spark_metadata`
log holds. Called through the oracle's `call` op."""

import json
import os


def stream_to_files(spark, input, path, checkpoint, format, ddl, partition_by=None, options=None, conf=None, query=None):
    """`query`: an expression in `df`, `F` (the oracle's py_query), applied to the stream."""
    from __main__ import py_query  # the oracle process: spark_oracle.py

    conf = conf or {}
    before = {k: spark.conf.get(k, None) for k in conf}
    for k, v in conf.items():
        spark.conf.set(k, str(v))
    try:
        df = py_query(query)(spark.readStream.schema(ddl).option("maxFilesPerTrigger", 1).json(input))
        writer = df.writeStream.format(format).option("checkpointLocation", checkpoint)
        for k, v in (options or {}).items():
            writer = writer.option(k, str(v))
        if partition_by:
            writer = writer.partitionBy(*partition_by)
        query = writer.trigger(availableNow=True).start(path)
        query.awaitTermination()
    finally:
        for k, v in before.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)
    return {"metadata": metadata_of(path)}


def metadata_of(path):
    """Each log file (not Hadoop's hidden .crc files): its lines, the entries parsed."""
    meta = os.path.join(path, "_spark_metadata")
    out = {}
    for name in sorted(os.listdir(meta)):
        if name.startswith("."):
            continue
        with open(os.path.join(meta, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        out[name] = {"version": lines[0], "entries": [json.loads(line) for line in lines[1:]]}
    return out


def stream_read_count(spark, path, format, ddl, checkpoint, options=None):
    """Spark's file stream source over a sink's output: [id, k] of the rows it reads (logged files
    only; k from the partition directories of a partitioned output)."""
    reader = spark.readStream.schema(ddl).format(format)
    for k, v in (options or {}).items():
        reader = reader.option(k, str(v))
    got = []
    query = (
        reader.load(path).writeStream.option("checkpointLocation", checkpoint)
        .foreachBatch(lambda df, _id: got.extend([r["id"], r["k"]] for r in df.select("id", "k").collect()))
        .trigger(availableNow=True).start()
    )
    query.awaitTermination()
    return sorted(got)
