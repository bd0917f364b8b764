#!/usr/bin/env bash
# Installs the Debian 12 packages chainrule needs. `setup.sh command`: only what building the
# command needs (scripts/run.sh); `setup.sh web`: what building the page and its browser
# tests need (scripts/web.sh); `setup.sh` (or `setup.sh all`): everything for the tests,
# pictures and benchmarks (scripts/test.sh). Idempotent: packages already present are not
# fetched again.
set -euo pipefail
command_packages=(
  g++ cmake make
  libboost-dev libmpfr-dev libgmp-dev libmpfi-dev
  libcli11-dev nlohmann-json3-dev
)
test_packages=(
  doctest-dev pkg-config
  graphviz gnuplot-nox
  python3 python3-mpmath python3-sympy
  libadolc-dev libbenchmark-dev hyperfine valgrind
  clang libclang-rt-dev
)
# emscripten for the page, dpkg-dev for GMP's and MPFR's source packages, chromium for its tests
web_packages=(nodejs emscripten dpkg-dev chromium)
case "${1:-all}" in
  command) packages=("${command_packages[@]}") ;;
  web) packages=("${command_packages[@]}" "${web_packages[@]}") ;;
  all) packages=("${command_packages[@]}" "${test_packages[@]}" nodejs) ;;
  *)
    echo "usage: setup.sh [command|web|all]" >&2
    exit 2
    ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if ((${#missing[@]})); then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm: Debian's package, unless the nodejs installed already brings its own.
if [ "${1:-all}" != command ] && ! command -v npm >/dev/null; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
if [ "${1:-all}" = all ]; then
  katex="$(dirname "$0")/../tests/katex"
  # Again only when the lock file changed since the last install.
  if [ ! -f "$katex/node_modules/.package-lock.json" ] ||
    [ "$katex/package-lock.json" -nt "$katex/node_modules/.package-lock.json" ]; then
    (cd "$katex" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
