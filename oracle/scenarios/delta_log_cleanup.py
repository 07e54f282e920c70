"""Delta's own expired-log clean-up (MetadataCleanup, run after a checkpoint) on a table our
tests prepared with chosen file times, for test/oracle/delta-log-cleanup.spark.ts. Called through
the oracle's `call` op: fn(spark, **args) → JSON."""

import os


def append_and_list(spark, path, value):
    """One append of `value` (the commit that writes the next checkpoint, after which Delta cleans
    the log with the real clock); returns the _delta_log file names left."""
    spark.createDataFrame([(value,)], "id BIGINT").write.format("delta").mode("append").save(path)
    return sorted(os.listdir(os.path.join(path, "_delta_log")))
