#!/usr/bin/env bash
# What a cheap request costs in the service, against a bare Micronaut app on the same stack.
#
# Builds the service's jar and the probe (bench/probe: Micronaut 4.10.3, netty, serde,
# micronaut-security with JWT, one anonymous @Get returning a small record), starts both with
# java -jar on 127.0.0.1 (the service with LIVECOMMENTS_STORE=memory), seeds one post with comments,
# warms each target up, then runs wrk on:
#   probe      GET /probe/{id}                              (the bare app)
#   post       GET /api/v1/posts/{id}
#   comments   GET /api/v1/posts/{id}/comments?limit=10
#   not_found  GET /api/v1/no/such/path                     (404, problem+json)
#   no_post    GET /api/v1/posts/{an unknown id}            (404 from the domain, for reference)
# ROUNDS times in turn, and prints the median req/s of each and the two ratios the issue asks for:
# not_found / post (>= 0.70) and post / probe (>= 0.50). Both servers run on the same cores as wrk,
# so absolute figures are lower bounds; the ratios are what one run can compare.
#
#   bench/rest-overhead.sh                          # DURATION=15s WARMUP=10s ROUNDS=3
#   SKIP_BUILD=1 ROUNDS=1 DURATION=5s bench/rest-overhead.sh
#
# Needs Java 17+, curl and python3; installs wrk from Debian when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SERVICE_PORT=${SERVICE_PORT:-18081}
PROBE_PORT=${PROBE_PORT:-18082}
JAR=${SERVICE_JAR:-bootstrap/target/livecomments.jar}
PROBE_JAR=bench/probe/target/probe.jar
# Extra JVM options for the service alone, e.g. JFR: SERVICE_JAVA_OPTS=-XX:StartFlightRecording=...
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}

if ! command -v wrk >/dev/null; then
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_=sudo
  $sudo_ apt-get install -y wrk >/dev/null 2>&1 || { $sudo_ apt-get update >/dev/null && $sudo_ apt-get install -y wrk >/dev/null; }
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl bootstrap -am package -DskipTests
  ./mvnw -B -q -f bench/probe/pom.xml package -DskipTests
fi
JAR=$(realpath "$JAR"); PROBE_JAR=$(realpath "$PROBE_JAR")
[ -f "$JAR" ] && [ -f "$PROBE_JAR" ] || { echo "missing $JAR or $PROBE_JAR" >&2; exit 2; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
workdir=$(mktemp -d)
cleanup() {
  for p in ${service_pid:-} ${probe_pid:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT

# Both on loopback only; the service keeps nothing on disk.
(cd "$workdir" && exec env MICRONAUT_SERVER_PORT=$SERVICE_PORT MICRONAUT_SERVER_HOST=127.0.0.1 \
  LIVECOMMENTS_STORE=memory java $SERVICE_JAVA_OPTS -jar "$JAR" >"$workdir/service.log" 2>&1) &
service_pid=$!
(cd "$workdir" && exec env MICRONAUT_SERVER_PORT=$PROBE_PORT MICRONAUT_SERVER_HOST=127.0.0.1 \
  java -jar "$PROBE_JAR" >"$workdir/probe.log" 2>&1) &
probe_pid=$!

wait_for() { # pid, url, log: bounded to 120 s
  local deadline=$((SECONDS + 120))
  until curl -s -o /dev/null "$2"; do
    kill -0 "$1" 2>/dev/null || { cat "$3"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "no answer from $2 after 120 s" >&2; cat "$3"; exit 1; }
    sleep 0.1
  done
}
SERVICE="http://127.0.0.1:$SERVICE_PORT"
PROBE="http://127.0.0.1:$PROBE_PORT"
wait_for "$service_pid" "$SERVICE/api/v1/posts/00000000-0000-0000-0000-000000000000" "$workdir/service.log"
wait_for "$probe_pid" "$PROBE/probe/1" "$workdir/probe.log"

# A post with a dev token, and a dozen comments so that a page of ten is full.
json() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
token=$(curl -s -XPOST "$SERVICE/api/v1/dev/tokens" -H 'Content-Type: application/json' \
  -d '{"userId":"bench","username":"bench@example.com"}' | json token)
post=$(curl -s -XPOST "$SERVICE/api/v1/posts" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"title":"benchmark"}' | json id)
for i in $(seq 1 12); do
  curl -s -o /dev/null -XPOST "$SERVICE/api/v1/posts/$post/comments" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"content\":\"seed comment $i, about eighty characters of ordinary text here.\"}"
done

names=(probe post comments not_found no_post)
declare -A url=(
  [probe]="$PROBE/probe/$post"
  [post]="$SERVICE/api/v1/posts/$post"
  [comments]="$SERVICE/api/v1/posts/$post/comments?limit=10"
  [not_found]="$SERVICE/api/v1/no/such/path"
  [no_post]="$SERVICE/api/v1/posts/00000000-0000-0000-0000-000000000000"
)
declare -A expect=([probe]=200 [post]=200 [comments]=200 [not_found]=404 [no_post]=404)
for n in "${names[@]}"; do
  got=$(curl -s -o /dev/null -w '%{http_code}' "${url[$n]}")
  [ "$got" = "${expect[$n]}" ] || { echo "$n: ${url[$n]} answered $got, not ${expect[$n]}" >&2; exit 1; }
done

for n in "${names[@]}"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${url[$n]}" >/dev/null; done

declare -A rates
for r in $(seq 1 "$ROUNDS"); do
  for n in "${names[@]}"; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${url[$n]}")
    rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out" | awk '/Socket errors/ {print}')
    [ -z "$errors" ] || echo "round $r $n: $errors" >&2
    rates[$n]="${rates[$n]:-} $rate"
    echo "round $r: $n $rate req/s"
  done
done

python3 - "$ROUNDS" "${rates[probe]}" "${rates[post]}" "${rates[comments]}" "${rates[not_found]}" "${rates[no_post]}" <<'PY'
import statistics, sys
rounds = sys.argv[1]
names = ["probe", "post", "comments", "not_found", "no_post"]
paths = {
    "probe": "GET /probe/{id} (bare Micronaut + security)",
    "post": "GET /api/v1/posts/{id}",
    "comments": "GET /api/v1/posts/{id}/comments?limit=10",
    "not_found": "GET /api/v1/no/such/path (404)",
    "no_post": "GET /api/v1/posts/{unknown id} (404, for reference)",
}
med = {}
print()
print(f"| request | median req/s | rounds ({rounds}) |")
print("| --- | ---: | --- |")
for name, arg in zip(names, sys.argv[2:]):
    values = [float(v) for v in arg.split()]
    med[name] = statistics.median(values)
    print(f"| {paths[name]} | {med[name]:,.0f} | {', '.join(f'{v:,.0f}' for v in values)} |")
ratio_404 = med["not_found"] / med["post"]
ratio_probe = med["post"] / med["probe"]
# Rounds run the four targets back to back, so a round's own ratios are the least disturbed by
# other load on the machine; they are printed beside the ratios of the medians.
per_round = [[float(v) for v in arg.split()] for arg in sys.argv[2:]]
probe, post, _, not_found, _ = per_round
print()
print("per round, 404 / GET post:   " + ", ".join(f"{n / p:.2f}" for n, p in zip(not_found, post)))
print("per round, GET post / probe: " + ", ".join(f"{p / b:.2f}" for p, b in zip(post, probe)))
print(f"404 / GET post   = {ratio_404:.2f}  (target >= 0.70: {'met' if ratio_404 >= 0.70 else 'NOT met'})")
print(f"GET post / probe = {ratio_probe:.2f}  (target >= 0.50: {'met' if ratio_probe >= 0.50 else 'NOT met'})")
PY
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
