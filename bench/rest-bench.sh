#!/usr/bin/env bash
# Measures what a user of the jar would notice: time to start, memory when idle, and the
# throughput and latency of GET and POST on comments under wrk. Prints one figure per line.
#
#   bench/rest-bench.sh                 # store=memory, 30 s per load run
#   STORE=embedded DURATION=10s bench/rest-bench.sh
#   STORE=dynamodb bench/rest-bench.sh  # against a DynamoDB Local started apart, in its own JVM
#   SPREAD=0 bench/rest-bench.sh        # skip the run that spreads POSTs over 64 posts
#
# Needs: a built jar (./mvnw -DskipTests package), wrk (apt-get install wrk), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

STORE=${STORE:-memory}
PORT=${PORT:-18080}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SPREAD=${SPREAD:-64}
JAR=bootstrap/target/livecomments.jar
BASE="http://127.0.0.1:$PORT/api/v1"

[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw -DskipTests package first" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

workdir=$(mktemp -d)
log="$workdir/service.log"
cleanup() {
  for p in ${pid:-} ${ddb_pid:-}; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT

store_env=()
if [ "$STORE" = dynamodb ]; then
  # A separate DynamoDB Local (same jar, own JVM, data on disk like the embedded one).
  DDB_PORT=${DDB_PORT:-18000}
  java -cp "$JAR" io.livecomments.DynamoDbLocalServer "$DDB_PORT" "$workdir/dynamodb" >"$workdir/ddb.log" 2>&1 &
  ddb_pid=$!
  until grep -q 'ready at' "$workdir/ddb.log"; do
    kill -0 "$ddb_pid" 2>/dev/null || { cat "$workdir/ddb.log"; exit 1; }
    sleep 0.05
  done
  store_env=(LIVECOMMENTS_DYNAMODB_ENDPOINT="http://127.0.0.1:$DDB_PORT" LIVECOMMENTS_DYNAMODB_CREATE_TABLES=true)
fi

# The benchmark posts far faster than a person; lift the per-user limit for it alone.
start_ns=$(date +%s%N)
(cd "$workdir" && exec env MICRONAUT_SERVER_PORT=$PORT LIVECOMMENTS_STORE=$STORE \
  LIVECOMMENTS_RATE_LIMIT_COMMENTS_PER_MINUTE=100000000 "${store_env[@]}" \
  java -jar "$OLDPWD/$JAR" >"$log" 2>&1) &
pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v1/posts/00000000-0000-0000-0000-000000000000"; do
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.02
done
ready_ns=$(date +%s%N)
echo "java -version: $(java -version 2>&1 | head -1)"
echo "cores: $(nproc)"
echo "store: $STORE"
echo "startup_to_first_response_ms: $(( (ready_ns - start_ns) / 1000000 ))"
echo "micronaut_startup_reported: $(grep -o 'Startup completed in [0-9]*ms' "$log" | head -1)"

sleep 5
echo "idle_rss_mib: $(( $(ps -o rss= -p "$pid") / 1024 ))"
jcmd "$pid" GC.run >/dev/null 2>&1 || true
sleep 1
echo "idle_heap_used_after_gc_mib: $(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ {for(i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print int(v/1024); exit}}')"

token=$(curl -s -XPOST "$BASE/dev/tokens" -H 'Content-Type: application/json' \
  -d '{"userId":"bench","username":"bench@example.com"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
post=$(curl -s -XPOST "$BASE/posts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title":"benchmark"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for i in $(seq 1 100); do
  curl -s -o /dev/null -XPOST "$BASE/posts/$post/comments" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"content\":\"seed comment $i, about eighty characters of ordinary text here.\"}"
done

cat > "$workdir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"content":"A benchmark comment of about eighty characters, like a real one is."}'
LUA

run() { # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  echo "$name requests_per_s: $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  echo "$name latency_p50: $(echo "$out" | awk '$1=="50%" {print $2}')"
  echo "$name latency_p99: $(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "$name non_2xx: $(echo "$out" | awk '/Non-2xx/ {print $NF}' | grep . || echo 0)"
}

# Warm the JIT before measuring.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/posts/$post/comments?limit=10" >/dev/null
run "GET_comments_limit10" "$BASE/posts/$post/comments?limit=10"
run "POST_comment" -s "$workdir/post.lua" "$BASE/posts/$post/comments"
if [ "$SPREAD" -gt 0 ]; then
  # The same POSTs spread over SPREAD posts: what one hot post's serialized seq costs.
  ids=""
  for i in $(seq 1 "$SPREAD"); do
    ids="$ids\"$(curl -s -XPOST "$BASE/posts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"title":"spread"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')\","
  done
  cat "$workdir/post.lua" > "$workdir/spread.lua"
  cat >> "$workdir/spread.lua" <<LUA
local posts = { ${ids%,} }
request = function()
  return wrk.format(nil, "/api/v1/posts/" .. posts[math.random(#posts)] .. "/comments")
end
LUA
  run "POST_comment_over_${SPREAD}_posts" -s "$workdir/spread.lua" "$BASE/posts/$post/comments"
fi
echo "rss_after_load_mib: $(( $(ps -o rss= -p "$pid") / 1024 ))"
if [ -n "${ddb_pid:-}" ]; then echo "dynamodb_local_rss_after_load_mib: $(( $(ps -o rss= -p "$ddb_pid") / 1024 ))"; fi
echo "comments_stored: $(curl -s "$BASE/posts/$post/comments?limit=1&order=desc" | python3 -c 'import json,sys; c=json.load(sys.stdin)["comments"]; print(c[0]["seq"] if c else 0)')"
