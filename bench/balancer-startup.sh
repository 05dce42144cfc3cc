#!/usr/bin/env bash
# How long the first balancer takes to come up (issue 14 §5), in three views, N runs each:
#   (a) flotilla-lb alone: `bin/flotilla-lb --config lb.yaml` started -> its first /status answered 200, also the
#       same for `dotnet flotilla-lb.dll` (without the launcher script), and the rule's frontend accepting;
#   (b) flotillad: PUT /v1/balancers/NAME on an empty host -> GET shows status.live (what `flotilla lb show` reads),
#       then DELETE and wait for flotilla-lb to go, so every run starts the process again;
#   (c) `flotilla apply` of a stack with one VM and one balancer: the apply's `loadBalancer NAME: created (X s)`
#       line, the whole apply, and a request through the frontend answered by the VM; then destroy.
# Every figure is checked: an HTTP code other than 200, a balancer never live, an apply without the line, or a
# frontend that does not answer "Hello from VM 0" stops the script with exit 1.
#
#   bench/balancer-startup.sh                 # N=5; about 3 min (c boots a TCG guest per run)
#   N=3 SKIP_STACK=1 bench/balancer-startup.sh
#
# Root (c makes a network namespace). Runs under /tmp/flotilla-heavy.lock, like every test that starts flotillad or
# QEMU; (c) is skipped when another flotillad or a QEMU runs on the machine. Its own flotillad, data dir, ports
# (PORT_BASE 18960: +1 admin, +2 frontend, +3 the stack's frontend, +4 an unused member) and network 10.96.7.0/24;
# everything goes on exit, Ctrl-C included.
set -uo pipefail
N=${N:-5}; PORT_BASE=${PORT_BASE:-18960}; SKIP_STACK=${SKIP_STACK:-0}
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
P_ADMIN=$((PORT_BASE + 1)); P_FRONT=$((PORT_BASE + 2)); P_STACK=$((PORT_BASE + 3)); P_MEMBER=$((PORT_BASE + 4))
for b in curl jq flock setsid dotnet; do command -v "$b" >/dev/null || { echo "balancer-startup: needs $b" >&2; exit 1; }; done
[ "$(id -u)" = 0 ] || { echo "balancer-startup: run as root" >&2; exit 1; }
exec 8>/tmp/flotilla-heavy.lock
flock -w 1800 8 || { echo "balancer-startup: /tmp/flotilla-heavy.lock held for 30 min" >&2; exit 1; }
"$ROOT/bin/build-if-stale" || exit 1
T=$(mktemp -d /tmp/flotilla-lbstart.XXXXXX); D=
export FLOTILLA_ENDPOINT="unix:$T/f.sock"
cleanup() {
  [ -n "$D" ] && { timeout 120 "$ROOT/bin/flotilla" destroy -f "$T/stack.yaml" >/dev/null 2>&1; curl -s -o /dev/null --unix-socket "$T/f.sock" -X DELETE http://f/v1/balancers/bench; }
  [ -f "$T/lb-alone.pid" ] && kill -TERM -- "-$(cat "$T/lb-alone.pid")" 2>/dev/null
  [ -n "$D" ] && { kill "$D" 2>/dev/null; wait "$D" 2>/dev/null; }
  # flotillad leaves flotilla-lb running by design (a daemon restart adopts it): ours is the one on our config.
  [ -f "$T/data/lb/flotilla-lb.pid" ] && kill -TERM "$(cat "$T/data/lb/flotilla-lb.pid")" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "balancer-startup: $*" >&2; exit 1; }
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
code() { curl -s -m 2 -o /dev/null -w '%{http_code}' "$@"; }
summary() { # label, then the figures in ms: median and all runs
  local label=$1; shift
  echo "$label: median $(printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms (runs: $*)"; }

# (a) flotilla-lb alone ------------------------------------------------------------------------------------------
cat >"$T/lb.yaml" <<YAML
admin: { address: 127.0.0.1, port: $P_ADMIN }
balancers:
  - name: bench
    frontendAddress: 127.0.0.1
    backendPools: [ { name: p, members: [ { address: 127.0.0.1, port: $P_MEMBER } ] } ]
    probes: [ { name: tcp, protocol: tcp, intervalSeconds: 5 } ]
    rules: [ { name: r, protocol: tcp, frontendPort: $P_FRONT, backendPool: p, probe: tcp } ]
YAML
lb_once() { # how: "launcher" or "dll"; prints "ms to the first /status 200" and "ms to its config live" (configSha256)
  local t c i p first= live=
  [ "$(code "http://127.0.0.1:$P_ADMIN/status")" = 000 ] || fail "port $P_ADMIN already answers; change PORT_BASE"
  t=$(now)
  if [ "$1" = launcher ]; then setsid "$ROOT/bin/flotilla-lb" --config "$T/lb.yaml" >"$T/lb.log" 2>&1 </dev/null 8>&- &
  else DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 setsid dotnet "$ROOT/artifacts/bin/Flotilla.Lb/release/flotilla-lb.dll" --config "$T/lb.yaml" >"$T/lb.log" 2>&1 </dev/null 8>&- & fi
  p=$!; echo "$p" >"$T/lb-alone.pid"
  for i in $(seq 1 3000); do
    c=$(curl -s -m 2 -o "$T/status.json" -w '%{http_code}' "http://127.0.0.1:$P_ADMIN/status")
    if [ "$c" != 000 ]; then
      [ "$c" = 200 ] || { kill -TERM -- "-$p"; fail "flotilla-lb's /status answered $c ($(tail -3 "$T/lb.log"))"; }
      [ -n "$first" ] || first=$(ms "$t")
      [ "$(jq -r .configSha256 "$T/status.json")" != null ] && { live=$(ms "$t"); break; }
    fi
    sleep 0.005
  done
  [ -n "$live" ] || { kill -TERM -- "-$p"; fail "flotilla-lb never had a live config ($(tail -3 "$T/lb.log"))"; }
  # With the config live the rule's frontend is bound (the member is down: nothing listens on it).
  timeout 2 bash -c "</dev/tcp/127.0.0.1/$P_FRONT" 2>/dev/null || { kill -TERM -- "-$p"; fail "frontend 127.0.0.1:$P_FRONT not accepting with the config live"; }
  kill -TERM -- "-$p"; wait "$p" 2>/dev/null; rm -f "$T/lb-alone.pid"
  echo "$first $live"
}
A=(); AL=(); A2=(); A2L=()
for _ in $(seq 1 "$N"); do
  r=$(lb_once launcher) || exit 1; A+=("${r% *}"); AL+=("${r#* }")
  r=$(lb_once dll) || exit 1; A2+=("${r% *}"); A2L+=("${r#* }")
done
summary "(a) bin/flotilla-lb start -> first /status 200" "${A[@]}"
summary "(a) bin/flotilla-lb start -> /status with the config live" "${AL[@]}"
summary "(a) dotnet flotilla-lb.dll start -> first /status 200" "${A2[@]}"
summary "(a) dotnet flotilla-lb.dll start -> /status with the config live" "${A2L[@]}"

# (b) flotillad: PUT -> live ------------------------------------------------------------------------------------
"$ROOT/bin/flotillad" --data-dir "$T/data" --listen "unix:$T/f.sock" >"$T/d.log" 2>&1 8>&- & D=$!
for _ in $(seq 1 600); do "$ROOT/bin/flotilla" host show >/dev/null 2>&1 && break; sleep 0.2; done
"$ROOT/bin/flotilla" host show >/dev/null 2>&1 || fail "flotillad did not answer ($(tail -3 "$T/d.log"))"
api() { curl -s -m 5 --unix-socket "$T/f.sock" "$@"; }
SPEC=$(jq -nc --argjson f "$P_FRONT" --argjson m "$P_MEMBER" '{backendPools: [{name: "p", members: [{address: "127.0.0.1", port: $m}]}],
  probes: [{name: "tcp", protocol: "tcp", intervalSeconds: 5}], rules: [{name: "r", protocol: "tcp", frontendPort: $f, backendPool: "p", probe: "tcp"}]}')
B=()
for _ in $(seq 1 "$N"); do
  t=$(now)
  c=$(api -o "$T/put.json" -w '%{http_code}' -X PUT -H 'content-type: application/json' -d "$SPEC" http://f/v1/balancers/bench)
  [ "$c" = 201 ] || fail "PUT answered $c: $(cat "$T/put.json")"
  live=false
  # Every 50 ms, as a cheap request: polling harder (curl and jq every 10 ms) took the CPU flotilla-lb starts with.
  for _ in $(seq 1 600); do live=$(api http://f/v1/balancers/bench | grep -o '"live": *[a-z]*' | head -1 | grep -o '[a-z]*$'); [ "$live" = true ] && break; sleep 0.05; done
  took=$(ms "$t")
  [ "$live" = true ] || fail "balancer never live: $(api http://f/v1/balancers/bench | jq -c .status)"
  timeout 2 bash -c "</dev/tcp/127.0.0.1/$P_FRONT" 2>/dev/null || fail "frontend 127.0.0.1:$P_FRONT not accepting while live"
  B+=("$took")
  c=$(api -o /dev/null -w '%{http_code}' -X DELETE http://f/v1/balancers/bench); [ "$c" = 204 ] || fail "DELETE answered $c"
  for _ in $(seq 1 3000); do [ -d "$T/data/lb" ] || break; sleep 0.01; done
  [ -d "$T/data/lb" ] && fail "flotilla-lb did not stop after the last balancer went"
done
summary "(b) flotillad PUT balancer -> status.live" "${B[@]}"

# (c) flotilla apply: one VM, one balancer ------------------------------------------------------------------------
if [ "$SKIP_STACK" = 1 ]; then echo "(c) skipped (SKIP_STACK=1)"; exit 0; fi
others=$(pgrep -f 'flotillad.dll' | grep -vx "$D"; pgrep qemu-system)
if [ -n "$others" ]; then echo "(c) skipped: another flotillad or QEMU runs (pids $(echo $others))"; exit 0; fi
cat >"$T/stack.yaml" <<YAML
name: lbstart
networks:
  - { name: lbstart, cidr: 10.96.7.0/24, mode: isolated }
vms:
  - name: lbstart
    count: 1
    template: tiny-web
    cpus: 1
    memory: 128
    networks: [lbstart]
    userData: |
      #!/bin/sh
      mkdir -p /data/www && echo "Hello from VM \${index}" > /data/www/index.html && exec httpd -f -p 80 -h /data/www
loadBalancers:
  - name: lbstart
    frontendAddress: 127.0.0.1
    backendPools: [ { name: web, members: ["lbstart[*]"] } ]
    probes: [ { name: tcp, protocol: tcp, port: 80, intervalSeconds: 5 } ]
    rules: [ { name: http, protocol: tcp, frontendPort: $P_STACK, backendPort: 80, backendPool: web, probe: tcp } ]
YAML
C=(); CA=()
for _ in $(seq 1 "$N"); do
  t=$(now)
  timeout 300 "$ROOT/bin/flotilla" apply -f "$T/stack.yaml" >"$T/apply.out" 2>&1 || fail "apply failed: $(tail -3 "$T/apply.out")"
  CA+=("$(ms "$t")")
  line=$(grep -E '^loadBalancer lbstart: created \([0-9.]+ s\)$' "$T/apply.out") || fail "no 'loadBalancer lbstart: created' line: $(cat "$T/apply.out")"
  s=$(sed -E 's/.*\(([0-9.]+) s\)$/\1/' <<<"$line"); C+=("$(awk -v s="$s" 'BEGIN {printf "%d", s * 1000}')")
  body=$(curl -s -m 5 "http://127.0.0.1:$P_STACK/"); [ "$body" = "Hello from VM 0" ] || fail "frontend answered '$body' after apply"
  timeout 120 "$ROOT/bin/flotilla" destroy -f "$T/stack.yaml" >"$T/destroy.out" 2>&1 || fail "destroy failed: $(tail -3 "$T/destroy.out")"
  for _ in $(seq 1 3000); do [ -d "$T/data/lb" ] || break; sleep 0.01; done
done
summary "(c) apply: 'loadBalancer lbstart: created (X s)'" "${C[@]}"
summary "(c) apply: the whole apply (until the stack serves)" "${CA[@]}"
