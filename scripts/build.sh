#!/usr/bin/env bash
# Installs what chainrule needs (scripts/setup.sh), then configures and builds it in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CHAINRULE_BUILD_TYPE:-Release}" >/dev/null
cmake --build build -j "$(nproc)"
