#!/usr/bin/env bash
# The page's figures: the site's size (wasm, JS, total, gzip) and bench/web.mjs's timings in
# headless Chromium. Builds the site first (scripts/web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/web.sh build-web/site >/dev/null
site=build-web/site
size() { du -cb "$@" | tail -1 | cut -f1; }
gz() { cat "$@" | gzip -9 | wc -c; }
echo "chainrule.wasm: $(size $site/chainrule.wasm) bytes, $(gz $site/chainrule.wasm) gzipped"
echo "JavaScript (page, worker, module glue, Graphviz chunk): $(size $site/*.js) bytes, $(gz $site/*.js) gzipped"
echo "whole site: $(size $site) bytes, $(tar -C $site -cf - . | gzip -9 | wc -c) gzipped (as one tar)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server --bind 127.0.0.1 --directory $site "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1
node bench/web.mjs "http://127.0.0.1:$port/index.html"
