#!/usr/bin/env bash
# The page: `scripts/web.sh [OUT]` (default build-web/site) writes a self-contained static
# site (any static host serves it; locally `python3 -m http.server -d build-web/site`).
# Installs what it needs (emscripten, the GMP and MPFR source packages, Node and npm, Chromium
# for the tests), builds GMP and MPFR for WebAssembly once (kept in build-web/numbers), the
# engine, verify and the commands with emscripten (build-web/cmake), and bundles the page
# with the front-end libraries from npm (web/node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$(realpath -m "${1:-build-web/site}")"

bash scripts/setup.sh web
export NODE_PATH=/usr/share/nodejs  # emscripten's steps run Node and need Debian's acorn

numbers="$root/build-web/numbers"
bash scripts/web_numbers.sh "$numbers"
# The header-only libraries and MPFI's header, offered to emscripten beside GMP's and MPFR's.
for header in boost CLI nlohmann mpfi.h; do
  ln -sfn "/usr/include/$header" "$numbers/include/$header"
done

emcmake cmake -S . -B build-web/cmake -DCMAKE_BUILD_TYPE=Release \
  -DCHAINRULE_WEB_PREFIX="$numbers" >/dev/null
cmake --build build-web/cmake --target chainrule_web -j "$(nproc)"

cd web
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
rm -rf "$out"
node build.mjs "$out" "$root/build-web/cmake/web"
echo "the page is in $out (python3 -m http.server -d $out)"
