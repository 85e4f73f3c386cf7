#!/usr/bin/env bash
# serve-authz benchmark: throughput and latency of gRPC and HTTP checks on loopback.
#
#   bash bench/authz/run.sh                 # BUILD_DIR=build, 5 s per run
#   BUILD_DIR=build-authz SECONDS_PER_RUN=10 bash bench/authz/run.sh
#
# Starts `tenantguard serve-authz` on 127.0.0.1 (ephemeral ports), drives it with authz_load (C++
# closed-loop client: gRPC async, HTTP keep-alive) and, when installed, wrk for HTTP; prints a
# table and writes it into the "serve-authz" section of docs/PERFORMANCE.md (other sections kept).
# Everything is bounded in time; the server is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
SECS="${SECONDS_PER_RUN:-5}"
# gRPC rows, IN_FLIGHT/CONNECTIONS each. What an Envoy fleet presents: every Envoy worker thread
# keeps its own HTTP/2 connection to the authorizer (Istio sidecars run 2 workers), and by Little's
# law 30,000 checks/s answered in 0.5 to 1 ms (loopback to an in-cluster round trip) are 15 to 30
# checks in flight. So 16/8: the sidecars of four shared-service replicas; 32/16: eight replicas, or
# a burst; 32/2: an ingress gateway's two workers carrying all the checks. Few checks in flight per
# connection batch little, so the first two rows cost more CPU per check than the third. One client
# thread drives every connection, as it shares the CPUs with the server.
GRPC_ROWS="${GRPC_ROWS:-16/8 32/16 32/2}"
HTTP_CONNECTIONS="${HTTP_CONNECTIONS:-8}"
DOC="$ROOT/docs/PERFORMANCE.md"
SPEC="$ROOT/bench/authz/tenantguard.yaml"

BIN="$BUILD_DIR/tenantguard"
LOAD="$BUILD_DIR/bench/authz/authz_load"
if [ ! -x "$BIN" ] || [ ! -x "$LOAD" ]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" --target tenantguard authz_load
fi

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve-authz --spec "$SPEC" --grpc 127.0.0.1:0 --http 127.0.0.1:0 --metrics 127.0.0.1:0 \
  --http-threads $((HTTP_CONNECTIONS + 8)) 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q '"event":"listening"' "$WORK/server.log" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
listening="$(grep -m1 '"event":"listening"' "$WORK/server.log" || true)"
[ -n "$listening" ] || { echo "run.sh: serve-authz did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$2"; }
GRPC_ADDR="$(field grpc "$listening")"
HTTP_ADDR="$(field http "$listening")"

rows=()
TICK="$(getconf CLK_TCK)"
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
# Server CPU time per check: less sensitive than throughput to what else runs on the machine.
cpu_per_check() {  # ticks-before ticks-after requests
  awk -v a="$1" -v b="$2" -v n="$3" -v t="$TICK" 'BEGIN { if (n > 0) printf "%.1f", (b - a) / t * 1e6 / n; else print "-" }'
}
run_load() {  # mode target extra-args...
  local mode="$1" target="$2"; shift 2
  local out before after
  before="$(server_ticks)"
  out="$(timeout $((SECS * 3 + 30)) "$LOAD" --mode "$mode" --target "$target" --seconds "$SECS" "$@")" || {
    echo "run.sh: authz_load $mode failed: $out" >&2; exit 1; }
  after="$(server_ticks)"
  rows+=("$(printf '| %-24s | %8s | %10s | %8s | %8s | %8s | %6s | %8s |' \
    "authz_load $mode c=$(field concurrency "$out")$([ "$mode" = grpc ] && echo "/$(field connections "$out")")" "$(field requests "$out")" "$(field rps "$out")" \
    "$(field p50_us "$out")" "$(field p90_us "$out")" "$(field p99_us "$out")" "$(field errors "$out")" \
    "$(cpu_per_check "$before" "$after" "$(field requests "$out")")")")
}

# Warm-up (connections, allocator), then the measured runs.
"$LOAD" --mode grpc --target "$GRPC_ADDR" --seconds 1 --concurrency 8 >/dev/null
"$LOAD" --mode http --target "$HTTP_ADDR" --seconds 1 --concurrency 2 >/dev/null
for row in $GRPC_ROWS; do
  run_load grpc "$GRPC_ADDR" --concurrency "${row%/*}" --connections "${row#*/}"
done
run_load http "$HTTP_ADDR" --concurrency "$HTTP_CONNECTIONS"

if command -v wrk >/dev/null; then
  cat >"$WORK/check.lua" <<'EOF'
wrk.method = "POST"
wrk.path = "/logs/ingest"
wrk.headers["Host"] = "log-collector.shared-services.svc.cluster.local:8080"
wrk.headers["x-forwarded-client-cert"] = "By=spiffe://cluster.local/ns/shared-services/sa/log-collector;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject=\"\";URI=spiffe://cluster.local/ns/tenant-acme/sa/web"
EOF
  before="$(server_ticks)"
  wrk_out="$(timeout $((SECS + 30)) wrk -t 1 -c "$HTTP_CONNECTIONS" -d "${SECS}s" --latency -s "$WORK/check.lua" \
    "http://$HTTP_ADDR/logs/ingest" 2>&1 || true)"
  to_us() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v*1000} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000000} else print v}'; }
  wrk_rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$wrk_out")"
  wrk_req="$(awk '/requests in/ {print $1}' <<<"$wrk_out")"
  wrk_p50="$(awk '$1=="50%" {print $2}' <<<"$wrk_out" | to_us)"
  wrk_p90="$(awk '$1=="90%" {print $2}' <<<"$wrk_out" | to_us)"
  wrk_p99="$(awk '$1=="99%" {print $2}' <<<"$wrk_out" | to_us)"
  wrk_non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$wrk_out")"
  after="$(server_ticks)"
  rows+=("$(printf '| %-24s | %8s | %10s | %8s | %8s | %8s | %6s | %8s |' "wrk http c=$HTTP_CONNECTIONS" "$wrk_req" "$wrk_rps" \
    "$wrk_p50" "$wrk_p90" "$wrk_p99" "${wrk_non2xx:-0}" "$(cpu_per_check "$before" "$after" "${wrk_req:-0}")")")
fi

header='| client                   | requests |  checks/s  | p50 µs   | p90 µs   | p99 µs   | errors | server CPU µs/check |'
rule='|--------------------------|---------:|-----------:|---------:|---------:|---------:|-------:|---------:|'
table="$(printf '%s\n%s\n' "$header" "$rule"; printf '%s\n' "${rows[@]}")"
echo "$table"

cpus="$(nproc)"
model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
load="$LOAD_BEFORE"
section="$(cat <<EOF
<!-- serve-authz:begin (written by bench/authz/run.sh; edit the script, not this section) -->
## serve-authz

\`bash bench/authz/run.sh\` on $(date -u +%Y-%m-%d): one run of ${SECS} s per row, loopback, client and
server on the same machine ($cpus CPUs, $model; load average before the runs: $load — the machine
was shared with other builds, so these are the numbers of one run, not a controlled measurement).
gRPC rows are c=IN_FLIGHT/CONNECTIONS (the script says why these), served by the default
completion-queue threads (one per two CPUs). Checks alternate nine allows (identity header verified by the client) and one deny (logged by the
server); \`wrk\` sends allows only. Errors count wrong decisions as well as transport failures.
Latency is per request, client side, send to full answer. The last column is the server process's
CPU time (user + system) during the row divided by its checks: on a busy machine it moves much less
than throughput and latency do.

$table

Targets (2 CPUs): ≥ 20,000 checks/s over HTTP, ≥ 30,000 over gRPC, p99 < 2 ms.
<!-- serve-authz:end -->
EOF
)"

mkdir -p "$(dirname "$DOC")"
[ -f "$DOC" ] || printf '# Performance\n\nMeasured numbers, one section per benchmark script.\n' >"$DOC"
if grep -q '<!-- serve-authz:begin' "$DOC"; then
  SECTION="$section" awk '
    /<!-- serve-authz:begin/ { print ENVIRON["SECTION"]; skip = 1; next }
    /<!-- serve-authz:end -->/ { skip = 0; next }
    !skip { print }' "$DOC" >"$WORK/doc" && cat "$WORK/doc" >"$DOC"
else
  printf '\n%s\n' "$section" >>"$DOC"
fi
echo "run.sh: updated $DOC (section serve-authz)"
