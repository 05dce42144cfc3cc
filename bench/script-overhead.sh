#!/usr/bin/env bash
# flotilla loadtest: what a k6 script costs over a flags run. Starts its own nginx on a free
# loopback port (temp folder, removed on exit), then runs the same closed test (VUS VUs for D s)
# as a flags run and as the script `export default function () { http.get(__ENV.TARGET) }`,
# alternating, ROUNDS times each; and measures idle script VUs' memory (1,000 and 10,000).
# Needs nginx. Usage: bench/script-overhead.sh     (VUS=64 D=5 ROUNDS=3 SKIP_MEMORY=0)
set -eu
cd "$(dirname "$0")/.."
VUS=${VUS:-64} D=${D:-5} ROUNDS=${ROUNDS:-3}
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1   # as the flotilla launcher sets it
dotnet build bench/Flotilla.LoadTest.ScriptBench -c Release -v q -nologo >/dev/null
BENCH="dotnet artifacts/bin/Flotilla.LoadTest.ScriptBench/release/Flotilla.LoadTest.ScriptBench.dll"
T=$(mktemp -d); chmod 755 "$T"
cleanup() { [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$T/www"; echo "Hello from VM 0" > "$T/www/index.html"
cat > "$T/nginx.conf" <<CONF
worker_processes 1; pid $T/nginx.pid; error_log $T/nginx.err; daemon on;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$PORT; root $T/www; } }
CONF
nginx -c "$T/nginx.conf"
URL="http://127.0.0.1:$PORT/"
echo "# nginx on $URL, $VUS VUs, ${D}s per run, $(nproc) cores"
$BENCH http "$URL" "$VUS" 2 flags >/dev/null   # warm-up: page cache, nginx
# One process per run, as the CLI runs: each pays its own JIT warm-up.
for _ in $(seq "$ROUNDS"); do
  $BENCH http "$URL" "$VUS" "$D" flags
  $BENCH http "$URL" "$VUS" "$D" script
done
if [ "${SKIP_MEMORY:-0}" != 1 ]; then
  $BENCH memory 1000
  $BENCH memory 10000
fi
