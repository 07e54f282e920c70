# Sourced by the scripts that start a JVM (spark-env.sh, kafka-broker.sh): `java_home <major>`
# prints the home of a Java of that major version — JAVA_HOME, the usual /usr/lib/jvm paths, or
# the java on PATH — installing Debian's openjdk-<major>-jdk-headless first when none is there and
# we run as root, so a bare machine needs no manual step. Progress and failures go to stderr.

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }

find_java_home() {
  local major=$1 c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/java-"$major"-openjdk-* /usr/lib/jvm/*-"$major"-* \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
    if [ -n "$c" ] && [ -x "$c/bin/java" ] && [ "$(java_major "$c")" = "$major" ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

java_home() {
  local major=$1
  if find_java_home "$major"; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing openjdk-$major-jdk-headless" >&2
    apt-get update -qq >&2 && apt-get install -y -qq "openjdk-$major-jdk-headless" >&2
  fi
  find_java_home "$major" || {
    echo "no Java $major found: install one or set JAVA_HOME" >&2
    return 1
  }
}
