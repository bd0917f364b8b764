#!/usr/bin/env bash
# command_only.sh SOURCE_DIR: what scripts/run.sh relies on. With -DCHAINRULE_TESTS=OFF the
# project configures without doctest (its package is made impossible to find) and has the
# command and the libraries as targets but no test, example or fuzz replay.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S "$1" -B "$work" -DCHAINRULE_TESTS=OFF -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
targets=$(cmake --build "$work" --target help)
for wanted in chainrule chainrule_engine chainrule_nn chainrule_verify; do
  grep -qx "\.\.\. $wanted" <<<"$targets" || { echo "no target $wanted"; exit 1; }
done
for unwanted in test_value check_output example_engine_usage fuzz_replay; do
  if grep -qx "\.\.\. $unwanted" <<<"$targets"; then
    echo "target $unwanted is built without the tests"
    exit 1
  fi
done
echo "configured without doctest: the command and the libraries, no tests"
