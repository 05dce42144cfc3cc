#!/usr/bin/env bash
# On-CPU profile of flotilla-lb's router and of bare YARP under the load of bench/l7-proxy.sh
# (wrk -t1 -c64 keep-alive, nginx backend serving 512 B), with perf and the runtime's perf map.
# Prints each proxy's top frames (self) and the inclusive share of chosen frames, and keeps
# perf.data files in OUT. Loopback only.
#
#   bench/l7-profile.sh                    # OUT=/tmp/flotilla-l7prof, D=10 s of perf per proxy
#
# Env: D (seconds recorded, 10), WARM (seconds of load before recording, 10), INLINE (1),
# ADMIN (1), OUT (folder for perf.data and reports), PORT_BASE (18800), LB_DLL (profile this
# flotilla-lb.dll, e.g. a build from before a change, instead of bin/flotilla-lb).
set -uo pipefail
D=${D:-10}; WARM=${WARM:-10}; INLINE=${INLINE:-1}; ADMIN=${ADMIN:-1}; OUT=${OUT:-/tmp/flotilla-l7prof}; PORT_BASE=${PORT_BASE:-18800}
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
HOST=127.0.0.1; P_NG=$((PORT_BASE + 1)); P_LB=$((PORT_BASE + 3)); P_YARP=$((PORT_BASE + 4)); P_ADMIN=$((PORT_BASE + 91))
for b in nginx wrk perf curl dotnet; do command -v "$b" >/dev/null || { echo "l7-profile: needs $b" >&2; exit 1; }; done
mkdir -p "$OUT"
T=$(mktemp -d /tmp/flotilla-l7prof.XXXXXX); chmod 755 "$T"; PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done; sleep 1; for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
start() { local log=$1; shift; setsid "$@" >"$log" 2>&1 </dev/null & PIDS+=($!); }
wait_200() { for _ in $(seq 1 240); do [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0; sleep 0.25; done; return 1; }

mkdir -p "$T/www" && chmod 755 "$T/www"; head -c 512 /dev/zero | tr '\0' a >"$T/www/index.html"; chmod 644 "$T/www/index.html"
cat >"$T/backend.conf" <<CONF
worker_processes 1; pid $T/backend.pid; error_log $T/backend.err warn; daemon off;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 120s; server { listen $HOST:$P_NG backlog=4096; root $T/www; } }
CONF
start "$T/backend.out" nginx -p "$T" -e "$T/backend.err" -c "$T/backend.conf"
{ [ "$ADMIN" = 1 ] && echo "admin: { address: $HOST, port: $P_ADMIN }"
  printf 'routers:\n  - name: bench\n    listeners: [ { address: %s, port: %s } ]\n    rules: [ { name: all, forward: app } ]\n    farms: [ { name: app, members: [ { address: %s, port: %s } ] } ]\n' "$HOST" "$P_LB" "$HOST" "$P_NG"; } >"$T/lb.yaml"
"$ROOT/bin/build-if-stale" || exit 1
dotnet build "$ROOT/bench/Flotilla.Router.Bench" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || exit 1
# W^X double-maps JIT code (memfd:doublemapper), which perf cannot match to the perf map.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$INLINE DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
if [ -n "${LB_DLL:-}" ]; then start "$T/lb.log" dotnet "$LB_DLL" --config "$T/lb.yaml"; else start "$T/lb.log" "$ROOT/bin/flotilla-lb" --config "$T/lb.yaml"; fi; LB=${PIDS[-1]}
start "$T/yarp.log" dotnet "$ROOT/artifacts/bin/Flotilla.Router.Bench/release/Flotilla.Router.Bench.dll" "$P_YARP" "http://$HOST:$P_NG/"; YARP=${PIDS[-1]}
wait_200 "http://$HOST:$P_LB/" && wait_200 "http://$HOST:$P_YARP/" || { echo "l7-profile: a proxy did not come up" >&2; tail "$T"/*.log >&2; exit 1; }

for t in router:$P_LB:$LB yarp:$P_YARP:$YARP; do
  IFS=: read -r name port pid <<<"$t"
  timeout $((WARM + D + 30)) wrk -t1 -c64 -d$((WARM + D + 2))s "http://$HOST:$port/" >"$OUT/$name.wrk" 2>&1 & W=$!
  sleep "$WARM"
  perf record -F 999 -g -p "$pid" -o "$OUT/$name.perf.data" -- sleep "$D" 2>"$OUT/$name.perf.log"
  wait "$W"
  cp "/tmp/perf-$pid.map" "$OUT/" 2>/dev/null
  echo "== $name: $(awk '/Requests\/sec/ {print $2}' "$OUT/$name.wrk") req/s during the run"
  perf report -i "$OUT/$name.perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 40 >"$OUT/$name.self.txt"
  perf report -i "$OUT/$name.perf.data" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' >"$OUT/$name.children.txt"
  echo "-- top self"; head -n 25 "$OUT/$name.self.txt"
  echo "-- inclusive, chosen frames"
  grep -E 'RouterServer|RouterMetrics|MeterAdapter|Prometheus|ConnectRetry|FarmTiming|ResponseTimeTracker|ProbeBody|RuleTable|ForwardAction|ReassignProxyRequest|HttpForwarder::SendAsync|ProxyPipelineInitializerMiddleware|Kestrel.*HttpProtocol::ProcessRequests|SocketsHttpHandler|HttpConnection::SendAsync|MeterListener|Histogram|LoadBalancing|SessionAffinity|PassiveHealth|GC|gc_heap|\[kernel' "$OUT/$name.children.txt" | head -n 40
done
