#!/usr/bin/env bash
# Sets up (or reuses) the Spark oracle environment and prints it as shell assignments:
#   STREAMLAKE_SPARK_PYTHON  python of a venv with pyspark + delta-spark + deltalake + pyarrow
#   STREAMLAKE_SPARK_JARS    comma-separated local Delta + Spark Kafka jars (+ runtime deps) for
#                            `spark.jars`
#   JAVA_HOME                a Java 17
# Usage: ENV=$(scripts/spark-env.sh) && eval "$ENV"   (progress goes to stderr)
#        scripts/spark-env.sh --check                  also starts Spark offline and writes/reads
#                                                      a Delta table with those jars
# Pins live in scripts/spark-pins.env only. Everything is cached under $STREAMLAKE_CACHE
# (default ~/.cache/streamlake), keyed by a hash of the pins; a second run downloads nothing and
# takes seconds. Spark never resolves packages at session start: the jars are resolved here, once,
# by Maven (which honours the machine's settings.xml), and passed to Spark as local files.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
# shellcheck source=spark-pins.env
. "$HERE/spark-pins.env"

ROOT="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}"
log() { echo "spark-env: $*" >&2; }

# --- Java 17 -----------------------------------------------------------------------------------
# shellcheck source=java-home.sh
. "$HERE/java-home.sh"
JAVA17=$(java_home "$SPARK_JAVA_MAJOR") || exit 1

# --- Python venv -------------------------------------------------------------------------------
VENV="$ROOT/spark-venv-$(printf '%s' "$SPARK_PY_PINS" | sha256sum | cut -c1-12)"
if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "$SPARK_PY_PINS" ]; then
  log "creating $VENV ($SPARK_PY_PINS) — the first time downloads ~0.5 GB"
  rm -rf "$VENV"
  mkdir -p "$ROOT"
  python3 -m venv "$VENV" >&2
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install --disable-pip-version-check -q $SPARK_PY_PINS >&2
  printf '%s' "$SPARK_PY_PINS" >"$VENV/.pins"
else
  log "reusing $VENV"
fi

# --- Delta and Spark Kafka jars (Maven) ------------------------------------------------------------
COORD="io.delta:$DELTA_MAVEN_ARTIFACT:$DELTA_MAVEN_VERSION org.apache.spark:$SPARK_KAFKA_MAVEN_ARTIFACT:$SPARK_KAFKA_MAVEN_VERSION"
JARS_DIR="$ROOT/spark-jars-$(printf '%s' "$COORD" | sha256sum | cut -c1-12)"
if [ ! -f "$JARS_DIR/.coordinates" ] || [ "$(cat "$JARS_DIR/.coordinates")" != "$COORD" ]; then
  log "resolving $COORD with Maven into $JARS_DIR"
  command -v mvn >/dev/null || {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq >&2 && apt-get install -y -qq maven >&2
    fi
  }
  rm -rf "$JARS_DIR"
  JAVA_HOME="$JAVA17" mvn -q -B -f "$REPO/tools/spark-deps/pom.xml" \
    -Ddelta.artifact="$DELTA_MAVEN_ARTIFACT" -Ddelta.version="$DELTA_MAVEN_VERSION" \
    -Dspark.kafka.artifact="$SPARK_KAFKA_MAVEN_ARTIFACT" -Dspark.kafka.version="$SPARK_KAFKA_MAVEN_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$JARS_DIR" -DincludeScope=runtime \
    -DexcludeGroupIds=org.scala-lang >&2
  printf '%s' "$COORD" >"$JARS_DIR/.coordinates"
else
  log "reusing $JARS_DIR"
fi
# Keep only the jars pyspark does not ship itself: Maven's "nearest wins" picks older versions of
# shared libraries (jackson, hadoop-client, parquet, log4j, …) than the ones in pyspark/jars, and
# two versions of one library on the classpath is asking for trouble.
PYSPARK_JARS=$(find "$VENV"/lib/python3*/site-packages/pyspark/jars -maxdepth 0 | head -1)
JARS=""
for jar in "$JARS_DIR"/*.jar; do
  name=$(basename "$jar" .jar)
  artifact=${name%%-[0-9]*}
  if compgen -G "$PYSPARK_JARS/$artifact-[0-9]*.jar" >/dev/null; then continue; fi
  JARS="${JARS:+$JARS,}$jar"
done
[ -n "$JARS" ] || { log "no jars in $JARS_DIR"; exit 1; }

if [ "${1:-}" = "--check" ]; then
  log "checking that Spark starts offline with spark.jars only"
  SPARK_LOCAL_IP=127.0.0.1 JAVA_HOME="$JAVA17" STREAMLAKE_SPARK_JARS="$JARS" "$VENV/bin/python" - >&2 <<'PY'
import os, tempfile
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[2]")
         .config("spark.jars", os.environ["STREAMLAKE_SPARK_JARS"])
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
assert spark.conf.get("spark.jars.packages", "") == ""
path = tempfile.mkdtemp() + "/t"
spark.range(3).write.format("delta").save(path)
print("spark", spark.version, "delta rows", spark.read.format("delta").load(path).count())
spark.stop()
PY
fi

printf "export STREAMLAKE_SPARK_PYTHON='%s'\n" "$VENV/bin/python"
printf "export STREAMLAKE_SPARK_JARS='%s'\n" "$JARS"
printf "export JAVA_HOME='%s'\n" "$JAVA17"
