#!/usr/bin/env bash
# Quick start, the tests: set everything up, build, and run the whole test suite; then the
# same suite again built with AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/test_sanitized.sh; CHAINRULE_SKIP_SANITIZED=1 skips that second run); then the
# page's browser tests (scripts/web_test.sh: the site, built with emscripten all along in the
# background, checked in headless Chromium; CHAINRULE_WEB=0 skips them). On a fresh 2-core
# machine all of it, packages included, took 26 min (README, "Quick start").
set -euo pipefail
cd "$(dirname "$0")/.."
web="${CHAINRULE_WEB:-1}"
if [ "$web" = 1 ]; then
  bash scripts/setup.sh all
  bash scripts/setup.sh web  # before the page's build starts, so that no two installs overlap
  # The page is built beside the native suite: much of its build (GMP's and MPFR's configure
  # scripts, the WebAssembly link) runs on one core and would leave the other idle.
  mkdir -p build-web
  bash scripts/web.sh build-web/site >build-web/build.log 2>&1 &
  web_build=$!
  trap 'kill "$web_build" 2>/dev/null || true' EXIT
fi
# The main job first, as the README's first command runs it (the command alone, without the
# library's extra number types); the full build below then reuses its objects.
# Its time is printed: on CI's fresh machine that is the main job's fresh-machine figure.
main_job="$(mktemp)"
main_job_started=$SECONDS
bash scripts/run.sh >"$main_job"
echo "scripts/run.sh (the main job; its packages included only with CHAINRULE_WEB=0) took $((SECONDS - main_job_started)) s"
bash scripts/build.sh
# What the main job printed ends with the table the full build's command prints.
./build/chainrule check examples/derivations/tutorial_a.chain >build/main_job_expected.txt
if ! tail -n "$(wc -l <build/main_job_expected.txt)" "$main_job" | diff - build/main_job_expected.txt; then
  echo "scripts/run.sh did not print tutorial A's verdict table" >&2
  exit 1
fi
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "the main job, the build and the suite: $SECONDS s so far"
if [ "${CHAINRULE_SKIP_SANITIZED:-0}" != 1 ]; then
  bash scripts/test_sanitized.sh
  echo "and the sanitized suite: $SECONDS s so far"
fi
if [ "$web" = 1 ]; then
  if ! wait "$web_build"; then
    cat build-web/build.log
    echo "scripts/web.sh failed" >&2
    exit 1
  fi
  bash scripts/web_test.sh
fi
