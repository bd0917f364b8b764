#!/usr/bin/env bash
# Quick start, the main job: install only what the command needs (scripts/setup.sh command),
# build only the command (no tests, so no doctest), and judge every number that seed tutorial
# A publishes (examples/derivations/tutorial_a.chain).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh command
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CHAINRULE_BUILD_TYPE:-Release}" -DCHAINRULE_TESTS=OFF \
  -DCHAINRULE_LIBRARY_NUMBER_TYPES=OFF >/dev/null
cmake --build build --target chainrule -j "$(nproc)"
./build/chainrule check examples/derivations/tutorial_a.chain "$@"
