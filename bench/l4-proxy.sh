#!/usr/bin/env bash
# L4 proxy benchmark on loopback: direct-to-nginx vs flotilla-lb vs HAProxy (mode tcp),
# side by side in one run, then 10,000 concurrent connections held through each proxy.
# Everything (backend, proxies, load) is on 127.0.0.1; nothing is sent anywhere else.
#
#   bench/l4-proxy.sh                      # D=10 s per run, 10k run D10K=15 s
#   D=3 D10K=5 bench/l4-proxy.sh           # quick check
#   SKIP_10K=1 bench/l4-proxy.sh           # only the 64-connection runs
#
# Env: D (seconds per keep-alive/close run, default 10), D10K (seconds of the 10k run,
# default 15), SKIP_10K=1, C10K (connections of that run, default 10000), WARM (seconds
# of flotilla-lb JIT warm-up per mode, default 3), NGINX_WORKERS (default 1),
# PORT_BASE (default 18400: nginx +1/+2, haproxy +81, flotilla-lb +82, admin +91),
# FIT_10K=0 (skip the extra run at the connection count the fd limit allows, see below).
# Exit status: 0 when every run completed and every server is still up, 1 otherwise.
# See bench/README.md for how to read the output.
set -uo pipefail

D=${D:-10}; D10K=${D10K:-15}; SKIP_10K=${SKIP_10K:-0}; C10K=${C10K:-10000}
WARM=${WARM:-3}; NGINX_WORKERS=${NGINX_WORKERS:-1}; PORT_BASE=${PORT_BASE:-18400}
for v in D D10K C10K WARM NGINX_WORKERS PORT_BASE; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "l4-proxy: $v must be a whole number (got '${!v}')" >&2; exit 2; }
done
[ "$D" -ge 1 ] && [ "$D10K" -ge 1 ] || { echo "l4-proxy: D and D10K must be >= 1" >&2; exit 2; }

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
HOST=127.0.0.1                                  # the only address this script ever talks to
P_NG1=$((PORT_BASE + 1)); P_NG2=$((PORT_BASE + 2)); P_HAP=$((PORT_BASE + 81))
P_LB=$((PORT_BASE + 82)); P_ADMIN=$((PORT_BASE + 91))
URL_DIRECT="http://$HOST:$P_NG1/"; URL_LB="http://$HOST:$P_LB/"; URL_HAP="http://$HOST:$P_HAP/"
ADMIN="http://$HOST:$P_ADMIN"

say() { printf '%s\n' "$*"; }
die() { printf 'l4-proxy: %s\n' "$*" >&2; exit 1; }

for b in nginx haproxy wrk curl ss awk; do
  command -v "$b" >/dev/null || die "needs $b (apt-get install $b)"
done
[ -x "$ROOT/bin/flotilla-lb" ] || die "no $ROOT/bin/flotilla-lb launcher"

# --- file descriptors: 10k client connections = 20k sockets in each proxy ----------------
# Raising the hard limit needs CAP_SYS_RESOURCE; without it we get the hard limit and say so.
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)
FD_NOTE=""
if [ "$NOFILE" -lt 200000 ]; then
  capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
  if [ -n "$capeff" ] && (( (0x$capeff >> 24) & 1 )); then why_fd="setrlimit refused"; else why_fd="no CAP_SYS_RESOURCE"; fi
  FD_NOTE=" (wanted 200000: the hard limit is $(ulimit -Hn) and cannot be raised here: $why_fd)"
fi
# HAProxy refuses to start when it cannot get ~2 fds per maxconn: 30000 if the limit allows.
HAP_MAXCONN=30000
[ "$NOFILE" -lt $((2 * HAP_MAXCONN + 200)) ] && HAP_MAXCONN=$(( (NOFILE - 200) / 2 ))
NGINX_CONNS=$(( NOFILE < 30000 ? NOFILE : 30000 ))

# --- temp dir, process bookkeeping, cleanup on any exit (incl. Ctrl-C) -------------------
T=$(mktemp -d /tmp/flotilla-l4bench.XXXXXX) || die "mktemp failed"
chmod 755 "$T"                                  # nginx workers run as nobody/www-data
PIDS=(); WRK_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$WRK_PID" ] && kill -TERM "$WRK_PID" 2>/dev/null
  local p i alive
  for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 1 50); do                      # up to 5 s for a clean exit, then SIGKILL
    alive=0
    for p in "${PIDS[@]}" $WRK_PID; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  [ -n "$WRK_PID" ] && kill -KILL "$WRK_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'echo; echo "l4-proxy: interrupted, cleaning up" >&2; exit 130' INT
trap 'exit 143' TERM

# Each server runs in its own session/process group, so cleanup takes its children too.
start() { local log=$1; shift; setsid "$@" >"$log" 2>&1 </dev/null & PIDS+=($!); }

port_busy() { [ -n "$(ss -Hltn "( sport = :$1 )" 2>/dev/null)" ]; }
for p in $P_NG1 $P_NG2 $P_HAP $P_LB $P_ADMIN; do
  port_busy "$p" && die "port $HOST:$p is already in use (another benchmark running?); set PORT_BASE"
done

http_check() {  # url -> "code bytes"
  curl -s -m 2 -o /dev/null -w '%{http_code} %{size_download}' "$1" 2>/dev/null
}
wait_200() {    # url seconds [pid] -> 0 when it answers 200 with 512 bytes
  local url=$1 n=$(( $2 * 4 )) pid=${3:-} r
  for _ in $(seq 1 "$n"); do
    r=$(http_check "$url")
    [ "$r" = "200 512" ] && return 0
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && return 1
    sleep 0.25
  done
  return 1
}

# --- machine ----------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "# Flotilla L4 proxy benchmark"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "- machine: nproc $(nproc), CPU ${CPU:-unknown}, kernel $(uname -r), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
say "- load average at start: $LOAD0; other wrk/nginx/haproxy/dotnet processes running: $(pgrep -c -x "wrk|nginx|haproxy|dotnet" 2>/dev/null)"
say "- $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(haproxy -v 2>/dev/null | head -1 | awk '{print "HAProxy " $3}'), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}')"
say "- ulimit -n $NOFILE$FD_NOTE; ephemeral ports $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range); somaxconn $(cat /proc/sys/net/core/somaxconn); tcp_tw_reuse $(cat /proc/sys/net/ipv4/tcp_tw_reuse)"
say "- settings: D=${D}s per run, D10K=${D10K}s, C10K=$C10K, SKIP_10K=$SKIP_10K, nginx worker_processes $NGINX_WORKERS, temp dir $T"
say ""

# --- nginx backend: two ports, one 512-byte index.html -----------------------------------
mkdir -p "$T/www" && chmod 755 "$T/www"
head -c 512 /dev/zero | tr '\0' a >"$T/www/index.html"; chmod 644 "$T/www/index.html"
cat >"$T/nginx.conf" <<CONF
worker_processes $NGINX_WORKERS;
worker_rlimit_nofile $NOFILE;
pid $T/nginx.pid;
error_log $T/nginx.err warn;
daemon off;
events { worker_connections $NGINX_CONNS; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  server {
    listen $HOST:$P_NG1 backlog=4096;
    listen $HOST:$P_NG2 backlog=4096;
    root $T/www;
  }
}
CONF
start "$T/nginx.out" nginx -p "$T" -e "$T/nginx.err" -c "$T/nginx.conf"
NGINX_PID=${PIDS[-1]}
for u in "http://$HOST:$P_NG1/" "http://$HOST:$P_NG2/"; do
  wait_200 "$u" 10 "$NGINX_PID" || { cat "$T/nginx.out" "$T/nginx.err" 2>/dev/null >&2
    die "nginx at $u did not answer 200 with 512 bytes (got: $(http_check "$u"))"; }
done

# --- HAProxy: mode tcp, 2 threads, both backends, maxconn 30000 (or what the fd limit allows)
cat >"$T/haproxy.cfg" <<CONF
global
  maxconn $HAP_MAXCONN
  nbthread 2
defaults
  mode tcp
  maxconn $HAP_MAXCONN
  timeout connect 3s
  timeout client 60s
  timeout server 60s
listen web
  bind $HOST:$P_HAP
  balance roundrobin
  server a $HOST:$P_NG1
  server b $HOST:$P_NG2
CONF
haproxy -c -q -f "$T/haproxy.cfg" >"$T/haproxy.check" 2>&1 || { cat "$T/haproxy.check" >&2; die "haproxy config rejected"; }
start "$T/haproxy.log" haproxy -db -f "$T/haproxy.cfg"
HAP_PID=${PIDS[-1]}
wait_200 "$URL_HAP" 10 "$HAP_PID" || { cat "$T/haproxy.log" >&2; die "haproxy did not answer 200 with 512 bytes (got: $(http_check "$URL_HAP"))"; }

# --- flotilla-lb: mode tcp, Distribution Default, tcp probe, same two backends -----------
cat >"$T/lb.yaml" <<YAML
admin: { address: $HOST, port: $P_ADMIN }
balancers:
  - name: web
    frontendAddress: $HOST
    backendPools:
      - name: p
        members: [ { address: $HOST, port: $P_NG1 }, { address: $HOST, port: $P_NG2 } ]
    probes: [ { name: t, protocol: tcp, intervalSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 1 } ]
    rules: [ { name: r, protocol: tcp, frontendPort: $P_LB, backendPool: p, probe: t, distribution: Default } ]
YAML
say "building flotilla-lb if stale (bin/build-if-stale) ..." >&2
"$ROOT/bin/build-if-stale" || die "flotilla-lb build failed (see $ROOT/artifacts/build.log)"
start "$T/lb.log" "$ROOT/bin/flotilla-lb" --config "$T/lb.yaml"
LB_PID=${PIDS[-1]}
wait_200 "$URL_LB" 120 "$LB_PID" || { tail -n 40 "$T/lb.log" >&2; die "flotilla-lb did not answer 200 with 512 bytes (got: $(http_check "$URL_LB"))"; }
# The launcher execs dotnet, so LB_PID is the balancer process itself (RSS is read from it).
grep -qa 'flotilla-lb' "/proc/$LB_PID/cmdline" 2>/dev/null || die "pid $LB_PID is not flotilla-lb"

if command -v jq >/dev/null; then
  lb_flows()   { curl -s -m 2 "$ADMIN/status" | jq -r '[.rules[].activeFlows] | add // empty' 2>/dev/null; }
  lb_counter() { curl -s -m 2 "$ADMIN/status" | jq -r "[.rules[].$1] | add // empty" 2>/dev/null; }
  lb_healthy() { curl -s -m 2 "$ADMIN/status" | jq -r '[.rules[].members[] | select(.inRotation)] | length' 2>/dev/null; }
  lb_mcounter(){ curl -s -m 2 "$ADMIN/status" | jq -r "[.rules[].members[].$1] | add // empty" 2>/dev/null; }
else  # rule objects: ..."activeFlows":N,"rejectedFlows":M,"members":[...] (members have no rejectedFlows)
  lb_flows()   { curl -s -m 2 "$ADMIN/status" | grep -o '"activeFlows":[0-9]*,"rejectedFlows"' | grep -o '[0-9]*' | awk '{s+=$1} END {if (NR) print s}'; }
  lb_counter() { curl -s -m 2 "$ADMIN/status" | grep -o "\"$1\":[0-9]*" | grep -o '[0-9]*' | awk '{s+=$1} END {if (NR) print s}'; }
  lb_healthy() { curl -s -m 2 "$ADMIN/status" | grep -o '"inRotation":true' | wc -l; }
  lb_mcounter(){ lb_counter "$1"; }
fi
for _ in $(seq 1 60); do [ "$(lb_healthy)" = 2 ] && break; sleep 0.5; done
[ "$(lb_healthy)" = 2 ] || say "WARNING: flotilla-lb does not report both members in rotation: $(curl -s -m 2 "$ADMIN/status")"

for u in "$URL_DIRECT" "$URL_LB" "$URL_HAP"; do say "- preflight $u -> HTTP $(http_check "$u" | sed 's/ /, /') bytes"; done
say ""

# --- wrk runs and parsing ----------------------------------------------------------------
# parse_wrk FILE -> "rps p50_ms p99_ms non2xx connect read write timeout requests bytes_read"
parse_wrk() {
  awk '
    function ms(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "s") return n * 1000; if (u == "m") return n * 60000
      if (u == "h") return n * 3600000; return n }
    function by(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "KB") return n * 1024; if (u == "MB") return n * 1048576
      if (u == "GB") return n * 1073741824; if (u == "TB") return n * 1099511627776; return n }
    /^ +50% / { p50 = ms($2) }
    /^ +99% / { p99 = ms($2) }
    / requests in / { req = $1; rd = by($5) }
    /^ +Socket errors:/ { c = $4 + 0; r = $6 + 0; w = $8 + 0; t = $10 + 0 }
    /^ +Non-2xx or 3xx responses:/ { n2 = $5 + 0 }
    /^Requests\/sec:/ { rps = $2 }
    END { if (rps == "") { print "FAIL"; exit }
          printf "%.0f %.3f %.3f %d %d %d %d %d %d %.0f\n", rps, p50, p99, n2, c, r, w, t, req, rd }' "$1"
}
errors_text() {  # non2xx connect read write timeout -> "0" or "non-2xx 3, read 2"
  local s="" ; local -a names=("non-2xx" "connect" "read" "write" "timeout"); local i=0 v
  for v in "$@"; do [ "$v" != 0 ] && s="${s:+$s, }${names[$i]} $v"; i=$((i + 1)); done
  printf '%s' "${s:-0}"
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v < 1) printf "%.0f us", v * 1000; else if (v < 100) printf "%.2f ms", v; else printf "%.0f ms", v }'; }
ratio()  { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }

declare -A RES; ROWS=(); CMDS=(); FAILED=0
show_cmd() { local a out=""; for a in "$@"; do [[ $a == *[[:space:]]* ]] && a="'$a'"; out+="${out:+ }$a"; done; printf '%s' "$out"; }
run_wrk() {  # key mode target url extra-args...
  local key=$1 mode=$2 target=$3 url=$4; shift 4
  local out="$T/wrk-$key.txt" cmd=(wrk -t1 -c64 -d"${D}s" --latency "$@" "$url")
  CMDS+=("$(show_cmd "${cmd[@]}")")
  timeout --foreground -k 5 $((D + 30)) "${cmd[@]}" >"$out" 2>&1
  local r; r=$(parse_wrk "$out")
  RES[$key]=$r
  if [ "$r" = FAIL ]; then
    say "  $mode / $target: wrk FAILED: $(tr '\n' ' ' <"$out" | cut -c1-300)"
    ROWS+=("| $mode | $target | FAILED | - | - | see log |"); FAILED=1; return
  fi
  local rps p50 p99 n2 c rd w to req bytes
  read -r rps p50 p99 n2 c rd w to req bytes <<<"$r"
  local bpr; bpr=$(awk -v b="$bytes" -v q="$req" 'BEGIN { printf "%.0f", (q > 0 ? b / q : 0) }')
  local err; err=$(errors_text "$n2" "$c" "$rd" "$w" "$to")
  say "  $(printf '%-10s %-12s %8s req/s  p50 %-9s p99 %-9s %7s B/resp  errors: %s' "$mode" "$target" "$rps" "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" "$bpr" "$err")"
  ROWS+=("| $mode | $target | $rps | $(fmt_ms "$p50") | $(fmt_ms "$p99") | $err |")
}

say "## 64 connections, wrk -t1 -c64 -d${D}s --latency (B/resp = bytes read / requests, ~750 = 512 B body + headers)"
say ""
if [ "$WARM" -gt 0 ]; then   # JIT warm-up of flotilla-lb, both code paths, not recorded
  timeout --foreground -k 5 $((WARM + 30)) wrk -t1 -c64 -d"${WARM}s" "$URL_LB" >/dev/null 2>&1
  timeout --foreground -k 5 $((WARM + 30)) wrk -t1 -c64 -d"${WARM}s" -H 'Connection: close' "$URL_LB" >/dev/null 2>&1
fi
for mode in keep-alive close; do
  extra=(); [ "$mode" = close ] && extra=(-H 'Connection: close')
  run_wrk "$mode-direct"   "$mode" direct      "$URL_DIRECT" "${extra[@]}"
  run_wrk "$mode-flotilla" "$mode" flotilla-lb "$URL_LB"     "${extra[@]}"
  run_wrk "$mode-haproxy"  "$mode" haproxy     "$URL_HAP"    "${extra[@]}"
done
say ""
say "## Ratios (RPS) and added latency"
say ""
for mode in keep-alive close; do
  d=${RES[$mode-direct]}; l=${RES[$mode-flotilla]}; h=${RES[$mode-haproxy]}
  if [ "$d" = FAIL ] || [ "$l" = FAIL ] || [ "$h" = FAIL ]; then say "- $mode: n/a (a run failed)"; continue; fi
  read -r drps _ dp99 _ <<<"$d"; read -r lrps _ lp99 _ <<<"$l"; read -r hrps _ hp99 _ <<<"$h"
  say "- $mode: flotilla-lb/direct $(ratio "$lrps" "$drps"), flotilla-lb/haproxy $(ratio "$lrps" "$hrps"); p99 added by flotilla-lb $(awk -v a="$lp99" -v b="$dp99" 'BEGIN { printf "%+.2f ms", a - b }') (haproxy $(awk -v a="$hp99" -v b="$dp99" 'BEGIN { printf "%+.2f ms", a - b }'))"
done
say ""

# --- 10,000 concurrent connections -------------------------------------------------------
ROWS10=()
exit_of() {  # pid -> EXIT_TXT (runs wait in this shell: a $(...) subshell cannot wait for our children)
  wait "$1" 2>/dev/null; local ec=$?
  if [ "$ec" -gt 128 ]; then EXIT_TXT="exit status $ec = SIG$(kill -l $((ec - 128)) 2>/dev/null)"; else EXIT_TXT="exit status $ec"; fi
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# client connections the proxy has accepted: established sockets on its frontend port minus
# those still waiting in the kernel accept queue (the listener's Recv-Q); cheap, unlike ss -p
owned() {  # port -> "accepted queued handshaking"
  local e q h
  e=$(ss -Htn state established "( sport = :$1 )" 2>/dev/null | wc -l)
  q=$(ss -Hltn "( sport = :$1 )" 2>/dev/null | awk '{s += $2} END {print s + 0}')
  h=$(ss -Htn state syn-recv "( sport = :$1 )" 2>/dev/null | wc -l)
  echo "$(( e > q ? e - q : 0 )) $q $h"
}
listen_overflows() { awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) k[i] = $i; h = 1 }
  else for (i = 1; i <= NF; i++) if (k[i] == "ListenOverflows") print $i }' /proc/net/netstat; }

run_10k() {  # name port pid connections
  local name=$1 port=$2 pid=$3 C10K=$4 out="$T/wrk-10k-$1-$4.txt" samples="$T/samples-10k-$1-$4.txt"
  local cmd=(wrk -t2 -c"$C10K" -d"${D10K}s" --timeout 10s --latency "http://$HOST:$port/")
  if ! kill -0 "$pid" 2>/dev/null; then
    say "- $name with $C10K connections: not run, $name is no longer running"
    ROWS10+=("| $name | $C10K | - | - | not run ($name had died) | - | - | - | - |"); FAILED=1; return
  fi
  CMDS+=("$(show_cmd "${cmd[@]}")")
  # the previous run's connections (frontends and nginx side) must be gone, so this one
  # starts from zero and does not share the CPU with their teardown (bounded: 30 s)
  local w0=$SECONDS left
  for _ in $(seq 1 120); do
    left=$(ss -Htn state established "( sport = :$P_LB or sport = :$P_HAP or sport = :$P_NG1 or sport = :$P_NG2 )" 2>/dev/null | wc -l)
    [ "$left" -lt 10 ] && break; sleep 0.25
  done
  sleep 1
  local idle fds0 cap; idle=$(rss_kb "$pid"); fds0=$(nfds "$pid")
  cap=$(( (NOFILE - fds0) / 2 ))                # 2 fds per proxied connection
  [ "$name" = haproxy ] && [ "$HAP_MAXCONN" -lt "$cap" ] && cap=$HAP_MAXCONN
  local rej0=0 cf0=0 ov0; ov0=$(listen_overflows)
  say "- $name, $C10K connections (pid $pid): idle RSS $((idle / 1024)) MiB, $fds0 fds open; can hold at most $cap connections (ulimit -n $NOFILE, 2 fds each$([ "$name" = haproxy ] && echo ", maxconn $HAP_MAXCONN"))"
  if [ "$name" = flotilla-lb ]; then rej0=$(lb_counter rejectedFlows); cf0=$(lb_mcounter connectFailures); fi
  [ "$cap" -lt "$C10K" ] && say "  NOTE: $C10K connections cannot all be proxied on this machine: the fd limit caps $name at $cap; the rest wait un-accepted in the kernel queue"
  say "  running: ${CMDS[-1]} (after waiting $((SECONDS - w0)) s for $( [ "$left" -lt 10 ] && echo "earlier connections to close" || echo "earlier connections, $left still open"))"
  timeout --foreground -k 5 $((D10K + 40)) "${cmd[@]}" >"$out" 2>&1 &
  WRK_PID=$!
  local t0=${EPOCHREALTIME/./} peak=0 peak_rss=$idle peak_own=0 f o qd hs r dt n=0 held=0 last=0 died=0 nostat=0
  : >"$samples"
  while kill -0 "$WRK_PID" 2>/dev/null; do
    sleep 0.5
    read -r o qd hs < <(owned "$port"); r=$(rss_kb "$pid")
    if [ "$name" = flotilla-lb ]; then f=$(lb_flows); else f=$o; fi
    kill -0 "$WRK_PID" 2>/dev/null || break      # wrk already closing its sockets: not a sample
    dt=$(( (${EPOCHREALTIME/./} - t0) / 100000 ))
    printf '%s.%ss:%s/%s/%s/%s/%sM ' $((dt / 10)) $((dt % 10)) "${f:-?}" "$o" "$qd" "$hs" $(( ${r:-0} / 1024 )) >>"$samples"
    if ! kill -0 "$pid" 2>/dev/null; then died=1; break; fi
    if [ -z "$f" ]; then nostat=$((nostat + 1)); last="? (no /status answer)"; continue; fi
    r=${r:-0}
    n=$((n + 1)); last=$f
    [ "$f" -ge $((C10K * 99 / 100)) ] && held=$((held + 1))
    [ "$f" -gt "$peak" ] && peak=$f
    [ "$o" -gt "$peak_own" ] && peak_own=$o
    [ "$r" -gt "$peak_rss" ] && peak_rss=$r
  done
  if [ "$died" = 1 ]; then kill -TERM "$WRK_PID" 2>/dev/null; fi
  wait "$WRK_PID"; local rc=$?; WRK_PID=""
  local status="" after; after=$(http_check "http://$HOST:$port/")
  if ! kill -0 "$pid" 2>/dev/null; then
    exit_of "$pid"; status="$name DIED during the run ($EXIT_TXT)"
  elif [ "$after" != "200 512" ]; then
    status="$name stopped answering (HTTP ${after% *} right after the run) though its process is still there"
  fi
  [ -n "$status" ] && { say "  ERROR: $status"; FAILED=1; }
  local res ov1 rej=0 cf=0; res=$(parse_wrk "$out"); ov1=$(listen_overflows)
  if [ "$name" = flotilla-lb ] && [ -z "$status" ]; then
    rej=$(( $(lb_counter rejectedFlows) - rej0 )); cf=$(( $(lb_mcounter connectFailures) - cf0 ))
  fi
  local unit="active flows (sum of /status rules[].activeFlows)"; [ "$name" = flotilla-lb ] || unit="accepted connections (ss: established minus accept queue)"
  local per; per=$(awk -v a="$peak_rss" -v b="$idle" -v f="$peak" 'BEGIN { if (f > 0) printf "%.1f KiB", (a - b) / f; else printf "n/a" }')
  say "  peak $peak $unit; $held of $n samples at >= 99% of $C10K; last sample $last; peak accepted sockets (ss) $peak_own"
  [ "$nostat" -gt 0 ] && say "  flotilla-lb's /status did not answer $nostat sample(s) within 2 s (the admin API needs fds too)"
  say "  RSS $((idle / 1024)) MiB idle -> $((peak_rss / 1024)) MiB peak => $per per connection ((peak RSS - idle RSS) / $peak)"
  say "  samples (time:flows/accepted/accept-queue/syn-recv/RSS): $(cat "$samples")"
  if [ "$res" = FAIL ]; then
    say "  wrk FAILED (exit $rc): $(tr '\n' ' ' <"$out" | cut -c1-400)"
    ROWS10+=("| $name | $C10K | $peak | FAILED | ${status:-wrk failed} | - | - | $((idle / 1024)) -> $((peak_rss / 1024)) MiB | $per |")
    FAILED=1; return
  fi
  local rps p50 p99 n2 c rd w to req bytes
  read -r rps p50 p99 n2 c rd w to req bytes <<<"$res"
  say "  wrk: $rps req/s, p50 $(fmt_ms "$p50"), p99 $(fmt_ms "$p99"); socket errors: connect $c, read $rd, write $w, timeout $to; non-2xx $n2"
  [ -z "$status" ] && say "  after the run: $name answers HTTP ${after% *}, ${after#* } bytes"
  say "  listen-queue overflows during the run (system-wide, /proc/net/netstat ListenOverflows): $((ov1 - ov0))"
  [ "$name" = flotilla-lb ] && say "  flotilla-lb: rejected flows $rej, backend connect failures $cf"
  if [ "$c" -gt 0 ] || [ "$peak" -lt $((C10K * 99 / 100)) ]; then
    local why=()
    [ "${qd:-0}" -gt 0 ] && why+=("$qd connections were still in $name's accept queue at the last sample (completed by the kernel, not yet accepted by $name)")
    [ "$cap" -lt "$C10K" ] && why+=("$name can hold at most $cap connections: ulimit -n $NOFILE$FD_NOTE, $fds0 fds already open, 2 fds per connection")
    [ "$NOFILE" -lt $((C10K + 50)) ] && why+=("wrk's own fd limit (ulimit -n $NOFILE) is below $C10K")
    [ $((ov1 - ov0)) -gt 0 ] && why+=("$((ov1 - ov0)) SYNs dropped on full accept queues (somaxconn $(cat /proc/sys/net/core/somaxconn)); dropped SYNs are retried after 1 s, 3 s, ...")
    [ "$rej" -gt 0 ] && why+=("flotilla-lb rejected $rej flows (no backend reachable)")
    [ "$cf" -gt 0 ] && why+=("flotilla-lb failed $cf backend connects")
    grep -qi 'too many open files\|cannot assign\|unable to' "$out" && why+=("wrk said: $(grep -i 'too many open files\|cannot assign\|unable to' "$out" | head -1)")
    [ -n "$status" ] && why+=("$status")
    [ ${#why[@]} -eq 0 ] && why+=("no obvious cause found (see samples; flotilla-lb log below)")
    say "  NOTE: $C10K connections were not all held (wrk connect errors $c, peak $peak). Why: $(printf '%s; ' "${why[@]}" | sed 's/; $//')"
    local lf="$T/haproxy.log"; [ "$name" = flotilla-lb ] && lf="$T/lb.log"
    if [ -s "$lf" ]; then
      say "  $name log: $(wc -l <"$lf") lines so far; most frequent (count, line without timestamp):"
      sed -E 's/^[0-9]{4}-[0-9-]+T[0-9:.]+ //' "$lf" | cut -c1-200 | sort | uniq -c | sort -rn | head -n 4 | sed 's/^ */    /'
      say "  last 3 lines:"; tail -n 3 "$lf" | cut -c1-200 | sed 's/^/    /'
    else
      say "  $name log: empty"
    fi
  fi
  local e10; e10=$(errors_text "$n2" 0 "$rd" "$w" "$to"); [ -n "$status" ] && e10="$e10; **$name died**"
  ROWS10+=("| $name | $C10K | $peak | $c | $e10 | $rps | $(fmt_ms "$p99") | $((idle / 1024)) -> $((peak_rss / 1024)) MiB | $per |")
}

if [ "$SKIP_10K" = 1 ]; then
  say "## $C10K connections: skipped (SKIP_10K=1)"
else
  say "## $C10K concurrent connections, keep-alive, wrk -t2 -c$C10K -d${D10K}s --timeout 10s --latency"
  say ""
  # Under a low fd limit the proxies cannot take C10K connections; first measure, with the
  # same command, the most that fits (so memory per connection is read from a clean run),
  # then C10K itself, which shows how each proxy behaves when it runs out of fds.
  fit=$(( (NOFILE - 300) / 2 / 100 * 100 - 100 ))
  if [ "${FIT_10K:-1}" = 1 ] && [ "$fit" -lt "$C10K" ]; then
    say "ulimit -n $NOFILE leaves room for about $(( (NOFILE - 300) / 2 )) proxied connections: first $fit connections (what fits), then $C10K."
    say ""
    run_10k flotilla-lb "$P_LB" "$LB_PID" "$fit"
    run_10k haproxy "$P_HAP" "$HAP_PID" "$fit"
  fi
  run_10k flotilla-lb "$P_LB" "$LB_PID" "$C10K"
  run_10k haproxy "$P_HAP" "$HAP_PID" "$C10K"
fi

for p in "nginx:$NGINX_PID" "haproxy:$HAP_PID" "flotilla-lb:$LB_PID"; do
  kill -0 "${p#*:}" 2>/dev/null || { exit_of "${p#*:}"; say "ERROR: ${p%%:*} (pid ${p#*:}) is no longer running: $EXIT_TXT; last log lines:"; FAILED=1
    case ${p%%:*} in flotilla-lb) f="$T/lb.log";; haproxy) f="$T/haproxy.log";; *) f="$T/nginx.err";; esac
    grep -v 'TooManyOpenSockets' "$f" | tail -n 3 | cut -c1-240 | sed 's/^/    /'; }
done
say ""

# --- Markdown summary for bench/RESULTS.md -----------------------------------------------
say "## Results ($(date -u '+%Y-%m-%d'), nproc $(nproc), ${CPU:-unknown CPU}, kernel $(uname -r))"
say ""
say "Loopback, nginx $NGINX_WORKERS worker serving a 512-byte file on two ports; flotilla-lb mode tcp (Distribution Default, tcp probe) and HAProxy mode tcp (nbthread 2, roundrobin, maxconn $HAP_MAXCONN) in front of both. ulimit -n $NOFILE. Load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg)."
say ""
say "| mode | target | RPS | p50 | p99 | errors |"
say "|---|---|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
if [ ${#ROWS10[@]} -gt 0 ]; then
  say ""
  say "| many-connection run | wrk conns | peak active | connect errors | other errors | RPS | p99 | RSS idle -> peak | memory / conn |"
  say "|---|---:|---:|---:|---|---:|---:|---|---:|"
  printf '%s\n' "${ROWS10[@]}"
  say ""
  say "peak active: flotilla-lb = sum of /status rules[].activeFlows, haproxy = accepted connections (ss). memory / conn = (peak RSS - idle RSS) / peak active; the first run per proxy is the clean figure, later runs start with memory already grown."
fi
say ""
say "wrk commands (URLs: direct $URL_DIRECT, flotilla-lb $URL_LB, haproxy $URL_HAP):"
say ""
printf '    %s\n' "${CMDS[@]}" | awk '!seen[$0]++'
exit "$FAILED"
