#!/usr/bin/env bash
# Fuzzes the whole path from bytes to verdicts (parse, compile, evaluate, differentiate, judge;
# at 20 digits and in IEEE double) with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer, for SECONDS seconds (default 60). Builds in build-fuzz/.
#
#   bench/fuzz.sh [SECONDS] [libFuzzer flags...]      e.g. bench/fuzz.sh 1800 -fork=2
#   FUZZ_TARGET=structured bench/fuzz.sh 600 -fork=1 -ignore_crashes=1
#
# FUZZ_TARGET picks the target: `derivation` (default; fuzz/derivation_fuzzer.cpp, the bytes
# are the file) or `structured` (fuzz/structured_fuzzer.cpp, the bytes are choices in a grammar
# of derivation files, fuzz/derivation_grammar.hpp).
#
# Seeds of `derivation`: fuzz/corpus (committed) and every derivation file in the tree; of
# `structured`: fuzz/structured_corpus. New inputs go to build-fuzz/corpus (or
# build-fuzz/structured_corpus); crashes, hangs and leaks to build-fuzz/artifacts/ (or
# build-fuzz/structured_artifacts/). To keep new coverage, merge it into the committed corpus:
#   build-fuzz/fuzz/fuzz_derivation -merge=1 fuzz/corpus build-fuzz/corpus
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
bash scripts/setup.sh
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="$flags" -DCHAINRULE_FUZZ=ON -DCHAINRULE_WERROR=OFF >/dev/null
target="${FUZZ_TARGET:-derivation}"
cmake --build build-fuzz -j "$(nproc)" --target "fuzz_$target"
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if [ "$target" = structured ]; then
  # No dictionary: the bytes are grammar choices, not text.
  mkdir -p build-fuzz/structured_corpus build-fuzz/structured_artifacts
  exec build-fuzz/fuzz/fuzz_structured build-fuzz/structured_corpus fuzz/structured_corpus \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1024 \
    -print_final_stats=1 -artifact_prefix=build-fuzz/structured_artifacts/ "$@"
fi
mkdir -p build-fuzz/corpus build-fuzz/seeds build-fuzz/artifacts
for f in examples/derivations/*.chain tests/expected/*.chain; do
  cp "$f" "build-fuzz/seeds/$(echo "$f" | tr / _)"
done
# -rss_limit_mb: an input that makes the process use more than 2 GiB is a finding.
exec build-fuzz/fuzz/fuzz_derivation build-fuzz/corpus fuzz/corpus build-fuzz/seeds \
  -dict=fuzz/derivation.dict -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -max_len=4096 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/ "$@"
