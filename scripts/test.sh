#!/usr/bin/env bash
# Quick start, the tests: set everything up, build, and run the whole test suite; then the
# page's browser tests (scripts/web_test.sh: the site built with emscripten, checked in
# headless Chromium; CHAINRULE_SKIP_WEB=1 skips them); then the same suite again built with
# AddressSanitizer and UndefinedBehaviorSanitizer (scripts/test_sanitized.sh;
# CHAINRULE_SKIP_SANITIZED=1 skips that second run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${CHAINRULE_SKIP_WEB:-0}" != 1 ]; then
  bash scripts/web_test.sh
fi
if [ "${CHAINRULE_SKIP_SANITIZED:-0}" != 1 ]; then
  bash scripts/test_sanitized.sh
fi
