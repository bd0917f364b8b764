// Time per node from 10^3 to 10^7 nodes, in double: a stack of width-8 sigmoid layers (the
// workload's kind of computation, made deep instead of wide), one row. Cost per node should not
// grow with the graph; when it does, the working set has left a cache level.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "bench/cases.hpp"

namespace chainrule::bench {

namespace {

// 8·8 weights + 8 biases as leaves, 8 multiplies, 8 adds and a sigmoid per unit: 208 nodes.
constexpr std::size_t kWidth = 8;
constexpr std::size_t kNodesPerLayer = kWidth * kWidth + kWidth + kWidth * (2 * kWidth + 1);

std::vector<std::size_t> deep_layers(long nodes) {
  const auto layers = std::max<std::size_t>(
      1, (static_cast<std::size_t>(nodes) + kNodesPerLayer / 2) / kNodesPerLayer);
  return std::vector<std::size_t>(layers + 1, kWidth);
}

void set_per_node(benchmark::State& state, std::size_t nodes) {
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["ns_per_node"] = benchmark::Counter(
      static_cast<double>(nodes) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void scaling_build_sweep(benchmark::State& state) {
  const Case<double> c(deep_layers(state.range(0)), 1);
  std::vector<double> gradient(c.parameter_count());
  engine::Sensitivities<double> s;
  std::size_t nodes = 0;
  for (auto _ : state) {
    EngineGraph<double> g;
    build_graph<double>(c.workload, c.numbers.parameters, c.numbers, g);
    const Outcome<double> o = engine_gradient<double>(g, s, gradient);
    if (nodes == 0) require_same("scaling/chainrule_build_sweep", o, c.expected);
    nodes = g.tape.size();
  }
  set_per_node(state, nodes);
}

void scaling_reevaluate_sweep(benchmark::State& state) {
  const Case<double> c(deep_layers(state.range(0)), 1);
  std::vector<double> gradient(c.parameter_count());
  engine::Sensitivities<double> s;
  EngineGraph<double> g;
  build_graph<double>(c.workload, c.numbers.parameters, c.numbers, g);
  require_same("scaling/chainrule_reevaluate_sweep", engine_gradient<double>(g, s, gradient),
               c.expected);
  for (auto _ : state) {
    for (std::size_t k = 0; k < g.parameters.size(); ++k)
      g.tape.set_value(g.parameters[k], c.numbers.parameters[k]);
    benchmark::DoNotOptimize(g.tape.evaluate());
    benchmark::DoNotOptimize(engine_gradient<double>(g, s, gradient));
  }
  set_per_node(state, g.tape.size());
}

void scaling_hand(benchmark::State& state) {
  const Case<double> c(deep_layers(state.range(0)), 1);
  HandBackprop<double> hand(c.workload, c.numbers);
  std::vector<double> gradient(c.parameter_count());
  for (auto _ : state) benchmark::DoNotOptimize(hand.gradient(c.numbers.parameters, gradient));
  // Per node of the engine's graph of the same computation, to compare like with like.
  EngineGraph<double> g;
  build_graph<double>(c.workload, c.numbers.parameters, c.numbers, g);
  set_per_node(state, g.tape.size());
}

void add(const char* name, void (*function)(benchmark::State&)) {
  auto* b = benchmark::RegisterBenchmark(name, function);
  b->ArgName("nodes")->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", minimum);
  for (long nodes = 1000; nodes <= 10'000'000; nodes *= 10) b->Arg(nodes);
}

}  // namespace

void register_scaling_benchmarks() {
  add("scaling/double/hand", scaling_hand);
  add("scaling/double/chainrule_build_sweep", scaling_build_sweep);
  add("scaling/double/chainrule_reevaluate_sweep", scaling_reevaluate_sweep);
}

}  // namespace chainrule::bench
