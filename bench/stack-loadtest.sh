#!/usr/bin/env bash
# Seed 000's own table against the stack's frontend: apply examples/website.yaml (3 tiny-web VMs under TCG behind
# flotilla-lb) on a fresh flotillad, then `flotilla loadtest --profile smoke` (10 VUs, 10 s) and `--profile load`
# (100 VUs, 60 s), k6's default connection reuse as in the seed, every response checked for status 200 and a
# "Hello from VM" body. Prints each run's summary lines and the comparison table; results in $OUT (default: a
# temporary folder, removed). Needs root; uses the website's 10.0.1.0/24 network and 127.0.0.1:80.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "stack-loadtest: run as root" >&2; exit 1; }
T=$(mktemp -d); export FLOTILLA_ENDPOINT="unix:$T/f.sock"
OUT=${OUT:-$T}
bin/flotillad --data-dir "$T/data" --listen "unix:$T/f.sock" >"$T/d.log" 2>&1 & D=$!
cleanup() { bin/flotilla destroy -f examples/website.yaml >/dev/null 2>&1 || true; kill $D 2>/dev/null; wait $D 2>/dev/null || true; [ "$OUT" = "$T" ] && rm -rf "$T"; [ "$OUT" = "$T" ] || rm -rf "$T/data"; }
trap cleanup EXIT
for _ in $(seq 1 240); do bin/flotilla host show >/dev/null 2>&1 && break; sleep 0.5; done
bin/flotilla apply -f examples/website.yaml | tail -3
for profile in smoke load; do
  echo "== $profile"
  bin/flotilla loadtest http://127.0.0.1:80/ --profile "$profile" --expect-status 200 --expect-body "Hello from VM" \
    --quiet --out "$OUT/$profile.json" | grep -E "checks|http_reqs|http_req_duration|http_req_failed|responses|Hello from VM" || true
done
bin/flotilla loadtest compare "$OUT/smoke.json" "$OUT/load.json"
