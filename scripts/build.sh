#!/usr/bin/env bash
# Installs everything chainrule's tests need (scripts/setup.sh), then configures and builds
# the command, the libraries, the examples and the tests in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh all
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CHAINRULE_BUILD_TYPE:-Release}" -DCHAINRULE_TESTS=ON \
  -DCHAINRULE_LIBRARY_NUMBER_TYPES=ON >/dev/null
cmake --build build -j "$(nproc)"
