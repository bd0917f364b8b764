#!/usr/bin/env bash
# install_consumer.sh BUILD_DIR CHECK_OUTPUT [CMAKE_ARGS...]: installs BUILD_DIR into a fresh
# temporary prefix, checks that the prefix holds the headers, the libraries, the command, the
# CMake package and the pkg-config file, then configures and builds tests/consumer (a project
# of its own, find_package(chainrule REQUIRED)) against that prefix with CMAKE_ARGS (the build's
# compiler and flags, so a sanitized build gets a sanitized consumer), runs it and compares what
# it prints with the "// Output:" block of tests/consumer/main.cpp (CHECK_OUTPUT does that).
# The same program is then built a second time from `pkg-config --cflags --libs chainrule`.
set -euo pipefail
build=$1 check_output=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log"

missing=0
for f in include/engine/tape.hpp include/engine/number.hpp include/engine/value.hpp \
  include/nn/network.hpp include/nn/train.hpp include/verify/derivation.hpp \
  lib/libchainrule_engine.a lib/libchainrule_nn.a lib/libchainrule_verify.a bin/chainrule \
  lib/cmake/chainrule/chainruleConfig.cmake lib/cmake/chainrule/chainruleConfigVersion.cmake \
  lib/cmake/chainrule/chainruleTargets.cmake lib/pkgconfig/chainrule.pc; do
  if [ ! -e "$prefix/$f" ]; then
    echo "not installed: $f"
    missing=1
  fi
done
# Only what a user includes: no test, tool or build-tree file.
if find "$prefix/include" -type f ! -name '*.hpp' | grep .; then
  echo "files other than headers under include/"
  missing=1
fi
[ "$missing" = 0 ] || exit 1
"$prefix/bin/chainrule" --version

cmake -S "$here/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" "$@" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/consumer" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$check_output" "$here/consumer/main.cpp" "//" "$work/consumer/consumer"

if command -v pkg-config >/dev/null; then
  # The flags the CMake build used, so that a sanitized build links its sanitized libraries.
  cxx=${CHAINRULE_CONSUMER_CXX:-c++}
  flags=${CHAINRULE_CONSUMER_FLAGS:-}
  # shellcheck disable=SC2086  # the flags are words
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig $cxx -std=c++20 $flags "$here/consumer/main.cpp" \
    $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs chainrule) -o "$work/pc_consumer"
  "$check_output" "$here/consumer/main.cpp" "//" "$work/pc_consumer"
  echo "pkg-config build: same output"
fi
echo "installed into a temporary prefix; the consumer built with find_package and pkg-config prints what it should"
