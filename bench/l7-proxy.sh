#!/usr/bin/env bash
# L7 (HTTP) proxy benchmark on loopback, issue 8: direct to nginx, through flotilla-lb's router,
# through bare YARP (bench/Flotilla.Router.Bench) and through nginx as a reverse proxy, keep-alive
# on both sides, in R interleaved rounds (the order rotates each round), then medians and the
# median of the per-round ratios. Everything is on 127.0.0.1; nothing is sent anywhere else.
#
#   bench/l7-proxy.sh                      # R=5 rounds of D=10 s per target, about 5 min
#   D=3 R=2 bench/l7-proxy.sh              # quick check
#   INLINE=0 bench/l7-proxy.sh             # both .NET proxies without inline socket completions
#
# Env: D (seconds per run, 10), R (rounds, 5), WARM (seconds of load on each .NET proxy before the
# rounds, 30: under this load flotilla-lb still spends ~5 % of its CPU in the JIT after 10 s),
# INLINE (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS for both .NET proxies, 1 as bin/flotilla-lb
# sets it), ADMIN (1: flotilla-lb's admin API on, so its /metrics meter listener records every
# request, as deployed; 0: no admin), PROXY_WORKERS (worker_processes of the nginx proxy, 1),
# PIN (1: taskset wrk to CPU 0 and the nginx backend to CPU 1; proxies float; 0 by default),
# PORT_BASE (18700: backend +1, nginx proxy +2, router +3, bare YARP +4, base +5, admin +91/+92),
# BASE_DLL (a flotilla-lb.dll of another build, e.g. before a change: run as a fifth target,
# router-base, in the same rounds, and router/router-base is reported).
# Exit status: 0 when every run completed with 0 errors and the expected bytes per response.
set -uo pipefail

D=${D:-10}; R=${R:-5}; WARM=${WARM:-30}; INLINE=${INLINE:-1}; ADMIN=${ADMIN:-1}
PROXY_WORKERS=${PROXY_WORKERS:-1}; PIN=${PIN:-0}; PORT_BASE=${PORT_BASE:-18700}; BASE_DLL=${BASE_DLL:-}
for v in D R WARM INLINE ADMIN PROXY_WORKERS PIN PORT_BASE; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "l7-proxy: $v must be a whole number (got '${!v}')" >&2; exit 2; }
done
[ "$D" -ge 1 ] && [ "$R" -ge 1 ] && [ "$R" -le 50 ] || { echo "l7-proxy: need D >= 1 and 1 <= R <= 50" >&2; exit 2; }

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
HOST=127.0.0.1
P_NG=$((PORT_BASE + 1)); P_NGP=$((PORT_BASE + 2)); P_LB=$((PORT_BASE + 3)); P_YARP=$((PORT_BASE + 4))
P_ADMIN=$((PORT_BASE + 91)); P_BASE=$((PORT_BASE + 5)); P_BASE_ADMIN=$((PORT_BASE + 92))
TARGETS=(direct router yarp nginx-proxy)
declare -A PORT=([direct]=$P_NG [router]=$P_LB [yarp]=$P_YARP [nginx-proxy]=$P_NGP [router-base]=$P_BASE)
if [ -n "$BASE_DLL" ]; then [ -f "$BASE_DLL" ] || die "BASE_DLL $BASE_DLL: no such file"; TARGETS+=(router-base); fi
NT=${#TARGETS[@]}

say() { printf '%s\n' "$*"; }
die() { printf 'l7-proxy: %s\n' "$*" >&2; exit 1; }
for b in nginx wrk curl ss awk dotnet; do command -v "$b" >/dev/null || die "needs $b (scripts/setup)"; done
[ "$PIN" = 1 ] && { command -v taskset >/dev/null || die "PIN=1 needs taskset (util-linux)"; }
ulimit -n 65536 2>/dev/null || true

T=$(mktemp -d /tmp/flotilla-l7bench.XXXXXX) || die "mktemp failed"
chmod 755 "$T"                                  # nginx workers run as nobody/www-data
PIDS=(); WRK_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$WRK_PID" ] && kill -TERM "$WRK_PID" 2>/dev/null
  local p i alive
  for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 1 50); do                      # up to 5 s for a clean exit, then SIGKILL
    alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'echo; echo "l7-proxy: interrupted, cleaning up" >&2; exit 130' INT
trap 'exit 143' TERM
start() { local log=$1; shift; setsid "$@" >"$log" 2>&1 </dev/null & PIDS+=($!); }
pin() { if [ "$PIN" = 1 ]; then echo taskset -c "$1"; fi; }

for p in $P_NG $P_NGP $P_LB $P_YARP $P_ADMIN $P_BASE $P_BASE_ADMIN; do
  [ -n "$(ss -Hltn "( sport = :$p )" 2>/dev/null)" ] && die "port $HOST:$p is already in use (another benchmark running?); set PORT_BASE"
done

http_check() { curl -s -m 2 -o /dev/null -w '%{http_code} %{size_download} %{size_header}' "$1" 2>/dev/null; }
wait_200() {    # url seconds pid -> 0 when it answers 200 with 512 bytes
  local url=$1 n=$(( $2 * 4 )) pid=$3 r
  for _ in $(seq 1 "$n"); do
    r=$(http_check "$url")
    [ "${r% *}" = "200 512" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "# Flotilla L7 proxy benchmark"
say ""
say "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "- machine: nproc $(nproc), CPU ${CPU:-unknown}, kernel $(uname -r), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
say "- load average at start: $LOAD0; other wrk/nginx/haproxy/dotnet processes running: $(pgrep -c -x "wrk|nginx|haproxy|dotnet" 2>/dev/null)"
say "- $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print "wrk " $2}'), .NET $(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ {v = $2} END {print v}')"
say "- settings: D=${D}s, R=$R, WARM=${WARM}s, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$INLINE (both .NET proxies), flotilla-lb admin $([ "$ADMIN" = 1 ] && echo "on (:$P_ADMIN, /metrics meter listener active)" || echo off), nginx proxy worker_processes $PROXY_WORKERS, PIN=$PIN$([ "$PIN" = 1 ] && echo " (wrk on CPU 0, backend nginx on CPU 1)")${BASE_DLL:+, router-base = $BASE_DLL}, temp dir $T"
say ""

# --- nginx backend (1 worker, 512-byte index.html) and nginx as reverse proxy (its own process)
mkdir -p "$T/www" && chmod 755 "$T/www"
head -c 512 /dev/zero | tr '\0' a >"$T/www/index.html"; chmod 644 "$T/www/index.html"
cat >"$T/backend.conf" <<CONF
worker_processes 1;
pid $T/backend.pid;
error_log $T/backend.err warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  server { listen $HOST:$P_NG backlog=4096; root $T/www; }
}
CONF
# keep-alive upstream pool; the X-Forwarded-* headers YARP's default transforms add, so both
# proxies do comparable work.
cat >"$T/proxy.conf" <<CONF
worker_processes $PROXY_WORKERS;
pid $T/proxy.pid;
error_log $T/proxy.err warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  upstream backend { server $HOST:$P_NG; keepalive 128; keepalive_requests 1000000; }
  server {
    listen $HOST:$P_NGP backlog=4096;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
CONF
start "$T/backend.out" $(pin 1) nginx -p "$T" -e "$T/backend.err" -c "$T/backend.conf"
NG_PID=${PIDS[-1]}
wait_200 "http://$HOST:$P_NG/" 10 "$NG_PID" || { cat "$T/backend.out" "$T/backend.err" >&2; die "nginx backend did not answer 200 with 512 bytes"; }
start "$T/proxy.out" nginx -p "$T" -e "$T/proxy.err" -c "$T/proxy.conf"
NGP_PID=${PIDS[-1]}
wait_200 "http://$HOST:$P_NGP/" 10 "$NGP_PID" || { cat "$T/proxy.out" "$T/proxy.err" >&2; die "nginx proxy did not answer 200 with 512 bytes"; }

# --- flotilla-lb: one router, one rule forwarding everything to one farm of the backend ---------
{
  [ "$ADMIN" = 1 ] && echo "admin: { address: $HOST, port: $P_ADMIN }"
  cat <<YAML
routers:
  - name: bench
    listeners: [ { address: $HOST, port: $P_LB } ]
    rules: [ { name: all, forward: app } ]
    farms:
      - name: app
        members: [ { address: $HOST, port: $P_NG } ]
YAML
} >"$T/lb.yaml"
sed -e "s/port: $P_LB /port: $P_BASE /" -e "s/port: $P_ADMIN /port: $P_BASE_ADMIN /" "$T/lb.yaml" >"$T/base.yaml"
say "building flotilla-lb if stale (bin/build-if-stale) and bench/Flotilla.Router.Bench ..." >&2
"$ROOT/bin/build-if-stale" || die "flotilla-lb build failed (see $ROOT/artifacts/build.log)"
dotnet build "$ROOT/bench/Flotilla.Router.Bench" -c Release -nologo -v quiet -clp:ErrorsOnly >"$T/yarp-build.log" 2>&1 \
  || { cat "$T/yarp-build.log" >&2; die "bench/Flotilla.Router.Bench build failed"; }
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$INLINE DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
start "$T/lb.log" "$ROOT/bin/flotilla-lb" --config "$T/lb.yaml"
LB_PID=${PIDS[-1]}
start "$T/yarp.log" dotnet "$ROOT/artifacts/bin/Flotilla.Router.Bench/release/Flotilla.Router.Bench.dll" "$P_YARP" "http://$HOST:$P_NG/"
YARP_PID=${PIDS[-1]}
wait_200 "http://$HOST:$P_LB/" 120 "$LB_PID" || { tail -n 40 "$T/lb.log" >&2; die "flotilla-lb's router did not answer 200 with 512 bytes (got: $(http_check "http://$HOST:$P_LB/"))"; }
wait_200 "http://$HOST:$P_YARP/" 60 "$YARP_PID" || { tail -n 40 "$T/yarp.log" >&2; die "bare YARP did not answer 200 with 512 bytes"; }
grep -qa 'flotilla-lb' "/proc/$LB_PID/cmdline" 2>/dev/null || die "pid $LB_PID is not flotilla-lb"
declare -A PID=([direct]=$NG_PID [router]=$LB_PID [yarp]=$YARP_PID [nginx-proxy]=$NGP_PID)
if [ -n "$BASE_DLL" ]; then
  start "$T/base.log" dotnet "$BASE_DLL" --config "$T/base.yaml"; PID[router-base]=${PIDS[-1]}
  wait_200 "http://$HOST:$P_BASE/" 120 "${PID[router-base]}" || { tail -n 40 "$T/base.log" >&2; die "BASE_DLL's router did not answer 200 with 512 bytes"; }
fi

# Expected bytes per response = 512 + that target's response header size (curl's size_header).
declare -A EXPECT
for t in "${TARGETS[@]}"; do
  r=$(http_check "http://$HOST:${PORT[$t]}/"); read -r code body hdr <<<"$r"
  [ "$code $body" = "200 512" ] || die "preflight $t: HTTP $code, $body bytes (want 200, 512)"
  EXPECT[$t]=$((body + hdr))
  say "- preflight $t (http://$HOST:${PORT[$t]}/): HTTP 200, 512 B body, $hdr B headers -> expect ${EXPECT[$t]} B/resp"
done
say ""

# CPU seconds (utime+stime, in ticks) of a process and its children (nginx master + workers).
cpu_ticks() { local p s=0; for p in $1 $(pgrep -P "$1" 2>/dev/null); do
  s=$(( s + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$s"; }
HZ=$(getconf CLK_TCK)

# parse_wrk FILE -> "rps p50_ms p99_ms non2xx connect read write timeout requests bytes_read"
parse_wrk() {
  awk '
    function ms(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "s") return n * 1000; if (u == "m") return n * 60000; return n }
    function by(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "KB") return n * 1024; if (u == "MB") return n * 1048576; if (u == "GB") return n * 1073741824; return n }
    /^ +50% / { p50 = ms($2) }
    /^ +99% / { p99 = ms($2) }
    / requests in / { req = $1; rd = by($5) }
    /^ +Socket errors:/ { c = $4 + 0; r = $6 + 0; w = $8 + 0; t = $10 + 0 }
    /^ +Non-2xx or 3xx responses:/ { n2 = $5 + 0 }
    /^Requests\/sec:/ { rps = $2 }
    END { if (rps == "") { print "FAIL"; exit }
          printf "%.0f %.3f %.3f %d %d %d %d %d %d %.0f\n", rps, p50, p99, n2, c, r, w, t, req, rd }' "$1"
}

FAILED=0
: >"$T/results"                                # round target rps p50 p99 cpu_us_per_req bpr
run() {  # round target
  local n=$1 t=$2 out="$T/wrk-$1-$2.txt" c0 c1
  c0=$(cpu_ticks "${PID[$t]}")
  timeout --foreground -k 5 $((D + 30)) $(pin 0) wrk -t1 -c64 -d"${D}s" --latency "http://$HOST:${PORT[$t]}/" >"$out" 2>&1
  c1=$(cpu_ticks "${PID[$t]}")
  local r; r=$(parse_wrk "$out")
  if [ "$r" = FAIL ]; then say "  round $n $t: wrk FAILED: $(tr '\n' ' ' <"$out" | cut -c1-300)"; FAILED=1; return; fi
  local rps p50 p99 n2 ce re we te req bytes
  read -r rps p50 p99 n2 ce re we te req bytes <<<"$r"
  local bpr cpu ok="ok"
  bpr=$(awk -v b="$bytes" -v q="$req" 'BEGIN { printf "%.0f", (q > 0 ? b / q : 0) }')
  cpu=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v q="$req" 'BEGIN { printf "%.1f", (q > 0 ? c / hz * 1e6 / q : 0) }')
  # wrk prints bytes rounded to 2 decimals of KB/MB: allow 1 %
  if [ $((n2 + ce + re + we + te)) -ne 0 ]; then ok="ERRORS non-2xx $n2, connect $ce, read $re, write $we, timeout $te"; FAILED=1
  elif ! awk -v a="$bpr" -v e="${EXPECT[$t]}" 'BEGIN { exit !(a >= e * 0.99 && a <= e * 1.01) }'; then
    ok="BAD SIZE ($bpr B/resp, expected ${EXPECT[$t]})"; FAILED=1; fi
  say "  $(printf 'round %d  %-11s %7s req/s  p50 %7.3f ms  p99 %7.3f ms  cpu %6s us/req  %4s B/resp  %s' "$n" "$t" "$rps" "$p50" "$p99" "$cpu" "$bpr" "$ok")"
  printf '%s %s %s %s %s %s %s\n' "$n" "$t" "$rps" "$p50" "$p99" "$cpu" "$bpr" >>"$T/results"
}

if [ "$WARM" -gt 0 ]; then                      # JIT/PGO warm-up of both .NET proxies, not recorded
  for t in router yarp ${BASE_DLL:+router-base}; do timeout --foreground -k 5 $((WARM + 30)) wrk -t1 -c64 -d"${WARM}s" "http://$HOST:${PORT[$t]}/" >/dev/null 2>&1; done
fi
CMD="wrk -t1 -c64 -d${D}s --latency http://$HOST:PORT/"; [ "$PIN" = 1 ] && CMD="taskset -c 0 $CMD"
say "## $R interleaved rounds: $CMD (cpu = the target process's utime+stime per request)"
say ""
for n in $(seq 1 "$R"); do                      # rotate the order so no target always goes first
  for i in $(seq 0 $((NT - 1))); do run "$n" "${TARGETS[$(( (i + n - 1) % NT ))]}"; done
done
for t in "${TARGETS[@]}"; do
  kill -0 "${PID[$t]}" 2>/dev/null || { say "ERROR: $t (pid ${PID[$t]}) is no longer running"; FAILED=1; }
done
say ""

# --- medians ------------------------------------------------------------------------------
med() { sort -g | awk '{v[NR] = $1} END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v t="$1" -v c="$2" '$2 == t {print $c}' "$T/results"; }
# per-round ratio of column c (3 = RPS, 5 = p99, 6 = cpu) of target a over target b
ratios() { awk -v a="$1" -v b="$2" -v c="$3" '$2 == a {x[$1] = $c} $2 == b {y[$1] = $c}
  END { for (n in x) if (n in y && y[n] > 0) printf "%.3f\n", x[n] / y[n] }' "$T/results"; }
range() { sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%s–%s", lo, hi}'; }

say "## Results ($(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), ${CPU:-unknown CPU}, kernel $(uname -r))"
say ""
say "Loopback, keep-alive, $R interleaved rounds of \`$CMD\`; nginx (1 worker) serves 512 B. Load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg). INLINE_COMPLETIONS=$INLINE, admin $([ "$ADMIN" = 1 ] && echo on || echo off), PIN=$PIN."
say ""
say "| target | RPS per round | median RPS | median p50 | median p99 | median CPU/req |"
say "|---|---|---:|---:|---:|---:|"
for t in "${TARGETS[@]}"; do
  say "| $t | $(col "$t" 3 | paste -sd' ' | sed 's/ /, /g') | $(col "$t" 3 | med) | $(col "$t" 4 | med) ms | $(col "$t" 5 | med) ms | $(col "$t" 6 | med) µs |"
done
say ""
say "| ratio (median of per-round ratios) | RPS | rounds | p99 | CPU/req |"
say "|---|---:|---|---:|---:|"
PAIRS=("router yarp" "router nginx-proxy" "yarp nginx-proxy" "router direct" "yarp direct" "nginx-proxy direct")
[ -n "$BASE_DLL" ] && PAIRS+=("router router-base" "router-base yarp")
for pair in "${PAIRS[@]}"; do
  read -r a b <<<"$pair"
  say "| $a / $b | **$(ratios "$a" "$b" 3 | med)** | $(ratios "$a" "$b" 3 | range) | $(ratios "$a" "$b" 5 | med) | $(ratios "$a" "$b" 6 | med) |"
done
say ""
fl=$(ratios router yarp 3 | med)
if awk -v r="$fl" 'BEGIN { exit !(r >= 0.95) }'; then say "Floor (router within 5 % of bare YARP, median ratio >= 0.95): **holds** ($fl)."
else say "Floor (router within 5 % of bare YARP, median ratio >= 0.95): **does not hold** ($fl)."; fi
[ "$FAILED" = 0 ] || say "Some runs FAILED or had errors: see above."
exit "$FAILED"
