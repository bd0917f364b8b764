#!/usr/bin/env bash
# Quick start, the main job: set everything up, build, and judge every number that seed
# tutorial A publishes (examples/derivations/tutorial_a.chain).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/chainrule check examples/derivations/tutorial_a.chain "$@"
