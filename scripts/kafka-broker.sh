#!/usr/bin/env bash
# A local Apache Kafka broker (KRaft, one combined broker + controller, loopback only) for the
# Kafka tests, the Kafka demo and trying things out:
#   scripts/kafka-broker.sh start     starts it (or finds it running), waits until it answers and
#                                     prints its bootstrap servers (127.0.0.1:<port>) on stdout
#   scripts/kafka-broker.sh stop      stops it (its data stays: a later start continues the log)
#   scripts/kafka-broker.sh restart   stop + start, same data (a broker outage mid-stream)
#   scripts/kafka-broker.sh wipe      stops it and deletes its data (the next start is a new cluster)
#   scripts/kafka-broker.sh status    exit 0 and the bootstrap servers when it answers, else exit 3
# Port: $STREAMLAKE_KAFKA_PORT (default 19092; the controller listens on the next port). Two
# more listeners for clients that authenticate (SASL/PLAIN, user "streamlake", password
# "streamlake-secret"; SCRAM-SHA-256/512 too, once a client has created the user's SCRAM
# credentials): SASL_PLAINTEXT on port + 2 and SASL_SSL on port + 3, with a certificate
# for 127.0.0.1/localhost signed by a CA made at the first start (.cache/kafka/<port>/tls/ca.pem,
# what a client trusts), and SSL with client certificates required (mutual TLS) on port + 4
# (tls/client.pem and tls/client.key are signed by the same CA). Heap:
# $STREAMLAKE_KAFKA_MEMORY (default 512m). Data, logs and the pid file live in
# .cache/kafka/<port>/.
#
# The broker's jars are resolved once by Maven (tools/kafka/pom.xml, versions in
# scripts/kafka-pins.env) into $STREAMLAKE_CACHE (default ~/.cache/streamlake), keyed by the pins;
# later starts download nothing. Java 17 comes from scripts/spark-env.sh's rules (JAVA_HOME, else
# the system's Java 17).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
# shellcheck source=kafka-pins.env
. "$HERE/kafka-pins.env"

ROOT="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}"
PORT="${STREAMLAKE_KAFKA_PORT:-19092}"
CONTROLLER_PORT=$((PORT + 1))
MEMORY="${STREAMLAKE_KAFKA_MEMORY:-512m}"
STATE="$REPO/.cache/kafka/$PORT"
DATA="$STATE/data"
PID_FILE="$STATE/broker.pid"
LOG="$STATE/broker.log"
START_TIMEOUT_S="${STREAMLAKE_KAFKA_START_TIMEOUT:-120}"
SASL_PORT=$((PORT + 2))
SASL_SSL_PORT=$((PORT + 3))
MTLS_PORT=$((PORT + 4))
TLS="$STATE/tls"
BOOTSTRAP="127.0.0.1:$PORT"

log() { echo "kafka-broker: $*" >&2; }

# shellcheck source=java-home.sh
. "$HERE/java-home.sh"

# The broker classpath, resolved once per set of pins.
libs() {
  local coords="kafka_2.13:$KAFKA_VERSION log4j:$KAFKA_LOG4J_VERSION slf4j:$KAFKA_SLF4J_VERSION"
  local dir
  dir="$ROOT/kafka-libs-$(printf '%s' "$coords" | sha256sum | cut -c1-12)"
  if [ ! -f "$dir/.coordinates" ] || [ "$(cat "$dir/.coordinates")" != "$coords" ]; then
    log "resolving Kafka $KAFKA_VERSION with Maven into $dir (once)"
    command -v mvn >/dev/null || {
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >&2 && apt-get install -y -qq maven >&2
      fi
    }
    rm -rf "$dir"
    mkdir -p "$ROOT"
    JAVA_HOME="$JAVA" mvn -q -B -f "$REPO/tools/kafka/pom.xml" \
      -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$KAFKA_LOG4J_VERSION" \
      -Dslf4j.version="$KAFKA_SLF4J_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$dir" -DincludeScope=runtime >&2
    printf '%s' "$coords" >"$dir/.coordinates"
  fi
  echo "$dir"
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# A CA and a server certificate for the SASL_SSL listener (openssl, once per state folder): the
# broker reads its key and chain as one PEM file; clients trust ca.pem.
make_tls() {
  [ -f "$TLS/keystore.pem" ] && [ -f "$TLS/client.pem" ] && return 0
  if ! command -v openssl >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing openssl (for the SASL_SSL listener's certificates)"
    apt-get update -qq >&2 && apt-get install -y -qq openssl >&2
  fi
  command -v openssl >/dev/null || {
    log "openssl is needed for the SASL_SSL listener's certificates: install it (apt-get install openssl)"
    return 1
  }
  mkdir -p "$TLS"
  if [ -f "$TLS/keystore.pem" ]; then
    make_client_cert
    return
  fi
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=streamlake test CA" \
    -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$TLS/san.ext"
  openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" \
    -CAcreateserial -days 3650 -extfile "$TLS/san.ext" -out "$TLS/server.pem" 2>/dev/null
  # PKCS#8, unencrypted: what Kafka's PEM keystore reads without a key password.
  openssl pkcs8 -topk8 -nocrypt -in "$TLS/server.key" -out "$TLS/server.pk8"
  cat "$TLS/server.pk8" "$TLS/server.pem" "$TLS/ca.pem" >"$TLS/keystore.pem"
  make_client_cert
}

# A client certificate signed by the same CA, for the SSL listener that requires one (mutual
# TLS): client.pem and its unencrypted PKCS#8 key client.key.
make_client_cert() {
  openssl req -newkey rsa:2048 -nodes -subj "/CN=streamlake-client" \
    -keyout "$TLS/client.raw.key" -out "$TLS/client.csr" 2>/dev/null
  openssl x509 -req -in "$TLS/client.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" \
    -CAcreateserial -days 3650 -out "$TLS/client.pem.tmp" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$TLS/client.raw.key" -out "$TLS/client.key"
  mv "$TLS/client.pem.tmp" "$TLS/client.pem"
}

write_config() {
  mkdir -p "$STATE"
  make_tls
  cat >"$STATE/server.properties" <<PROPS
# Written by scripts/kafka-broker.sh: one node, broker + controller, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SASL_SSL_PORT,SSL://127.0.0.1:$MTLS_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SASL_SSL://127.0.0.1:$SASL_SSL_PORT,SSL://127.0.0.1:$MTLS_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_streamlake="streamlake-secret";
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_streamlake="streamlake-secret";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PEM
ssl.keystore.location=$TLS/keystore.pem
listener.name.ssl.ssl.client.auth=required
listener.name.ssl.ssl.truststore.type=PEM
listener.name.ssl.ssl.truststore.location=$TLS/ca.pem
log.dirs=$DATA
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Tests shorten retention per topic (retention.ms, segment.bytes); check it often.
log.retention.check.interval.ms=1000
# No time-based retention by default: tests and the seed's replays write records whose
# CreateTime is days old, which the usual 7 days would delete within a second of arriving.
log.retention.ms=-1
PROPS
  cat >"$STATE/log4j2.properties" <<PROPS
# Written by scripts/kafka-broker.sh: INFO to stdout (the broker log file), quiet libraries.
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
PROPS
}

start() {
  if pid=$(running_pid); then
    if wait_ready "$pid"; then
      log "already running (pid $pid) on $BOOTSTRAP"
      echo "$BOOTSTRAP"
      return 0
    fi
    return 1
  fi
  if answers; then
    log "port $PORT is taken by another process; set STREAMLAKE_KAFKA_PORT to another port"
    return 1
  fi
  JAVA=$(java_home 17)
  mkdir -p "$STATE"
  # Start from an empty log: wait_ready looks for this start's "started" line.
  : >"$LOG"
  local cp
  cp="$(libs)/*"
  write_config
  if [ ! -f "$DATA/meta.properties" ]; then
    rm -rf "$DATA"
    local id
    id=$("$JAVA/bin/java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$LOG")
    "$JAVA/bin/java" -cp "$cp" -Dlog4j2.configurationFile="$STATE/log4j2.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$STATE/server.properties" >>"$LOG" 2>&1 || {
      log "formatting $DATA failed; last lines of $LOG:"
      tail -n 20 "$LOG" >&2
      return 1
    }
  fi
  log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (log: $LOG)"
  local started=$SECONDS
  # setsid: the broker leads its own process group, so stop ends it and nothing else.
  setsid "$JAVA/bin/java" -Xms256m -Xmx"$MEMORY" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STATE/log4j2.properties" -cp "$cp" \
    kafka.Kafka "$STATE/server.properties" </dev/null >>"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  if wait_ready "$pid"; then
    log "ready after $((SECONDS - started)) s (pid $pid)"
    echo "$BOOTSTRAP"
  else
    stop
    return 1
  fi
}

# Waits until the broker has registered with its controller (the log line Kafka prints when the
# broker is serving), at most START_TIMEOUT_S seconds; fails early when the broker exits.
wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the broker exited during start-up; last lines of $LOG:"
      tail -n 30 "$LOG" >&2 || true
      return 1
    fi
    if answers && grep -q "Kafka Server started" "$LOG"; then
      return 0
    fi
    sleep 0.5
  done
  log "not ready on $BOOTSTRAP within $START_TIMEOUT_S s; last lines of $LOG:"
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
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
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
    echo "$BOOTSTRAP"
    log "running (pid $pid)"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart)
    stop
    start
    ;;
  wipe)
    stop
    rm -rf "$DATA"
    log "deleted $DATA"
    ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|restart|wipe|status" >&2
    exit 2
    ;;
esac
