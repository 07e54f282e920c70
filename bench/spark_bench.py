"""The Spark side of the benchmark (npm run bench): one PySpark process per (workload, repetition),
driven by the harness over stdin/stdout with the protocol of bench/streamlake-child.ts:

  {"op":"start","workload","input","data","checkpoints","users","mode":"latency"|"throughput",
   "maxFilesPerTrigger"?}
    -> {"started":true,"startCalledAtMs","startReturnedAtMs"}; a throughput run (availableNow)
       then reports {"done":true,"rows","batches","startCalledAtMs","endAtMs"}
  {"op":"stop"} -> {"stopped":true,"batches"}
  {"op":"exit"} -> exits

The queries are the seed apps' (src/apps), written the way a PySpark user would write them.
Spark runs local[2] offline with the local Delta jars of scripts/spark-env.sh; the settings are
in SPARK_SETTINGS below and quoted in results/benchmarks.md.
"""

import json
import os
import sys
import time

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

EVENT_SCHEMA = (
    "event_id STRING NOT NULL, timestamp TIMESTAMP, user_id INT, event_type STRING, value DOUBLE, "
    "session_id STRING"
)

# Small-machine settings, none of which slows Spark down: 2 shuffle partitions instead of 200
# (200 tiny tasks per stateful batch on 2 cores would be a handicap), no UI, Delta snapshot
# state in 2 partitions instead of 50. Adaptive query execution is not used by streaming queries
# anyway (Spark turns it off for them), so it is left at its default.
SPARK_SETTINGS = {
    "spark.master": "local[2]",
    "spark.driver.memory": os.environ.get("STREAMLAKE_SPARK_DRIVER_MEMORY", "2g"),
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.databricks.delta.snapshotPartitions": "2",
}

WORKLOADS = {
    "passthrough": ("events", "raw_events"),
    "tumbling": ("tumbling_aggregates", "tumbling"),
    "sliding": ("sliding_aggregates", "sliding"),
    "dedup": ("deduplicated_events", "dedup"),
    "join": ("enriched_events", "enriched"),
    "sessions": ("user_sessions", "sessions"),
    "kafka": ("events", "raw_events"),
}


def now_ms():
    return time.time() * 1000.0


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def driver_java_options():
    """UTC, plus a Java Flight Recorder profile when the harness asks for one (npm run bench --
    --profile DIR). In local mode the executors run inside the driver JVM, so this one recording
    holds all of Spark's work; the Python driver only waits and is not profiled."""
    opts = "-Duser.timezone=UTC"
    jfr = os.environ.get("STREAMLAKE_BENCH_JFR")
    if jfr:
        opts += f" -XX:StartFlightRecording=filename={jfr},settings=profile,dumponexit=true"
    return opts


def build_session():
    b = (
        SparkSession.builder.appName("streamlake-bench")
        .config("spark.jars", os.environ["STREAMLAKE_SPARK_JARS"])
        .config("spark.driver.extraJavaOptions", driver_java_options())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
    )
    for k, v in SPARK_SETTINGS.items():
        b = b.master(v) if k == "spark.master" else b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def aggregates():
    return [
        F.count("*").alias("event_count"),
        F.sum("value").alias("total_value"),
        F.avg("value").alias("avg_value"),
    ]


def query_of(spark, req, events):
    w = req["workload"]
    if w == "passthrough":
        return events
    if w == "tumbling":
        return (
            events.withWatermark("timestamp", "10 minutes")
            .groupBy(F.window("timestamp", "5 minutes"), "event_type")
            .agg(*aggregates())
        )
    if w == "sliding":
        return (
            events.withWatermark("timestamp", "10 minutes")
            .groupBy(F.window("timestamp", "5 minutes", "1 minute"), "event_type")
            .agg(*aggregates())
        )
    if w == "dedup":
        return events.withWatermark("timestamp", "1 hour").dropDuplicates(["event_id", "timestamp"])
    if w == "join":
        users = spark.read.format("delta").load(req["users"])
        return events.join(users, "user_id", "inner")
    if w == "sessions":
        return (
            events.withWatermark("timestamp", "1 hour")
            .groupBy(F.session_window("timestamp", "30 minutes"), "user_id")
            .agg(
                F.count("*").alias("event_count"),
                F.sum("value").alias("total_value"),
                F.min("timestamp").alias("first_event"),
                F.max("timestamp").alias("last_event"),
            )
        )
    raise ValueError("unknown workload " + w)


def kafka_events(spark, req):
    """The kafka workload: each record's value is a JSON line of the seed's events."""
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", req["kafkaBootstrap"])
        .option("subscribe", req["kafkaTopic"])
        .option("startingOffsets", "earliest")
    )
    if req.get("maxOffsetsPerTrigger") is not None:
        reader = reader.option("maxOffsetsPerTrigger", str(req["maxOffsetsPerTrigger"]))
    value = F.col("value").cast("string")
    return reader.load().select(F.from_json(value, EVENT_SCHEMA).alias("e")).select("e.*")


def start(spark, req):
    table, checkpoint = WORKLOADS[req["workload"]]
    if req["workload"] == "kafka":
        df = kafka_events(spark, req)
    else:
        reader = spark.readStream.format("json").schema(EVENT_SCHEMA)
        if req.get("maxFilesPerTrigger") is not None:
            reader = reader.option("maxFilesPerTrigger", str(req["maxFilesPerTrigger"]))
        df = query_of(spark, req, reader.load(req["input"]))
    writer = (
        df.writeStream.format("delta")
        .outputMode("append")
        .queryName(checkpoint)
        .option("checkpointLocation", os.path.join(req["checkpoints"], checkpoint))
    )
    if req["mode"] == "throughput":
        writer = writer.trigger(availableNow=True)
    return writer.start(os.path.join(req["data"], table))


def counts(query):
    """Batches run (recentProgress keeps only the last 100, so this comes from lastProgress)."""
    last = query.lastProgress
    return (last["batchId"] + 1) if last else 0


def main():
    spark = build_session()
    send({"ready": True, "engine": "spark", "sparkVersion": spark.version,
          "java": spark.sparkContext._jvm.System.getProperty("java.version"),
          "settings": SPARK_SETTINGS})
    running = None
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        op = req["op"]
        if op == "exit":
            break
        if op == "stop":
            batches = counts(running) if running else 0
            if running:
                running.stop()
            running = None
            send({"stopped": True, "batches": batches})
            continue
        started_at = now_ms()
        q = start(spark, req)
        send({"started": True, "startCalledAtMs": started_at, "startReturnedAtMs": now_ms()})
        if req["mode"] == "latency":
            running = q
            continue
        q.awaitTermination()
        end_at = now_ms()
        # The harness counts the events read from the checkpoint's file log; numInputRows of the
        # last 100 batches is reported for information only.
        rows = sum(p["numInputRows"] for p in q.recentProgress)
        send({"done": True, "rows": rows, "batches": counts(q), "startCalledAtMs": started_at,
              "endAtMs": end_at})
    spark.stop()


if __name__ == "__main__":
    main()
