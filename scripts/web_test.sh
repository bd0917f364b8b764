#!/usr/bin/env bash
# The page's browser tests (web/test/page.test.mjs) in headless Chromium: builds the site
# (scripts/web.sh) and the native command when missing, serves the site on a free local port,
# and checks that the page prints what the command prints; then scripts/web_golden.sh. The
# test writes a screenshot of tutorial B's verdicts to build-web/page-tutorial-b.png
# (CHAINRULE_UPDATE_DOCS=1: to docs/page-tutorial-b.png, the README's picture).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
bash scripts/web.sh build-web/site
command="${CHAINRULE:-$root/build/chainrule}"
if [ ! -x "$command" ]; then
  bash scripts/build.sh >/dev/null
fi
screenshot="$root/build-web/page-tutorial-b.png"
[ "${CHAINRULE_UPDATE_DOCS:-0}" = 1 ] && screenshot="$root/docs/page-tutorial-b.png"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server --bind 127.0.0.1 --directory build-web/site "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null && break
  sleep 0.1
done
(cd web && SITE_URL="http://127.0.0.1:$port" CHAINRULE="$command" SCREENSHOT="$screenshot" \
  node --test --test-concurrency=1 test/page.test.mjs)
# And the module against the command over golden.py's command lines (the examples', the
# tests' and the fuzz regressions' files, the README's commands).
bash scripts/web_golden.sh 0
