#!/usr/bin/env bash
# GMP and MPFR compiled to WebAssembly from Debian's own source packages, installed into
# PREFIX (default build-web/numbers). Done once: a prefix that already holds both libraries is
# left as it is. Needs emscripten and dpkg-dev (scripts/web.sh installs them). MPFI's source
# is not in the archive: web/mpfi/ has the part of it chainrule uses, built with the page.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
prefix="$(realpath -m "${1:-build-web/numbers}")"
if [ -f "$prefix/lib/libgmp.a" ] && [ -f "$prefix/lib/libmpfr.a" ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# apt-get source needs deb-src lines: the same archives the machine already installs from.
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  for list in /etc/apt/sources.list.d/*.sources; do
    [ -f "$list" ] || continue
    sed -n 's/^Types: deb$/Types: deb-src/; /^Types: deb-src/,/^$/p' "$list"
    echo  # stanzas of two files must not run together
  done | $sudo tee /etc/apt/sources.list.d/chainrule-deb-src.sources >/dev/null
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $sudo tee -a /etc/apt/sources.list.d/chainrule-deb-src.list >/dev/null
  fi
  $sudo apt-get update -qq
fi
export NODE_PATH=/usr/share/nodejs  # emscripten's steps run Node and need Debian's acorn
work="$root/build-web/numbers-src"
rm -rf "$work"
mkdir -p "$work" "$prefix"
cd "$work"
apt-get source -qq gmp mpfr4 >/dev/null
jobs="$(nproc)"

cd "$work"/gmp-*/
# Debian's tarball leaves out doc/ (non-free); configure still writes doc/Makefile.
mkdir -p doc
printf 'all:\ninstall:\nclean:\ndistclean:\ncheck:\n' >doc/Makefile.in
emconfigure ./configure --quiet --host=none --disable-assembly --disable-shared --enable-static \
  --prefix="$prefix" CFLAGS="-O2" >/dev/null
emmake make -s -j"$jobs" >/dev/null
emmake make -s install >/dev/null

cd "$work"/mpfr4-*/
emconfigure ./configure --quiet --host=none --disable-shared --enable-static --disable-thread-safe \
  --with-gmp="$prefix" --prefix="$prefix" CFLAGS="-O2" >/dev/null
emmake make -s -j"$jobs" >/dev/null
emmake make -s install >/dev/null

cd "$root"
rm -rf "$work"
echo "GMP and MPFR for WebAssembly in $prefix"
