#!/usr/bin/env bash
# The page's module against the native command, over scripts/golden.py's command lines:
# `scripts/web_golden.sh [N]` (N of the generated files, default 0) runs every line with
# build/chainrule and with the module in Node (web/test/cli.cjs), and fails on any difference
# (golden.py writes every input as UTF-8 text, as the page holds it).
set -euo pipefail
cd "$(dirname "$0")/.."
generated="${1:-0}"
wrapper="$PWD/build-web/chainrule-node"
printf '#!/bin/sh\nexec node --no-experimental-fetch "%s" "$@"\n' "$PWD/web/test/cli.cjs" >"$wrapper"
chmod +x "$wrapper"
rm -rf build-web/golden-native build-web/golden-page
python3 scripts/golden.py "${CHAINRULE:-build/chainrule}" build-web/golden-native --generated "$generated"
python3 scripts/golden.py "$wrapper" build-web/golden-page --generated "$generated"
diff -r build-web/golden-native build-web/golden-page
echo "the page's module printed what the command printed, byte for byte"
