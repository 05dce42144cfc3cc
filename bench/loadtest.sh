#!/usr/bin/env bash
# flotilla loadtest vs wrk on loopback against one nginx, side by side in one run:
#   1. closed model, 64 connections, keep-alive: wrk -t1 -c64 vs --vus 64 (R rounds, alternating)
#   2. open model: --rate 2000 --vus 200, achieved rate vs asked (the acceptance band is +-5 %)
#   3. a k6 script (examples-style one-liner) vs the same test as flags, 64 VUs
#   4. memory per VU: peak RSS of 10,000 VUs vs 64 VUs, as flags and as a script
# Everything runs on 127.0.0.1 and every run has a fixed duration.
#
#   bench/loadtest.sh              # about 3 min
#   D=3 R=2 SKIP_10K=1 bench/loadtest.sh
# Env: D (seconds per run, 5), R (rounds of 1., 3), SKIP_10K=1, PORT (nginx, 18501).
set -uo pipefail
D=${D:-5}; R=${R:-3}; SKIP_10K=${SKIP_10K:-0}; PORT=${PORT:-18501}
for v in D R PORT; do [[ ${!v} =~ ^[0-9]+$ ]] || { echo "loadtest bench: $v must be a whole number" >&2; exit 2; }; done
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
URL="http://127.0.0.1:$PORT/"
FLOTILLA="$ROOT/bin/flotilla"
for b in nginx wrk python3 /usr/bin/time; do command -v "$b" >/dev/null || { echo "loadtest bench: needs $b" >&2; exit 1; }; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

T=$(mktemp -d); chmod 755 "$T"
cleanup() { [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
mkdir -p "$T/www"; echo "Hello from VM 0" > "$T/www/index.html"
cat > "$T/nginx.conf" <<CONF
worker_processes 1; pid $T/nginx.pid; error_log $T/nginx.err; daemon on;
worker_rlimit_nofile 20000;
events { worker_connections 16000; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$PORT backlog=4096; root $T/www; } }
CONF
nginx -c "$T/nginx.conf" || { echo "loadtest bench: nginx did not start (port $PORT taken? set PORT)" >&2; exit 1; }
[ "$(curl -s "$URL")" = "Hello from VM 0" ] || { echo "loadtest bench: nginx does not serve the page" >&2; exit 1; }
"$FLOTILLA" loadtest --help >/dev/null || exit 1   # builds if stale, outside any timed run

json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d["metrics"]; print(eval(sys.argv[2]))' "$@"; }
# A run counts only if every request got 200 and the page (the checks say so).
verify() { # file
  local ok; ok=$(json "$1" 'm["http_req_failed"]["matches"]==0 and m["checks"]["matches"]==m["checks"]["total"]>0')
  [ "$ok" = True ] || { echo "  ERROR: $1 has failed requests or checks"; FAIL=1; }
}
FAIL=0
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$FLOTILLA" loadtest "$URL" --vus 64 --duration 3s -q >/dev/null 2>&1   # warm the disk cache and the build

echo "== closed model, 64 connections, keep-alive, ${D}s, $R rounds"
declare -a WRK OURS
for r in $(seq 1 "$R"); do
  w=$(timeout $((D + 20)) wrk -t1 -c64 -d"${D}s" "$URL")
  wrk_rps=$(awk '/Requests\/sec/ {print int($2)}' <<<"$w")
  grep -q "Non-2xx" <<<"$w" && { echo "  ERROR: wrk saw non-2xx responses"; FAIL=1; }
  timeout $((D + 60)) "$FLOTILLA" loadtest "$URL" --vus 64 --duration "${D}s" --expect-status 200 --expect-body "Hello from VM 0" -q --out "$T/c$r.json" >/dev/null 2>&1
  verify "$T/c$r.json"
  ours=$(json "$T/c$r.json" 'int(m["http_reqs"]["rate"])')
  WRK+=("$wrk_rps"); OURS+=("$ours")
  echo "  round $r: wrk $wrk_rps RPS, flotilla loadtest $ours RPS ($(awk -v a="$ours" -v b="$wrk_rps" 'BEGIN{printf "%.2f", a/b}')x)"
done
ratio=$(printf '%s\n' "${!WRK[@]}" | awk -v w="${WRK[*]}" -v o="${OURS[*]}" 'BEGIN{split(w,W," ");split(o,O," ")} {sw+=W[$1+1]; so+=O[$1+1]} END{printf "%.2f", so/sw}')
echo "  total: flotilla loadtest / wrk = ${ratio}x"

echo "== open model: --rate 2000 --vus 200, ${D}s"
timeout $((D + 60)) "$FLOTILLA" loadtest "$URL" --rate 2000 --vus 200 --duration "${D}s" --expect-status 200 -q --out "$T/open.json" >/dev/null 2>&1
verify "$T/open.json"
open_rate=$(json "$T/open.json" 'round(m["http_reqs"]["rate"],1)'); dropped=$(json "$T/open.json" 'm["dropped_iterations"]["count"]')
open_p99=$(json "$T/open.json" 'round(m["http_req_duration"]["p99"],2)')
echo "  asked 2000/s, got $open_rate/s ($(awk -v a="$open_rate" 'BEGIN{printf "%+.1f", (a/2000-1)*100}') %), dropped $dropped, p99 ${open_p99} ms"

SCRIPT_OK=0
if "$FLOTILLA" loadtest --help 2>/dev/null | grep -qE "^\s+run\b"; then
  SCRIPT_OK=1
  cat > "$T/get.js" <<'JS'
import http from 'k6/http';
import { check } from 'k6';
export default function () {
  const res = http.get(__ENV.TARGET);
  check(res, { 'status is 200': (r) => r.status === 200, 'body is VM 0': (r) => r.body.includes('Hello from VM 0') });
}
JS
  echo "== script vs flags, 64 VUs, ${D}s each (same checks)"
  timeout $((D + 60)) "$FLOTILLA" loadtest "$URL" --vus 64 --duration "${D}s" --expect-status 200 --expect-body "Hello from VM 0" -q --out "$T/f.json" >/dev/null 2>&1
  TARGET="$URL" timeout $((D + 60)) "$FLOTILLA" loadtest run "$T/get.js" --vus 64 --duration "${D}s" -q --out "$T/s.json" >/dev/null 2>&1
  verify "$T/f.json"; verify "$T/s.json"
  f=$(json "$T/f.json" 'int(m["http_reqs"]["rate"])'); s=$(json "$T/s.json" 'int(m["http_reqs"]["rate"])')
  echo "  flags $f RPS, script $s RPS: script / flags = $(awk -v a="$s" -v b="$f" 'BEGIN{printf "%.2f", a/b}')x"
fi

peak_kib() { awk '/Maximum resident set size/ {print $6}' "$1"; }
if [ "$SKIP_10K" != 1 ]; then
  echo "== memory per VU: 10,000 VUs vs 64 VUs, 10s each (peak RSS)"
  measure() { # label file-prefix args...
    local label=$1 prefix=$2; shift 2
    /usr/bin/time -v -o "$T/$prefix.time" timeout 120 "$@" -q --out "$T/$prefix.json" >/dev/null 2>&1
    echo "  $label: peak RSS $(( $(peak_kib "$T/$prefix.time") / 1024 )) MiB, $(json "$T/$prefix.json" 'm["http_reqs"]["count"]') requests, vus max $(json "$T/$prefix.json" 'm["vus"]["max"]'), failed $(json "$T/$prefix.json" 'm["http_req_failed"]["matches"]')"
  }
  measure "flags 64 VUs" m64 "$FLOTILLA" loadtest "$URL" --vus 64 --duration 10s
  measure "flags 10,000 VUs" m10k "$FLOTILLA" loadtest "$URL" --vus 10000 --duration 10s
  echo "  flags: $(( ($(peak_kib "$T/m10k.time") - $(peak_kib "$T/m64.time")) / (10000 - 64) )) KiB per VU"
  if [ "$SCRIPT_OK" = 1 ]; then
    export TARGET="$URL"
    measure "script 64 VUs" s64 "$FLOTILLA" loadtest run "$T/get.js" --vus 64 --duration 10s
    measure "script 10,000 VUs" s10k "$FLOTILLA" loadtest run "$T/get.js" --vus 10000 --duration 10s
    echo "  script: $(( ($(peak_kib "$T/s10k.time") - $(peak_kib "$T/s64.time")) / (10000 - 64) )) KiB per VU"
  fi
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(nginx -v 2>&1 | cut -d/ -f2), wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}')"
exit $FAIL
