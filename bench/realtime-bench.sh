#!/usr/bin/env bash
# Real-time benchmarks of issue 11, one command:
#   1. soak: SOAK_CLIENTS WebSocket clients on one post, SOAK_COMMENTS comments over SOAK_SECONDS,
#      first with batch=1, then without; deliveries, order, duplicates, latency, pushes, lag,
#      and a PASS/FAIL line per criterion;
#   2. fan-out: for each N in FANOUT_CLIENTS, a freshly started service (new JVM, no push before the
#      first round), N clients, ROUNDS rounds of one comment (cold), WARM_ROUNDS more, ROUNDS again
#      (warm); then a freshly started bench/probe (bare Micronaut WebSocketBroadcaster, the floor)
#      with the same N clients and a frame of the same size; the ratios and PASS/FAIL (<= 3x, <= 6x).
# Every server runs with java -jar on 127.0.0.1, the service with LIVECOMMENTS_STORE=memory and its
# defaults otherwise (local gateway on, the production Management API messenger pushing to it). The
# clients run in one more JVM (bench/FanOutBench.java, run from source) on the same cores.
#
#   bench/realtime-bench.sh                                   # build, then everything (~15 min)
#   SKIP_BUILD=1 FANOUT_CLIENTS=1000 PARTS=fanout bench/realtime-bench.sh
#   SERVICE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/svc.jfr" PARTS=fanout ...
#   LIVECOMMENTS_PUSH_WARMUP_ENABLED=false PARTS=fanout ...    # the cold start without the warm-up
#
# Needs Java 17+ and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PARTS=${PARTS:-"soak fanout"}
SOAK_CLIENTS=${SOAK_CLIENTS:-1000}
SOAK_COMMENTS=${SOAK_COMMENTS:-300}
SOAK_SECONDS=${SOAK_SECONDS:-30}
SOAK_WARMUP=${SOAK_WARMUP:-10}     # comments before the soak, not counted
SOAK_WAIT=${SOAK_WAIT:-120}        # seconds to wait for the last deliveries after the last POST
SOAK_BATCH=${SOAK_BATCH:-"1 0"}
FANOUT_CLIENTS=${FANOUT_CLIENTS:-"1000 10000"}
ROUNDS=${ROUNDS:-5}
WARM_ROUNDS=${WARM_ROUNDS:-20}
SERVICE_PORT=${SERVICE_PORT:-18081}
PROBE_PORT=${PROBE_PORT:-18082}
JAR=${SERVICE_JAR:-bootstrap/target/livecomments.jar}
PROBE_JAR=bench/probe/target/probe.jar
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
# JVM options for both servers, the service and the floor's probe alike, e.g. the container image's
# heap settings (IMAGE_JVM=1 takes them from bootstrap/pom.xml's Jib configuration).
SERVERS_JAVA_OPTS=${SERVERS_JAVA_OPTS:-}
if [ "${IMAGE_JVM:-0}" = 1 ]; then
  SERVERS_JAVA_OPTS="$SERVERS_JAVA_OPTS $(sed -n 's:.*<JAVA_TOOL_OPTIONS>\(.*\)</JAVA_TOOL_OPTIONS>.*:\1:p' bootstrap/pom.xml)"
fi
# CLASS_LOG=1: the servers log class loading (-Xlog:class+load) and each fan-out round prints how
# many classes the server loaded during it.
CLASS_LOG=${CLASS_LOG:-0}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:-"-Xmx2g"}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl bootstrap -am package -DskipTests
  ./mvnw -B -q -f bench/probe/pom.xml package -DskipTests
fi
JAR=$(realpath "$JAR"); PROBE_JAR=$(realpath "$PROBE_JAR")
[ -f "$JAR" ] && [ -f "$PROBE_JAR" ] || { echo "missing $JAR or $PROBE_JAR" >&2; exit 2; }
# 10,000 clients and their server side are 20,000 sockets in this shell's children.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

workdir=$(mktemp -d)
class_opts=""
if [ "$CLASS_LOG" = 1 ]; then
  class_opts="-Xlog:class+load=info:file=$workdir/classes.log"
  export SERVER_CLASS_LOG=$workdir/classes.log
fi
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$workdir"' EXIT

wait_for() { # url: bounded to 120 s
  local deadline=$((SECONDS + 120))
  until curl -s -o /dev/null "$1"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$workdir/server.log"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "no answer from $1 after 120 s" >&2; cat "$workdir/server.log"; exit 1; }
    sleep 0.1
  done
}
start_service() {
  rm -rf "$workdir/run" && mkdir "$workdir/run"
  (cd "$workdir/run" && exec env MICRONAUT_SERVER_PORT=$SERVICE_PORT MICRONAUT_SERVER_HOST=127.0.0.1 \
    LIVECOMMENTS_STORE=memory LIVECOMMENTS_RATE_LIMIT_COMMENTS_PER_MINUTE=100000000 \
    java $class_opts $SERVERS_JAVA_OPTS $SERVICE_JAVA_OPTS -jar "$JAR" >"$workdir/server.log" 2>&1) &
  server_pid=$!
  wait_for "http://127.0.0.1:$SERVICE_PORT/api/v1/websocket/connections"
  # As a load balancer would: no client before readiness is UP (it waits for the push warm-up).
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVICE_PORT/health/readiness")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || { echo "service not ready after 120 s" >&2; exit 1; }
    sleep 0.2
  done
  echo "  service ready at $(date -u +%T.%N | cut -c1-12) UTC"
}
start_probe() {
  (cd "$workdir" && exec env MICRONAUT_SERVER_PORT=$PROBE_PORT MICRONAUT_SERVER_HOST=127.0.0.1 \
    java $class_opts $SERVERS_JAVA_OPTS -jar "$PROBE_JAR" >"$workdir/server.log" 2>&1) &
  server_pid=$!
  wait_for "http://127.0.0.1:$PROBE_PORT/probe/connections"
}
bench() { # url mode args...
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS bench/FanOutBench.java "$@" | tee -a "$workdir/out"
}
result() { # kind clients field: from the RESULT lines printed so far
  awk -v k="$1" -v n="clients=$2" -v f="$3" '$1=="RESULT" && $2==k && $3==n {
    for (i = 4; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) v = kv[2] } } END { print v }' "$workdir/out"
}

echo "realtime-bench: $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
[ -z "${SERVERS_JAVA_OPTS// /}" ] || echo "both servers run with:$SERVERS_JAVA_OPTS"
echo "service jar $JAR ($(date -u -r "$JAR" +%FT%TZ)); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

for part in $PARTS; do
  case $part in
  soak)
    for b in $SOAK_BATCH; do
      start_service
      bench "http://127.0.0.1:$SERVICE_PORT" soak "$SOAK_CLIENTS" "$SOAK_COMMENTS" "$SOAK_SECONDS" "$b" \
        "$SOAK_WARMUP" "$SOAK_WAIT"
      stop_server
    done
    ;;
  fanout)
    for n in $FANOUT_CLIENTS; do
      start_service
      bench "http://127.0.0.1:$SERVICE_PORT" fanout "$n" "$ROUNDS" "$WARM_ROUNDS"
      echo "  service's warm-up: $(grep -h 'Push path warmed up' "$workdir/server.log" || echo 'none (livecomments.push.warmup.enabled=false, or a build without it)')"
      stop_server
      start_probe
      bench "http://127.0.0.1:$PROBE_PORT" floor "$n" "$ROUNDS" "$WARM_ROUNDS" "$(result service "$n" frame_bytes)"
      stop_server
      awk -v n="$n" -v sm="$(result service "$n" cold_median_ms)" -v ss="$(result service "$n" cold_slowest_ms)" \
        -v sw="$(result service "$n" warm_median_ms)" -v fm="$(result floor "$n" cold_median_ms)" \
        -v fw="$(result floor "$n" warm_median_ms)" 'BEGIN {
        if (fm < 1) fm = 1; if (fw < 1) fw = 1
        printf "\n== fan-out of one comment to %d clients, freshly started: service against the floor ==\n", n
        printf "  service cold median %d ms, slowest %d ms; floor cold median %d ms\n", sm, ss, fm
        printf "  %s  median / floor median = %.1fx (<= 3x)\n", (sm / fm <= 3 ? "PASS" : "FAIL"), sm / fm
        printf "  %s  slowest / floor median = %.1fx (<= 6x)\n", (ss / fm <= 6 ? "PASS" : "FAIL"), ss / fm
        printf "  warm: service median %d ms, floor median %d ms, %.1fx\n", sw, fw, sw / fw }' | tee -a "$workdir/out"
    done
    ;;
  *) echo "unknown part $part (soak, fanout)" >&2; exit 2 ;;
  esac
done
echo
echo "summary:"
grep -E '^  (PASS|FAIL)|^== ' "$workdir/out" | grep -B1 -E 'PASS|FAIL' | grep -v '^--$'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
