#!/usr/bin/env bash
# A real multi-process Spark cluster on this machine, with a Spark Connect server in front of it:
#   scripts/spark-standalone-cluster.sh start    a standalone master, one worker, and a Spark
#                                                Connect server whose master is that cluster (so
#                                                the work runs in executor JVMs the worker
#                                                launches, not in the server's JVM); waits until
#                                                each answers; prints the sc:// URL on stdout
#   scripts/spark-standalone-cluster.sh stop     stops the Connect server, the worker (and its
#                                                executors), the master
#   scripts/spark-standalone-cluster.sh status   exit 0 and the sc:// URL when all three run,
#                                                else exit 3
# Idempotent: start finds what already runs and starts only the rest.
#
# Ports (all bound to 127.0.0.1; set them to run beside other Spark processes):
#   STREAMLAKE_SPARK_MASTER_PORT      7077  the master (spark://127.0.0.1:<port>)
#   STREAMLAKE_SPARK_MASTER_UI_PORT   8080  the master's web UI and JSON API (/json)
#   STREAMLAKE_SPARK_WORKER_PORT      7078  the worker
#   STREAMLAKE_SPARK_WORKER_UI_PORT   8081  the worker's web UI and JSON API (/json: executors)
#   STREAMLAKE_CONNECT_PORT           15002 the Spark Connect server (scripts/spark-connect-server.sh)
# Sizes: the worker offers STREAMLAKE_SPARK_WORKER_CORES (2) cores and
# STREAMLAKE_SPARK_WORKER_MEMORY (2g) to executors; the Connect driver gets
# STREAMLAKE_CONNECT_MEMORY (1g here) and each executor STREAMLAKE_CONNECT_EXECUTOR_MEMORY (1g).
# Logs, pid files and the worker's directory (one folder per application with each executor's
# stdout/stderr) go to .cache/spark-cluster/.
#
# Spark is the pinned PySpark of scripts/spark-env.sh, started the way spark-connect-server.sh
# starts the Connect server: the JVM directly from the wheel's jars (a pip install has no sbin/
# scripts), setsid so that stop ends each daemon's whole process group, nothing downloaded.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
MASTER_PORT="${STREAMLAKE_SPARK_MASTER_PORT:-7077}"
MASTER_UI_PORT="${STREAMLAKE_SPARK_MASTER_UI_PORT:-8080}"
WORKER_PORT="${STREAMLAKE_SPARK_WORKER_PORT:-7078}"
WORKER_UI_PORT="${STREAMLAKE_SPARK_WORKER_UI_PORT:-8081}"
WORKER_CORES="${STREAMLAKE_SPARK_WORKER_CORES:-2}"
WORKER_MEMORY="${STREAMLAKE_SPARK_WORKER_MEMORY:-2g}"
STATE="$REPO/.cache/spark-cluster"
START_TIMEOUT_S="${STREAMLAKE_CONNECT_START_TIMEOUT:-240}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

log() { echo "spark-standalone-cluster: $*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_file() { echo "$STATE/$1-$2.pid"; }
running_pid() {
  local file
  file=$(pid_file "$1" "$2")
  [ -f "$file" ] || return 1
  local pid
  pid=$(cat "$file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
json() { curl -sf --max-time 5 "http://127.0.0.1:$1/json/" 2>/dev/null; }

# The environment and JVM options of a daemon (computed once per start).
setup_java() {
  [ -n "${SPARK_HOME_DIR:-}" ] && return 0
  local env_lines
  env_lines=$("$HERE/spark-env.sh")
  eval "$env_lines"
  SPARK_HOME_DIR=$(dirname "$("$STREAMLAKE_SPARK_PYTHON" -c 'import pyspark; print(pyspark.__file__)')")
  OPENS=()
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
    sun.security.action sun.util.calendar; do
    OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
  done
}

# start_daemon NAME PORT CLASS ARGS…: the JVM in its own process group, pid and log under STATE.
start_daemon() {
  local name=$1 port=$2 class=$3
  shift 3
  local log_file="$STATE/$name-$port.log"
  log "starting the $name on 127.0.0.1:$port (log: $log_file)"
  # The worker launches executors with $JAVA_HOME/bin/java and $SPARK_HOME/jars (WorkerCommandBuilder),
  # and they inherit SPARK_LOCAL_IP, so they too bind to loopback only. SPARK_SCALA_VERSION: the
  # launcher asks for it before it looks for jars/, and a pip install has no build directories
  # to guess it from ("Cannot find any build directories").
  SPARK_HOME="$SPARK_HOME_DIR" JAVA_HOME="$JAVA_HOME" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 \
    SPARK_LOCAL_HOSTNAME=127.0.0.1 SPARK_CONNECT_MODE=0 TZ=UTC \
    setsid "$JAVA_HOME/bin/java" -Xmx512m -XX:+IgnoreUnrecognizedVMOptions "${OPENS[@]}" \
    -Duser.timezone=UTC -cp "$SPARK_HOME_DIR/conf:$SPARK_HOME_DIR/jars/*" "$class" "$@" \
    </dev/null >"$log_file" 2>&1 &
  echo $! >"$(pid_file "$name" "$port")"
}

# wait_for NAME PORT CHECK…: until CHECK succeeds, at most START_TIMEOUT_S; fails when the daemon exits.
wait_for() {
  local name=$1 port=$2
  shift 2
  local deadline=$((SECONDS + START_TIMEOUT_S)) pid
  pid=$(cat "$(pid_file "$name" "$port")")
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the $name exited during start-up; last lines of $STATE/$name-$port.log:"
      tail -n 30 "$STATE/$name-$port.log" >&2 || true
      return 1
    fi
    if "$@"; then return 0; fi
    sleep 1
  done
  log "the $name was not ready within $START_TIMEOUT_S s; last lines of $STATE/$name-$port.log:"
  tail -n 30 "$STATE/$name-$port.log" >&2 || true
  return 1
}

master_ready() { answers "$MASTER_PORT" && json "$MASTER_UI_PORT" | grep -q '"status" *: *"ALIVE"'; }
# The worker counts once the master lists it ALIVE (a registered worker).
worker_registered() {
  json "$MASTER_UI_PORT" | python3 -c '
import json, sys
workers = json.load(sys.stdin).get("workers", [])
sys.exit(0 if any(w.get("port") == int(sys.argv[1]) and w.get("state") == "ALIVE" for w in workers) else 1)
' "$WORKER_PORT" 2>/dev/null
}

connect() {
  STREAMLAKE_CONNECT_MASTER="$MASTER_URL" STREAMLAKE_CONNECT_MEMORY="${STREAMLAKE_CONNECT_MEMORY:-1g}" \
    "$HERE/spark-connect-server.sh" "$@"
}

start() {
  mkdir -p "$STATE/work"
  if ! running_pid master "$MASTER_PORT" >/dev/null; then
    for port in "$MASTER_PORT" "$MASTER_UI_PORT"; do
      if answers "$port"; then
        log "port $port is taken by another process; set STREAMLAKE_SPARK_MASTER_PORT / STREAMLAKE_SPARK_MASTER_UI_PORT"
        return 1
      fi
    done
    setup_java
    start_daemon master "$MASTER_PORT" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT"
  fi
  wait_for master "$MASTER_PORT" master_ready || {
    stop
    return 1
  }
  log "master ready: $MASTER_URL (UI http://127.0.0.1:$MASTER_UI_PORT)"
  if ! running_pid worker "$WORKER_PORT" >/dev/null; then
    for port in "$WORKER_PORT" "$WORKER_UI_PORT"; do
      if answers "$port"; then
        log "port $port is taken by another process; set STREAMLAKE_SPARK_WORKER_PORT / STREAMLAKE_SPARK_WORKER_UI_PORT"
        stop
        return 1
      fi
    done
    setup_java
    start_daemon worker "$WORKER_PORT" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port "$WORKER_PORT" --webui-port "$WORKER_UI_PORT" \
      --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" --work-dir "$STATE/work" "$MASTER_URL"
  fi
  wait_for worker "$WORKER_PORT" worker_registered || {
    stop
    return 1
  }
  log "worker registered: $WORKER_CORES cores, $WORKER_MEMORY (UI http://127.0.0.1:$WORKER_UI_PORT)"
  connect start || {
    stop
    return 1
  }
}

stop_daemon() {
  local name=$1 port=$2 pid
  if ! pid=$(running_pid "$name" "$port"); then
    rm -f "$(pid_file "$name" "$port")"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "the $name is still running after 30 s; killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name" "$port")"
  log "stopped the $name (pid $pid)"
}

stop() {
  connect stop || true
  # The worker's process group holds the executors it launched.
  stop_daemon worker "$WORKER_PORT"
  stop_daemon master "$MASTER_PORT"
}

status() {
  if running_pid master "$MASTER_PORT" >/dev/null && running_pid worker "$WORKER_PORT" >/dev/null &&
    worker_registered && connect status; then
    log "master $MASTER_URL, worker 127.0.0.1:$WORKER_PORT, UI http://127.0.0.1:$MASTER_UI_PORT"
    return 0
  fi
  log "not running (master, worker and Connect server are needed)"
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
