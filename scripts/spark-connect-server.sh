#!/usr/bin/env bash
# A local Spark Connect server for streamlake's remote backend (tests, demos, trying it out):
#   scripts/spark-connect-server.sh start    starts it (or finds it running) and waits until it
#                                            answers; prints sc://127.0.0.1:<port> on stdout
#   scripts/spark-connect-server.sh stop     stops it and every process it started
#   scripts/spark-connect-server.sh status   exit 0 and the URL when it answers, else exit 3
# Port: $STREAMLAKE_CONNECT_PORT (default 15002), bound to 127.0.0.1 only. Memory:
# $STREAMLAKE_CONNECT_MEMORY (driver heap, default 2g). Logs and the pid file go to
# .cache/spark-connect/ (server-<port>.log, server-<port>.pid).
# Master: $STREAMLAKE_CONNECT_MASTER (default local[2]: the work runs in the server's JVM); with
# spark://host:port (scripts/spark-standalone-cluster.sh starts one) the work runs in executor
# JVMs of that cluster's workers, $STREAMLAKE_CONNECT_EXECUTOR_MEMORY (default 1g) each.
#
# Spark comes from the pinned PySpark of scripts/spark-env.sh (the wheel ships the Connect server
# jar) with the Delta jars it resolved, in local[2] mode, sized as bench/spark_bench.py sizes
# PySpark (2 shuffle partitions, parallelism 2, 2 Delta snapshot partitions instead of 50: every
# micro-batch reads the Delta log, and 50 tasks on 2 cores made each batch seconds slower). The JVM is started directly (a pip install
# has no start-connect-server.sh; SparkSubmit special-cases the Connect server class, and the
# trailing `spark-internal` stands in for the application jar). Nothing is downloaded at start:
# no --packages, only local jars.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PORT="${STREAMLAKE_CONNECT_PORT:-15002}"
MEMORY="${STREAMLAKE_CONNECT_MEMORY:-2g}"
MASTER="${STREAMLAKE_CONNECT_MASTER:-local[2]}"
STATE="$REPO/.cache/spark-connect"
PID_FILE="$STATE/server-$PORT.pid"
LOG="$STATE/server-$PORT.log"
START_TIMEOUT_S="${STREAMLAKE_CONNECT_START_TIMEOUT:-240}"
URL="sc://127.0.0.1:$PORT"

log() { echo "spark-connect-server: $*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  mkdir -p "$STATE"
  if pid=$(running_pid); then
    if wait_ready "$pid"; then
      log "already running (pid $pid) on $URL"
      echo "$URL"
      return 0
    fi
    return 1
  fi
  if answers; then
    log "port $PORT is taken by another process; set STREAMLAKE_CONNECT_PORT to another port"
    return 1
  fi
  local env_lines
  env_lines=$("$HERE/spark-env.sh")
  eval "$env_lines"
  local spark_home
  spark_home=$(dirname "$("$STREAMLAKE_SPARK_PYTHON" -c 'import pyspark; print(pyspark.__file__)')")
  local opens=()
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
    sun.security.action sun.util.calendar; do
    opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
  done
  local cluster=()
  case "$MASTER" in
    spark://*)
      # Executors reach the driver on loopback; one executor with the worker's cores.
      cluster=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1
        --conf spark.executor.memory="${STREAMLAKE_CONNECT_EXECUTOR_MEMORY:-1g}"
        --conf spark.executor.extraJavaOptions=-Duser.timezone=UTC)
      ;;
  esac
  log "starting Spark Connect on $URL, master $MASTER (log: $LOG)"
  local started=$SECONDS
  # setsid: the server leads its own process group, so stop can end it and anything it forked.
  SPARK_HOME="$spark_home" SPARK_LOCAL_IP=127.0.0.1 SPARK_CONNECT_MODE=0 TZ=UTC \
    setsid "$JAVA_HOME/bin/java" -Xmx"$MEMORY" -XX:+IgnoreUnrecognizedVMOptions "${opens[@]}" \
    -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
    -Duser.timezone=UTC \
    -cp "$spark_home/conf:$spark_home/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER" --name 'streamlake Spark Connect' \
    --class org.apache.spark.sql.connect.service.SparkConnectServer \
    --jars "$STREAMLAKE_SPARK_JARS" \
    --conf spark.connect.grpc.binding.address=127.0.0.1 \
    --conf spark.connect.grpc.binding.port="$PORT" \
    --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
    --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    --conf spark.sql.shuffle.partitions=2 --conf spark.sql.session.timeZone=UTC \
    --conf spark.default.parallelism=2 --conf spark.databricks.delta.snapshotPartitions=2 \
    --conf spark.driver.extraJavaOptions=-Duser.timezone=UTC \
    ${cluster[@]+"${cluster[@]}"} \
    spark-internal </dev/null >"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  if wait_ready "$pid"; then
    log "ready after $((SECONDS - started)) s (pid $pid)"
    echo "$URL"
  else
    stop
    return 1
  fi
}

# Waits until the gRPC port accepts connections (Spark binds it once the session is up), at most
# START_TIMEOUT_S seconds; fails early when the server exits.
wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the server exited during start-up; last lines of $LOG:"
      tail -n 30 "$LOG" >&2 || true
      return 1
    fi
    if answers; then return 0; fi
    sleep 1
  done
  log "no answer on port $PORT within $START_TIMEOUT_S s; last lines of $LOG:"
  tail -n 30 "$LOG" >&2 || true
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30 s; killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

status() {
  if pid=$(running_pid) && answers; then
    echo "$URL"
    log "running (pid $pid)"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
