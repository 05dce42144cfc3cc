#!/usr/bin/env bash
# Stacks: time from `flotilla apply -f examples/website.yaml` on an empty host to all three VMs serving through the
# balancer (each of "Hello from VM 0/1/2" seen on fresh connections), a no-op re-apply, scaling 3 -> 6 -> 3, and
# destroy. A fresh flotillad of its own (its acceleration probe runs before the clock starts). Needs root; uses the
# website's 10.0.1.0/24 network and 127.0.0.1:80. R=3 rounds by default.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "stack-apply: run as root" >&2; exit 1; }
T=$(mktemp -d); export FLOTILLA_ENDPOINT="unix:$T/f.sock"
bin/flotillad --data-dir "$T/data" --listen "unix:$T/f.sock" >"$T/d.log" 2>&1 & D=$!
cleanup() { bin/flotilla destroy -f "$T/site.yaml" >/dev/null 2>&1 || true; kill $D 2>/dev/null; wait $D 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
for _ in $(seq 1 240); do bin/flotilla host show >/dev/null 2>&1 && break; sleep 0.5; done
cp examples/website.yaml "$T/site.yaml"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
serving() { # every VM named in $1 answered through the frontend, on fresh connections
  local want=$1 seen
  for _ in $(seq 1 2400); do
    seen=$(for _ in $(seq 1 24); do curl -s -m1 http://127.0.0.1:80/; echo; done | sort -u | tr -d '\n')
    [ "$seen" = "$want" ] && return 0
  done; return 1; }
for round in $(seq 1 "${R:-3}"); do
  t=$(date +%s%N); bin/flotilla apply -f "$T/site.yaml" >/dev/null
  serving "Hello from VM 0Hello from VM 1Hello from VM 2"; apply=$(ms $t)
  t=$(date +%s%N); out=$(bin/flotilla apply -f "$T/site.yaml"); noop=$(ms $t)
  echo "$out" | grep -qx "No changes." || { echo "re-apply was not a no-op: $out"; exit 1; }
  sed -i 's/count: 3 /count: 6 /' "$T/site.yaml"
  t=$(date +%s%N); bin/flotilla apply -f "$T/site.yaml" >/dev/null
  serving "Hello from VM 0Hello from VM 1Hello from VM 2Hello from VM 3Hello from VM 4Hello from VM 5"; up=$(ms $t)
  sed -i 's/count: 6 /count: 3 /' "$T/site.yaml"
  t=$(date +%s%N); bin/flotilla apply -f "$T/site.yaml" >/dev/null; down=$(ms $t)
  t=$(date +%s%N); bin/flotilla destroy -f "$T/site.yaml" >/dev/null; destroy=$(ms $t)
  echo "round $round: apply to serving ${apply} ms, no-op re-apply ${noop} ms, scale 3->6 to serving ${up} ms, 6->3 (drain, stop) ${down} ms, destroy ${destroy} ms"
done
