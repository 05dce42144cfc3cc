#!/usr/bin/env bash
# TCP engines side by side on loopback: direct nginx, HAProxy (nbthread 2), flotilla-lb with the
# .NET sockets engine, with the epoll engine (1 loop) and with the epoll engine (2 loops).
# Each round runs wrk -t1 -c64 keep-alive and 'Connection: close' against every target in turn;
# besides RPS it prints the proxy's CPU time per request (utime+stime from /proc/PID/stat over
# the requests wrk completed), which holds up better than RPS on a noisy machine.
#   D=5 R=3 bench/l4-engines.sh
set -u
# BASE_DLL=path/to/flotilla-lb.dll (another build, e.g. before a change) adds base-sockets and base-epoll2
# targets, started as bin/flotilla-lb starts ours, so a before/after ratio comes from one run.
D=${D:-5}; R=${R:-3}; BASE_DLL=${BASE_DLL:-}
[ -z "$BASE_DLL" ] || [ -f "$BASE_DLL" ] || { echo "l4-engines: BASE_DLL $BASE_DLL: no such file" >&2; exit 2; }
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
T=$(mktemp -d); chmod 755 "$T"; PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$T/www"; head -c 512 /dev/zero | tr '\0' a > "$T/www/index.html"
cat > "$T/nginx.conf" <<CONF
worker_processes 1; pid $T/nginx.pid; error_log $T/nginx.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000;
  server { listen 127.0.0.1:18501; listen 127.0.0.1:18502; root $T/www; } }
CONF
nginx -c "$T/nginx.conf"
cat > "$T/haproxy.cfg" <<CONF
global
  maxconn 8000
  nbthread 2
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
listen web
  bind 127.0.0.1:18581
  balance source
  server a 127.0.0.1:18501
  server b 127.0.0.1:18502
CONF
haproxy -f "$T/haproxy.cfg" >/dev/null 2>&1 & HAP=$!; PIDS+=($HAP)
lb() { # name port admin engine loops [dll]
  cat > "$T/$1.yaml" <<YAML
admin: { address: 127.0.0.1, port: $3 }
balancers:
  - name: web
    frontendAddress: 127.0.0.1
    backendPools:
      - name: p
        members: [ { address: 127.0.0.1, port: 18501 }, { address: 127.0.0.1, port: 18502 } ]
    probes: [ { name: t, protocol: tcp, intervalSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 1 } ]
    rules: [ { name: r, protocol: tcp, frontendPort: $2, backendPool: p, probe: t, distribution: Default } ]
YAML
  if [ -n "${6:-}" ]; then
    DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 FLOTILLA_LB_TCP_ENGINE=$4 FLOTILLA_LB_TCP_LOOPS=$5 dotnet "$6" --config "$T/$1.yaml" >"$T/$1.log" 2>&1 &
  else
    FLOTILLA_LB_TCP_ENGINE=$4 FLOTILLA_LB_TCP_LOOPS=$5 "$ROOT/bin/flotilla-lb" --config "$T/$1.yaml" >"$T/$1.log" 2>&1 &
  fi
  PIDS+=($!); eval "PID_$1=$!"
}
lb sockets 18582 19911 sockets 1
lb epoll1 18583 19912 epoll 1
lb epoll2 18584 19913 epoll 2
TARGETS=(direct haproxy sockets epoll1 epoll2)
declare -A URL=([direct]=18501 [haproxy]=18581 [sockets]=18582 [epoll1]=18583 [epoll2]=18584)
declare -A PID=([direct]=0 [haproxy]=$HAP [sockets]=$PID_sockets [epoll1]=$PID_epoll1 [epoll2]=$PID_epoll2)
if [ -n "$BASE_DLL" ]; then
  lb base_sockets 18585 19914 sockets 1 "$BASE_DLL"
  lb base_epoll2 18586 19915 epoll 2 "$BASE_DLL"
  TARGETS+=(base-sockets base-epoll2)
  URL[base-sockets]=18585; URL[base-epoll2]=18586; PID[base-sockets]=$PID_base_sockets; PID[base-epoll2]=$PID_base_epoll2
fi
for t in "${TARGETS[@]}"; do [ "$t" = direct ] && continue
  ok=0; for _ in $(seq 1 240); do [ "$(curl -s -m1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${URL[$t]}/")" = 200 ] && { ok=1; break; }; sleep 0.5; done
  [ "$ok" = 1 ] || { echo "l4-engines: $t does not answer 200 on ${URL[$t]}" >&2; exit 1; }
done
cpu() { [ "$1" = 0 ] && { echo 0; return; }; awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
run() { # target mode
  local hdr=(); [ "$2" = close ] && hdr=(-H 'Connection: close')
  local c0 c1 out req rps
  c0=$(cpu "${PID[$1]}")
  out=$(wrk -t1 -c64 -d"${D}"s "${hdr[@]}" "http://127.0.0.1:${URL[$1]}/" 2>/dev/null)
  c1=$(cpu "${PID[$1]}")
  req=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$out")
  # What was measured: non-2xx answers and socket errors (connect/read/write/timeout) wrk counted.
  bad=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  awk -v t="$1" -v m="$2" -v r="$rps" -v q="$req" -v c=$((c1 - c0)) -v hz="$HZ" -v b="$bad" \
    'BEGIN { printf "%-12s %-10s rps %7d  cpu/req %6.1f us  bad %d\n", t, m, r, (q>0 ? c/hz*1e6/q : 0), b }'
}
for t in "${TARGETS[@]}"; do [ "${PID[$t]}" = "$HAP" ] || [ "$t" = direct ] || wrk -t1 -c64 -d3s "http://127.0.0.1:${URL[$t]}/" >/dev/null 2>&1; done  # JIT warm-up
for r in $(seq 1 "$R"); do
  for m in keep-alive close; do
    for t in "${TARGETS[@]}"; do run "$t" "$m"; done
  done
done | tee "$T/results"
echo "--- medians over $R rounds"
med() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for m in keep-alive close; do for t in "${TARGETS[@]}"; do
  r=$(awk -v t="$t" -v m="$m" '$1==t && $2==m {print $4}' "$T/results" | med)
  c=$(awk -v t="$t" -v m="$m" '$1==t && $2==m {print $6}' "$T/results" | med)
  printf "%-12s %-10s rps %7d  cpu/req %6.1f us\n" "$t" "$m" "$r" "$c"
done; done
bad=$(awk '{n+=$NF} END {print n+0}' "$T/results")
echo "--- responses that were not 2xx, or socket errors, over all runs: $bad"
[ "$bad" = 0 ]
