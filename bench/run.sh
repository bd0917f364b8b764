#!/usr/bin/env bash
# Regenerates every benchmark figure of issue 6 and the table in bench/README.md.
#
#   bench/run.sh            # build, run everything (about 30 minutes), rewrite the table
#   bench/run.sh --profile  # the same, then callgrind profiles of the B = 100 workload
#   bench/run.sh --table    # only rewrite the table from the last run's results
#
# Environment: BUILD_DIR (default build-bench), REPETITIONS (default 10; the table shows the
# median CPU time, and ratios of the minima too), BENCH_FILTER (a Google Benchmark regex).
# Only the block between the bench:table markers of bench/README.md is rewritten.
set -euo pipefail -f # -f: no globbing, so w*,b* stays text
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-bench}
repetitions=${REPETITIONS:-10}
filter=${BENCH_FILTER:-.}
results=$build/bench-results
profile=false
measure=true
case "${1:-}" in
  --profile) profile=true ;;
  --table) measure=false ;;
esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCHAINRULE_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target chainrule chainrule_bench chainrule_peak_rss chainrule_bench_table
mkdir -p "$results"
chainrule=$build/chainrule
train_arguments="examples/derivations/tutorial_b.chain --loss E --wrt w*,b* --lr 0.01 --every 10000 --digits 50"

# Repetitions are interleaved in random order so that a change in the machine's load (it is
# shared) falls on every variant alike instead of on whichever ran at that moment.
bench_command="$build/bench/chainrule_bench --benchmark_repetitions=$repetitions --benchmark_report_aggregates_only=true --benchmark_enable_random_interleaving=true --benchmark_filter=$filter"
rss_commands=("$build/bench/chainrule_peak_rss 10000000 double"
              "$build/bench/chainrule_peak_rss 10000000 double reserve")
check_command="$chainrule check examples/derivations/tutorial_a.chain --digits 50"
train_command="$chainrule train $train_arguments --steps 10000"

if $measure; then
  # 1. Time per gradient, memory per node, scaling: one Google Benchmark run.
  $bench_command --benchmark_out="$results/bench.json" --benchmark_out_format=json
  # 2. Peak RSS of a 10-million-node graph, grown by push_back and reserved.
  : >"$results/rss.jsonl"
  for command in "${rss_commands[@]}"; do $command | tee -a "$results/rss.jsonl"; done
  # 3. Whole processes.
  hyperfine -N --warmup 3 --runs 30 --export-json "$results/check.json" "$check_command"
  hyperfine -N --warmup 1 --runs 5 --export-json "$results/train.json" "$train_command"
  {
    echo "$bench_command"
    printf '%s\n' "${rss_commands[@]}"
    echo "hyperfine -N --warmup 3 --runs 30 '$check_command'"
    echo "hyperfine -N --warmup 1 --runs 5 '$train_command'"
  } >"$results/commands.txt"
fi

# 4. The table and the commands behind it, spliced into bench/README.md.
{
  echo "<!-- bench:table:begin (bench/run.sh writes this block) -->"
  "$build/bench/chainrule_bench_table" "$results/bench.json" "$results/rss.jsonl" \
    "$results/check.json" "$results/train.json"
  echo
  echo "Commands (from the repository root; \`$build\` configured with" \
    "\`-DCMAKE_BUILD_TYPE=Release -DCHAINRULE_BENCH=ON\`):"
  echo
  echo '```'
  cat "$results/commands.txt"
  echo '```'
  echo "<!-- bench:table:end -->"
} >"$results/table.md"

readme=bench/README.md
if [ -f "$readme" ] && grep -q "bench:table:begin" "$readme"; then
  awk -v table="$results/table.md" '
    /bench:table:begin/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /bench:table:end/ { skip = 0; next }
    !skip { print }' "$readme" >"$readme.new"
else
  { if [ -f "$readme" ]; then cat "$readme" && echo; fi; cat "$results/table.md"; } >"$readme.new"
fi
mv "$readme.new" "$readme"
echo "wrote $readme"

# 5. Where the time goes: instructions per function inside the timed steps only, B = 100.
if $profile; then
  for case in double/hand double/chainrule_dot_build_sweep double/chainrule_dot_reevaluate_sweep \
              double/chainrule_build_sweep_reserved double/chainrule_reevaluate_sweep mpfr50/hand \
              mpfr50/chainrule_dot_build_sweep mpfr50/chainrule_dot_reevaluate_sweep \
              mpfr50/chainrule_reevaluate_sweep; do
    out=$results/callgrind.${case//\//.}
    valgrind --tool=callgrind --toggle-collect='*measured_step*' --callgrind-out-file="$out.out" \
      "$build/bench/chainrule_bench" --benchmark_filter="^workload/$case/B:100\$" \
      --benchmark_min_time=0.01 >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$out.out" 2>/dev/null | head -60 >"$out.txt"
    echo "wrote $out.txt"
  done
  out=$results/callgrind.train
  valgrind --tool=callgrind --callgrind-out-file="$out.out" \
    $chainrule train $train_arguments --steps 1000 >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$out.out" 2>/dev/null | head -60 >"$out.txt"
  echo "wrote $out.txt"
fi
