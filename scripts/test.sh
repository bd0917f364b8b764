#!/usr/bin/env bash
# Quick start, the tests: set everything up, build, and run the whole test suite; then the
# same suite again built with AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/test_sanitized.sh; set CHAINRULE_SKIP_SANITIZED=1 to skip that second run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${CHAINRULE_SKIP_SANITIZED:-0}" != 1 ]; then
  bash scripts/test_sanitized.sh
fi
