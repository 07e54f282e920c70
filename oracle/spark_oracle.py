"""Spark as the test oracle: one long-lived PySpark process serving scenario requests.

Started once per oracle suite by test/oracle/support/global-setup.ts with the environment printed
by scripts/spark-env.sh (STREAMLAKE_SPARK_JARS, JAVA_HOME). It listens on 127.0.0.1 (a free port),
prints one line `{"ready": true, "port": N, "sparkVersion": ...}` on stdout, and then serves
newline-delimited JSON requests (one request line → one response line per connection), one at a
time. Responses are `{"ok": true, "result": ...}` or `{"ok": false, "error": {...}}`.

Requests (`op`):
  stream      run a streaming query over JSON files and capture every micro-batch (foreachBatch),
              the progress of each batch, and optionally the Delta table Spark's Delta sink writes
  readDelta   spark.read.format("delta") of a table: schema, rows, version, history
  streamDelta spark.readStream.format("delta") of a table with AvailableNow → batches
  streamSteps several streaming JSON sources fed step by step (unions, stream-stream joins)
  call        run `oracle/scenarios/<file>.py: <function>(spark, **args)` and return its result
  shutdown    stop Spark and exit

Values are encoded as the TypeScript engine represents them: timestamps as µs since the epoch,
dates as days since the epoch, structs as positional arrays, maps as [key, value] pairs, NaN and
infinities as strings. The process runs with TZ=UTC so PySpark's datetime conversion is exact.
"""

import datetime as _dt
import decimal
import importlib.util
import json
import math
import os
import socket
import sys
import threading
import time
import traceback

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH_DATE = _dt.date(1970, 1, 1)


def log(*a):
    print("spark-oracle:", *a, file=sys.stderr, flush=True)


def build_session():
    jars = os.environ["STREAMLAKE_SPARK_JARS"]
    b = (
        SparkSession.builder.master("local[2]")
        .appName("streamlake-oracle")
        .config("spark.jars", jars)
        .config("spark.driver.memory", os.environ.get("STREAMLAKE_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.streaming.noDataProgressEventInterval", "100000")
        .config("spark.databricks.delta.snapshotPartitions", "2")
    )
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---- value encoding ------------------------------------------------------------------------------


def encode(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, decimal.Decimal):
        # Exact, as Spark prints a decimal: plain digits with the column's scale ('1.50', '0.000').
        return format(v, "f")
    if isinstance(v, _dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        delta = v - _dt.datetime(1970, 1, 1)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    if isinstance(v, _dt.date):
        return (v - EPOCH_DATE).days
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if isinstance(v, dict):
        return [[encode(k), encode(x)] for k, x in v.items()]
    if isinstance(v, (list, tuple)):  # Row is a tuple: positional
        return [encode(x) for x in v]
    return str(v)


def rows_of(df):
    return [encode(tuple(r)) for r in df.collect()]


def schema_of(df):
    return df.schema.jsonValue()


def error_of(e):
    out = {"class": type(e).__name__, "message": str(e)[:4000]}
    for attr in ("getCondition", "getErrorClass"):
        f = getattr(e, attr, None)
        if f:
            try:
                c = f()
                if c:
                    out["errorClass"] = c
                    break
            except Exception:  # noqa: BLE001
                pass
    return out


# ---- scenario functions -------------------------------------------------------------------------

_modules = {}


def scenario_module(name):
    path = os.path.join(HERE, "scenarios", name + ".py")
    mtime = os.path.getmtime(path)
    cached = _modules.get(name)
    if cached and cached[0] == mtime:
        return cached[1]
    spec = importlib.util.spec_from_file_location("oracle_scenario_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    _modules[name] = (mtime, mod)
    return mod


def py_query(spec, ctx=None):
    """A query is a code string (an expression in `df`, `F`, `T`, `ctx`) or {file, function};
    a file function gets the scenario's values (`ctx`) as keyword arguments."""
    ctx = ctx or {}
    if spec is None:
        return lambda df: df
    if isinstance(spec, str):
        code = compile(spec, "<scenario query>", "eval")
        return lambda df: eval(code, {"F": F, "T": T, "df": df, "ctx": ctx})  # noqa: S307
    fn = getattr(scenario_module(spec["file"]), spec.get("function", "query"))
    return lambda df: fn(df, **ctx)


# ---- ops ----------------------------------------------------------------------------------------


class SessionZone:
    def __init__(self, spark, zone, conf):
        self.spark, self.zone, self.conf, self.saved = spark, zone, conf or {}, {}

    def __enter__(self):
        items = dict(self.conf)
        if self.zone:
            items["spark.sql.session.timeZone"] = self.zone
        for k, v in items.items():
            self.saved[k] = self.spark.conf.get(k, None)
            self.spark.conf.set(k, str(v))

    def __exit__(self, *exc):
        for k, v in self.saved.items():
            if v is None:
                self.spark.conf.unset(k)
            else:
                self.spark.conf.set(k, v)


def progress_of(query):
    return [json.loads(p.json()) for p in query._jsq.recentProgress()]


def run_query(writer, trigger, query_holder):
    if trigger == "availableNow":
        writer = writer.trigger(availableNow=True)
    elif trigger == "once":
        writer = writer.trigger(once=True)
    q = writer.start()
    query_holder.append(q)
    if trigger in ("availableNow", "once"):
        q.awaitTermination()
    else:
        q.processAllAvailable()
        q.stop()
    return q


def op_stream(spark, req):
    reader = spark.readStream.format(req.get("format", "json"))
    if req.get("schema"):
        reader = reader.schema(req["schema"])
    for k, v in (req.get("readOptions") or {}).items():
        reader = reader.option(k, str(v).lower() if isinstance(v, bool) else str(v))
    ctx = req.get("context") or {}
    query = py_query(req.get("query"), ctx)
    after_batch = None
    if req.get("afterBatch"):
        after_batch = getattr(scenario_module(req["query"]["file"]), req["afterBatch"])
    trigger = req.get("trigger", "availableNow")
    mode = req.get("outputMode", "append")
    out = {"batches": [], "progress": [], "error": None, "schema": None}
    with SessionZone(spark, req.get("sessionTimeZone"), req.get("conf")):
        # A source without a path (kafka) is loaded as it is.
        df = query(reader.load(req["input"]) if req.get("input") else reader.load())
        batches = out["batches"]

        def capture(bdf, batch_id):
            if out["schema"] is None:
                out["schema"] = schema_of(bdf)
            batches.append({"batchId": batch_id, "rows": rows_of(bdf)})
            if after_batch:
                after_batch(bdf.sparkSession, batch_id, **ctx)

        holder = []
        try:
            w = (
                df.writeStream.foreachBatch(capture)
                .outputMode(mode)
                .option("checkpointLocation", req["checkpoint"] + "/foreach")
            )
            run_query(w, trigger, holder)
        except Exception as e:  # noqa: BLE001
            out["error"] = error_of(e)
        if holder:
            out["progress"] = progress_of(holder[0])
        if out["schema"] is None:
            out["schema"] = schema_of(df)
        if req.get("deltaPath") and out["error"] is None and mode == "update":
            # Spark's Delta sink refuses update mode: the production pattern is foreachBatch +
            # MERGE by the grouping keys (null-safe, so a null key group is one row too).
            holder = []
            w = (
                df.writeStream.foreachBatch(merge_into(req["deltaPath"], req["mergeKeys"]))
                .outputMode(mode)
                .option("checkpointLocation", req["checkpoint"] + "/delta")
            )
            run_query(w, trigger, holder)
            out["delta"] = read_delta(spark, req["deltaPath"], {})
        elif req.get("deltaPath") and out["error"] is None:
            holder = []
            w = (
                df.writeStream.format("delta")
                .outputMode(mode)
                .option("checkpointLocation", req["checkpoint"] + "/delta")
                .option("path", req["deltaPath"])
            )
            run_query(w, trigger, holder)
            out["deltaQueryId"] = holder[0].id
            out["delta"] = read_delta(spark, req["deltaPath"], {})
    return out


def merge_into(path, keys):
    from delta.tables import DeltaTable

    cond = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in keys)

    def merge(bdf, batch_id):
        spark = bdf.sparkSession
        exists = DeltaTable.isDeltaTable(spark, path)
        if exists and bdf.isEmpty():
            return  # nothing to upsert (no-data batches); a MERGE costs seconds
        if not exists:
            bdf.write.format("delta").save(path)
            return
        (
            DeltaTable.forPath(spark, path)
            .alias("t")
            .merge(bdf.alias("s"), cond)
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .execute()
        )

    return merge


def read_delta(spark, path, req):
    reader = spark.read.format("delta")
    if req.get("versionAsOf") is not None:
        reader = reader.option("versionAsOf", int(req["versionAsOf"]))
    df = reader.load(path)
    out = {"schema": schema_of(df), "rows": rows_of(df)}
    hist = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").collect()
    out["version"] = max(r["version"] for r in hist)
    if req.get("history"):
        out["history"] = [
            {
                "version": r["version"],
                "timestamp": encode(r["timestamp"]),
                "operation": r["operation"],
                "operationParameters": dict(r["operationParameters"] or {}),
                "isBlindAppend": r["isBlindAppend"],
            }
            for r in sorted(hist, key=lambda r: r["version"])
        ]
    return out


def op_read_delta(spark, req):
    with SessionZone(spark, req.get("sessionTimeZone"), req.get("conf")):
        return read_delta(spark, req["path"], req)


def op_stream_delta(spark, req):
    reader = spark.readStream.format("delta")
    for k, v in (req.get("readOptions") or {}).items():
        reader = reader.option(k, str(v))
    df = reader.load(req["path"])
    batches = []

    def capture(bdf, batch_id):
        batches.append({"batchId": batch_id, "rows": rows_of(bdf)})

    out = {"schema": schema_of(df), "batches": batches, "error": None}
    holder = []
    try:
        w = df.writeStream.foreachBatch(capture).option("checkpointLocation", req["checkpoint"])
        run_query(w, req.get("trigger", "availableNow"), holder)
    except Exception as e:  # noqa: BLE001
        out["error"] = error_of(e)
    return out


def op_stream_steps(spark, req):
    """Several streaming JSON sources, one directory each (unions, stream-stream joins), fed step by
    step: before each step its files are written (mtimes FIRST_MTIME + 10 s x file number) and one
    AvailableNow run drains them from the same checkpoint. `query` names `function(df1, df2, ...)`
    in oracle/scenarios/<file>.py; `steps` is a list of lists of {"source", "name", "lines"}."""
    mod = scenario_module(req["query"]["file"])
    query = getattr(mod, req["query"].get("function", "query"))
    out = {"batches": [], "progress": [], "error": None, "schema": None}
    batches = out["batches"]

    def capture(bdf, batch_id):
        if out["schema"] is None:
            out["schema"] = schema_of(bdf)
        batches.append({"batchId": batch_id, "rows": rows_of(bdf)})

    def source(i):
        reader = spark.readStream.format("json").schema(req["schemas"][i])
        for k, v in (req.get("readOptions") or {}).items():
            reader = reader.option(k, str(v).lower() if isinstance(v, bool) else str(v))
        return reader.load(req["inputs"][i])

    written = 0
    with SessionZone(spark, req.get("sessionTimeZone"), req.get("conf")):
        for d in req["inputs"]:
            os.makedirs(d, exist_ok=True)
        try:
            df = query(*[source(i) for i in range(len(req["inputs"]))])
        except Exception as e:  # noqa: BLE001
            out["error"] = error_of(e)
            return out
        for step in req["steps"]:
            for f in step:
                path = os.path.join(req["inputs"][f["source"]], f["name"])
                with open(path, "w") as fh:
                    fh.write("\n".join(f["lines"]) + "\n")
                t = req["firstMtimeMs"] / 1000 + 10 * written
                os.utime(path, (t, t))
                written += 1
            holder = []
            try:
                w = (
                    df.writeStream.foreachBatch(capture)
                    .outputMode(req.get("outputMode", "append"))
                    .option("checkpointLocation", req["checkpoint"])
                )
                run_query(w, "availableNow", holder)
            except Exception as e:  # noqa: BLE001
                out["error"] = error_of(e)
            if holder:
                out["progress"].extend(progress_of(holder[0]))
            if out["error"] is not None:
                break
        if out["schema"] is None:
            out["schema"] = schema_of(df)
    return out


def op_call(spark, req):
    fn = getattr(scenario_module(req["file"]), req["function"])
    return fn(spark, **(req.get("args") or {}))


OPS = {
    "stream": op_stream,
    "streamSteps": op_stream_steps,
    "readDelta": op_read_delta,
    "streamDelta": op_stream_delta,
    "call": op_call,
    "ping": lambda spark, req: {"sparkVersion": spark.version},
}


def main():
    started = time.time()
    spark = build_session()
    import delta  # noqa: F401  (delta-spark's Python API is importable)

    lock = threading.Lock()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(os.environ.get("STREAMLAKE_ORACLE_PORT", "0"))))
    server.listen(8)
    port = server.getsockname()[1]
    stop = threading.Event()

    def handle(conn):
        with conn, conn.makefile("rwb") as f:
            for line in f:
                if not line.strip():
                    continue
                req = json.loads(line)
                op = req.get("op")
                if op == "shutdown":
                    f.write(b'{"ok": true, "result": null}\n')
                    f.flush()
                    stop.set()
                    server.close()
                    return
                t0 = time.time()
                with lock:
                    try:
                        res = {"ok": True, "result": OPS[op](spark, req)}
                    except Exception as e:  # noqa: BLE001
                        res = {"ok": False, "error": {**error_of(e), "trace": traceback.format_exc()[-4000:]}}
                log(f"{op} {req.get('name', '')} {time.time() - t0:.1f}s")
                f.write((json.dumps(res) + "\n").encode())
                f.flush()

    print(json.dumps({"ready": True, "port": port, "sparkVersion": spark.version,
                      "startupSeconds": round(time.time() - started, 1)}), flush=True)
    # Exit when the parent (the test runner) closes our stdin.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set(), server.close()), daemon=True).start()
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except OSError:
            break
        threading.Thread(target=handle, args=(conn,), daemon=True).start()
    spark.stop()


if __name__ == "__main__":
    main()
