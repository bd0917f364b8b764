#!/usr/bin/env bash
# Regenerates the plots in docs/ from the examples that compute them:
#   tutorial_a_loss.{csv,gp,png}, tutorial_a_loss_zoom.{gp,png}  examples/tutorial_a.cpp
#   precision_fd.{csv,gp,png}                                     examples/precision.cpp
# Usage: docs/plots.sh [BUILD_DIR]   (default build/; run scripts/build.sh first)
# The PNGs need gnuplot (gnuplot-nox, installed by scripts/setup.sh); without it the CSV data
# and the gnuplot scripts are still written.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
cd "$root"
"$build/examples/tutorial_a" docs >/dev/null
"$build/examples/precision" docs >/dev/null
