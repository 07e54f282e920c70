"""Spark's rate source run for a few seconds (test/oracle/rate-source.spark.ts): its rows per batch,
offsets and creation time, so the test can check our generation rule against Spark's output."""

import datetime as dt
import glob
import os
import time

EPOCH = dt.datetime(1970, 1, 1)


def _micros(t):
    d = t - EPOCH
    return (d.days * 86400 + d.seconds) * 10**6 + d.microseconds


def run_rate(spark, checkpoint, rowsPerSecond, rampUpTime, numPartitions, seconds):
    batches = []

    def capture(df, batch_id):
        rows = sorted([_micros(r.timestamp), r.value] for r in df.collect())
        batches.append({"batchId": batch_id, "rows": rows})

    df = (
        spark.readStream.format("rate")
        .option("rowsPerSecond", rowsPerSecond)
        .option("rampUpTime", rampUpTime)
        .option("numPartitions", numPartitions)
        .load()
    )
    q = (
        df.writeStream.foreachBatch(capture)
        .option("checkpointLocation", checkpoint)
        .trigger(processingTime="500 milliseconds")
        .start()
    )
    deadline = time.time() + 120
    # Run until a few batches with rows are in (the machine may be slow to start the first).
    while time.time() < deadline and sum(1 for b in batches if b["rows"]) < seconds:
        time.sleep(0.2)
    progress = q.lastProgress
    q.stop()
    offsets = {}
    for f in glob.glob(os.path.join(checkpoint, "offsets", "*")):
        name = os.path.basename(f)
        if name.isdigit():
            with open(f) as fh:
                offsets[name] = fh.read()
    with open(os.path.join(checkpoint, "sources", "0", "0")) as fh:
        source_log = fh.read()
    description = progress["sources"][0]["description"] if progress else None
    return {"batches": batches, "offsets": offsets, "sourceLog": source_log, "description": description}
