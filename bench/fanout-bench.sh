#!/usr/bin/env bash
# Fan-out benchmark (POST to last delivery for 1,000 / 5,000 / 10,000 WebSocket clients, with
# max-concurrency 256 and 1) and a soak run (1,000 clients, 100 comments in 10 s, every delivery
# counted). The service runs from the jar with its defaults: local gateway on, production
# Management API adapter pushing to it. Clients run in a second JVM on the same two cores.
#
#   bench/fanout-bench.sh                        # everything
#   CLIENTS=1000,5000 ROUNDS=3 CONCURRENCY="256" SOAK=" " bench/fanout-bench.sh
#   STORE=embedded CLIENTS=1000 bench/fanout-bench.sh   # registry in DynamoDB Local (default: memory)
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-1000,5000,10000}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-30000}   # pushes before measuring, for the JIT
CONCURRENCY=${CONCURRENCY:-"256 1"}
SOAK=${SOAK:-"1000 100 10"}
PORT=${PORT:-18081}
JAR=bootstrap/target/livecomments.jar
[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw -DskipTests package first" >&2; exit 2; }

start_service() { # max-concurrency
  workdir=$(mktemp -d)
  (cd "$workdir" && MICRONAUT_SERVER_PORT=$PORT LIVECOMMENTS_STORE=${STORE:-memory} \
    LIVECOMMENTS_APIGATEWAY_MAX_CONCURRENCY=$1 \
    LIVECOMMENTS_RATE_LIMIT_COMMENTS_PER_MINUTE=100000000 \
    exec java -jar "$OLDPWD/$JAR" >"$workdir/service.log" 2>&1) &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/websocket/connections"; do
    kill -0 "$pid" 2>/dev/null || { cat "$workdir/service.log"; exit 1; }
    sleep 0.1
  done
}
stop_service() { kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$workdir"; }
trap 'kill ${pid:-} 2>/dev/null || true' EXIT

echo "cores: $(nproc); $(java -version 2>&1 | head -1)"
for mc in $CONCURRENCY; do
  start_service "$mc"
  echo "max-concurrency=$mc"
  java bench/FanOutBench.java "http://127.0.0.1:$PORT" fanout "$CLIENTS" "$ROUNDS" "$WARMUP"
  stop_service
done
if [ -n "${SOAK// }" ]; then
  start_service 256
  # shellcheck disable=SC2086
  java bench/FanOutBench.java "http://127.0.0.1:$PORT" soak $SOAK
  stop_service
fi
