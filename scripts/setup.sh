#!/usr/bin/env bash
# Installs every Debian 12 package chainrule needs (build, tests, pictures, benchmarks).
# Idempotent: packages already present are not fetched again.
set -euo pipefail
packages=(
  g++ cmake make
  libboost-dev libmpfr-dev libgmp-dev libmpfi-dev
  doctest-dev libcli11-dev nlohmann-json3-dev
  graphviz gnuplot-nox
  python3 python3-mpmath python3-sympy
  libadolc-dev libbenchmark-dev hyperfine valgrind
  clang libclang-rt-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
