#!/usr/bin/env bash
# A pool inside a network namespace against a plain one: the same nginx (1 worker, 512-byte
# page) once on the host's loopback and once on the loopback of a namespace of its own; one
# flotilla-lb in front of each (tcp probe, one member). Each round runs wrk -t1 -c64 keep-alive
# and 'Connection: close' against both in turn; besides RPS it prints the balancer's CPU time per
# request (utime+stime over the requests wrk completed). 'close' makes a new backend socket per
# request, which for the namespaced pool is one hand-off to the namespace's thread.
#   D=5 R=3 bench/l4-netns.sh            (root: it creates, and deletes, a namespace)
# Env: D (seconds per run, default 5), R (rounds, default 3), FLOTILLA_LB_TCP_ENGINE (epoll|sockets).
set -u
D=${D:-5}; R=${R:-3}
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "l4-netns: run as root (ip netns add)" >&2; exit 2; }
NS=flbench-netns-$$; VM=10.77.240.20
T=$(mktemp -d); chmod 755 "$T"; PIDS=(); ROUTE_ADDED=0
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for f in "$T"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  sleep 0.5; ip netns del "$NS" 2>/dev/null
  [ "$ROUTE_ADDED" = 1 ] && ip route del blackhole 10.77.0.0/16 metric 4000 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
# The host must not reach $VM by any route: if something connected from here, it fails here.
ip route show | grep -q '^blackhole 10.77.0.0/16' || { ip route replace blackhole 10.77.0.0/16 metric 4000 && ROUTE_ADDED=1; }
ip netns add "$NS" && ip -n "$NS" link set lo up && ip -n "$NS" addr add "$VM/32" dev lo || exit 1
# tcp_tw_reuse=2 (the default) reuses TIME_WAIT ports only for 127.0.0.0/8: the plain pool's
# 127.0.0.1 gets it, $VM would not, and 'close' runs would measure port exhaustion instead.
ip netns exec "$NS" sysctl -qw net.ipv4.tcp_tw_reuse=1 || exit 1
mkdir -p "$T/www"; head -c 512 /dev/zero | tr '\0' a > "$T/www/index.html"
nginx_conf() { # name listen
  cat > "$T/nginx-$1.conf" <<CONF
worker_processes 1; pid $T/nginx-$1.pid; error_log $T/nginx-$1.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000; server { listen $2; root $T/www; } }
CONF
}
nginx_conf host 127.0.0.1:18611; nginx -c "$T/nginx-host.conf"
nginx_conf netns "$VM:18611"; ip netns exec "$NS" nginx -c "$T/nginx-netns.conf"
lb() { # name port admin namespace-line member
  cat > "$T/$1.yaml" <<YAML
admin: { address: 127.0.0.1, port: $3 }
balancers:
  - name: web
    frontendAddress: 127.0.0.1
    backendPools:
      - name: p
        $4
        members: [ { address: $5, port: 18611 } ]
    probes: [ { name: t, protocol: tcp, intervalSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 1 } ]
    rules: [ { name: r, protocol: tcp, frontendPort: $2, backendPool: p, probe: t, distribution: Default } ]
YAML
  "$ROOT/bin/flotilla-lb" --config "$T/$1.yaml" >"$T/$1.log" 2>&1 &
  PIDS+=($!); eval "PID_$1=$!"
}
lb plain 18681 19921 "" 127.0.0.1
lb netns 18682 19922 "namespace: $NS" "$VM"
for p in 18681 18682; do for _ in $(seq 1 240); do [ "$(curl -s -m1 -o /dev/null -w '%{size_download}' http://127.0.0.1:$p/)" = 512 ] && break; sleep 0.5; done; done
for p in 18681 18682; do echo "preflight 127.0.0.1:$p -> $(curl -s -m2 -o /dev/null -w 'HTTP %{http_code}, %{size_download} bytes' http://127.0.0.1:$p/)"; done
echo "host -> $VM:18611 directly (must fail): $(curl -s -m2 -o /dev/null -w '%{http_code}' http://$VM:18611/ 2>&1 || true)"
declare -A URL=([plain]=18681 [netns]=18682)
declare -A PID=([plain]=$PID_plain [netns]=$PID_netns)
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
run() { # target mode
  local hdr=(); [ "$2" = close ] && hdr=(-H 'Connection: close')
  local c0 c1 out req rps p99
  c0=$(cpu "${PID[$1]}")
  out=$(wrk -t1 -c64 -d"${D}"s --latency "${hdr[@]}" "http://127.0.0.1:${URL[$1]}/" 2>/dev/null)
  c1=$(cpu "${PID[$1]}")
  req=$(awk '/requests in/ {print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  awk -v t="$1" -v m="$2" -v r="$rps" -v q="$req" -v c=$((c1 - c0)) -v hz="$HZ" -v p="$p99" \
    'BEGIN { printf "%-6s %-10s rps %7d  cpu/req %6.1f us  p99 %s\n", t, m, r, (q>0 ? c/hz*1e6/q : 0), p }'
}
echo "machine: nproc $(nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg), engine ${FLOTILLA_LB_TCP_ENGINE:-epoll}"
for t in plain netns; do wrk -t1 -c64 -d3s -H 'Connection: close' "http://127.0.0.1:${URL[$t]}/" >/dev/null 2>&1; done  # JIT warm-up
for r in $(seq 1 "$R"); do
  for m in keep-alive close; do
    for t in plain netns; do run "$t" "$m"; done
  done
done | tee "$T/results"
echo "--- medians over $R rounds (load at end $(cut -d' ' -f1-3 /proc/loadavg))"
med() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for m in keep-alive close; do for t in plain netns; do
  r=$(awk -v t="$t" -v m="$m" '$1==t && $2==m {print $4}' "$T/results" | med)
  c=$(awk -v t="$t" -v m="$m" '$1==t && $2==m {print $6}' "$T/results" | med)
  printf "%-6s %-10s rps %7d  cpu/req %6.1f us\n" "$t" "$m" "$r" "$c"
done; done
grep -h "netns\|namespace" "$T/netns.log" | head -3
