// One gradient of the issue's workload, timed per variant and number type. Each benchmark
// first computes its E and gradient sum once and stops the run unless they are hand-written
// backprop's (bench/cases.hpp), then times only the gradient.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/adolc_workload.hpp"
#include "bench/cases.hpp"
#include "bench/mpfr_hand.hpp"

namespace chainrule::bench {

namespace {

std::string name_of(const char* variant, const char* type) {
  return std::string("workload/") + type + "/" + variant;
}

// Checks one step against hand-written backprop, then times it. The timed loop calls it
// through measured_step so that a profiler can collect the timed work alone
// (valgrind --tool=callgrind --toggle-collect='*measured_step*').
template <class Step>
[[gnu::noinline]] auto measured_step(Step& step) {
  return step();
}

template <class T, class Step>
void check_and_time(benchmark::State& state, const std::string& name, const Case<T>& c, Step step) {
  require_same(name, step(), c.expected);
  // One more untimed call: a tape's sweep plan is made by its second sweep (engine/sweep_plan.hpp),
  // so that a profile of one timed call sees what every later one does.
  benchmark::DoNotOptimize(step());
  for (auto _ : state) benchmark::DoNotOptimize(measured_step(step));
}

template <class T>
void hand_written(benchmark::State& state) {
  const Case<T> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  HandBackprop<T> hand(c.workload, c.numbers);
  std::vector<T> gradient(c.parameter_count());
  check_and_time(state, name_of("hand", type_name<T>()), c,
                 [&] { return hand.gradient(c.numbers.parameters, gradient); });
}

// The stronger 50-digit limit: MPFR's C API computing in place into values allocated once.
void hand_written_mpfr_in_place(benchmark::State& state) {
  const Case<engine::Real> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  MpfrHandBackprop hand(c.workload, c.numbers);
  check_and_time(state, "workload/mpfr50/hand_mpfr_in_place", c, [&] { return hand.gradient(); });
}

// Heap bytes per node of a freshly built tape and one sweep over it (values, operands, op,
// adjoints, flags), next to what the element types alone take.
template <class T>
void count_memory(benchmark::State& state, const Case<T>& c, std::size_t nodes, bool reserve,
                  NeuronSum neuron_sum = NeuronSum::BinaryNodes) {
  std::vector<T> gradient(c.parameter_count());
  const std::size_t before = heap_in_use();
  std::size_t after = 0;
  {
    EngineGraph<T> g;
    if (reserve) g.tape.reserve(nodes);
    build_graph<T>(c.workload, c.numbers.parameters, c.numbers, g, neuron_sum);
    engine::Sensitivities<T> s;
    engine_gradient<T>(g, s, gradient);
    after = heap_in_use();
  }
  const auto per_node = [nodes](std::size_t bytes) { return static_cast<double>(bytes) / nodes; };
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["heap_bytes_per_node"] = per_node(after - before);
  state.counters["element_bytes_per_node"] =
      sizeof(engine::Op) + 2 * sizeof(engine::NodeIndex) + 2 * sizeof(T) + sizeof(engine::Reach);
  // Multiply-add terms w·x of the neurons' sums: what a Dot graph stores instead of 2 nodes each.
  std::size_t terms = 0;
  for (std::size_t l = 0; l < c.workload.layers(); ++l)
    terms += c.workload.sizes[l] * c.workload.sizes[l + 1] * c.workload.rows;
  state.counters["heap_bytes_per_term"] = static_cast<double>(after - before) / terms;
}

// Build the graph from the parameter values, then one reverse sweep: a new tape every time.
template <class T, bool kReserve>
void chainrule_build_sweep(benchmark::State& state) {
  const Case<T> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  std::vector<T> gradient(c.parameter_count());
  engine::Sensitivities<T> s;
  std::size_t nodes = 0;
  const auto step = [&] {
    EngineGraph<T> g;
    if (kReserve) g.tape.reserve(nodes);
    build_graph<T>(c.workload, c.numbers.parameters, c.numbers, g);
    nodes = g.tape.size();
    return engine_gradient<T>(g, s, gradient);
  };
  const char* variant = kReserve ? "chainrule_build_sweep_reserved" : "chainrule_build_sweep";
  check_and_time(state, name_of(variant, type_name<T>()), c, step);
  count_memory(state, c, nodes, kReserve);
}

// The same with one Dot node per neuron (or binary nodes, kSum): into a new tape every time, or
// into one tape cleared before each build (its arrays keep their capacity, as ADOL-C keeps its
// tape buffers).
template <class T, bool kReuseTape, NeuronSum kSum = NeuronSum::DotNode>
void chainrule_dot_build_sweep(benchmark::State& state) {
  const Case<T> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  std::vector<T> gradient(c.parameter_count());
  engine::Sensitivities<T> s;
  EngineGraph<T> reused;
  std::size_t nodes = 0;
  const auto step = [&] {
    EngineGraph<T> fresh;
    EngineGraph<T>& g = kReuseTape ? reused : fresh;
    g.tape.clear();
    build_graph<T>(c.workload, c.numbers.parameters, c.numbers, g, kSum);
    nodes = g.tape.size();
    return engine_gradient<T>(g, s, gradient);
  };
  const char* variant = kSum == NeuronSum::BinaryNodes ? "chainrule_rebuild_sweep"
                        : kReuseTape                   ? "chainrule_dot_rebuild_sweep"
                                                       : "chainrule_dot_build_sweep";
  check_and_time(state, name_of(variant, type_name<T>()), c, step);
  count_memory(state, c, nodes, false, kSum);
}

// Rebuilt into the cleared tape as chainrule_rebuild_sweep, but every build unlike the one
// before it (every other one starts with an extra constant node, so that every later index
// moves): the tape cannot keep its shape (engine/node_arrays.hpp), and each sweep first finds
// out which nodes the seed reaches, as for a graph built for the first time.
template <class T>
void chainrule_rebuild_new_shape_sweep(benchmark::State& state) {
  const Case<T> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  std::vector<T> gradient(c.parameter_count());
  engine::Sensitivities<T> s;
  EngineGraph<T> g;
  bool shifted = false;
  const auto step = [&] {
    g.tape.clear();
    shifted = !shifted;
    if (shifted) g.tape.constant(T(0));
    build_graph<T>(c.workload, c.numbers.parameters, c.numbers, g);
    return engine_gradient<T>(g, s, gradient);
  };
  check_and_time(state, name_of("chainrule_rebuild_new_shape_sweep", type_name<T>()), c, step);
}

// One graph, built at other parameter values: set the parameters, evaluate, sweep.
template <class T, NeuronSum kSum = NeuronSum::BinaryNodes>
void chainrule_reevaluate_sweep(benchmark::State& state) {
  const Case<T> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  std::vector<T> gradient(c.parameter_count());
  engine::Sensitivities<T> s;
  EngineGraph<T> g;
  const std::vector<T> elsewhere(c.parameter_count(), T(0.25));
  build_graph<T>(c.workload, elsewhere, c.numbers, g, kSum);
  const auto step = [&] {
    for (std::size_t k = 0; k < g.parameters.size(); ++k)
      g.tape.set_value(g.parameters[k], c.numbers.parameters[k]);
    if (auto error = g.tape.evaluate()) {
      std::fprintf(stderr, "evaluate() failed at node %u: %s\n", error->node,
                   std::string(error->reason).c_str());
      std::exit(EXIT_FAILURE);
    }
    return engine_gradient<T>(g, s, gradient);
  };
  const char* variant =
      kSum == NeuronSum::DotNode ? "chainrule_dot_reevaluate_sweep" : "chainrule_reevaluate_sweep";
  check_and_time(state, name_of(variant, type_name<T>()), c, step);
  state.counters["nodes"] = static_cast<double>(g.tape.size());
}

// ADOL-C recording a new tape every time (keeping its values), then one reverse sweep.
void adolc_retape(benchmark::State& state) {
  const Case<double> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  EngineGraph<double> g;
  build_graph<double>(c.workload, c.numbers.parameters, c.numbers, g);
  AdolcTape tape(1, g.tape.size());
  std::vector<double> gradient(c.parameter_count());
  const auto step = [&] {
    const double e = tape.record(c.workload, c.numbers, c.numbers.parameters);
    tape.reverse(gradient);
    return Outcome<double>{e, sum<double>(gradient)};
  };
  check_and_time(state, "workload/double/adolc_retape", c, step);
  state.counters["operations"] = static_cast<double>(tape.operations());
}

// ADOL-C's one tape, recorded at other parameter values: forward and reverse sweep.
void adolc_reuse(benchmark::State& state) {
  const Case<double> c(kIssueLayers, static_cast<std::size_t>(state.range(0)));
  EngineGraph<double> g;
  build_graph<double>(c.workload, c.numbers.parameters, c.numbers, g);
  AdolcTape tape(2, g.tape.size());
  const std::vector<double> elsewhere(c.parameter_count(), 0.25);
  tape.record(c.workload, c.numbers, elsewhere);
  std::vector<double> gradient(c.parameter_count());
  const auto step = [&] {
    const double e = tape.gradient(c.numbers.parameters, gradient);
    return Outcome<double>{e, sum<double>(gradient)};
  };
  check_and_time(state, "workload/double/adolc_reuse", c, step);
  state.counters["operations"] = static_cast<double>(tape.operations());
}

template <class Function>
void add(const std::string& name, Function function, std::vector<long> batches) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), function);
  b->ArgName("B")->Unit(benchmark::kMillisecond)->ComputeStatistics("min", minimum);
  for (long rows : batches) b->Arg(rows);
}

template <class T>
void add_type(std::vector<long> batches) {
  const char* type = type_name<T>();
  add(name_of("hand", type), hand_written<T>, batches);
  add(name_of("chainrule_build_sweep", type), chainrule_build_sweep<T, false>, batches);
  add(name_of("chainrule_build_sweep_reserved", type), chainrule_build_sweep<T, true>, batches);
  add(name_of("chainrule_rebuild_sweep", type),
      chainrule_dot_build_sweep<T, true, NeuronSum::BinaryNodes>, batches);
  add(name_of("chainrule_rebuild_new_shape_sweep", type), chainrule_rebuild_new_shape_sweep<T>,
      batches);
  add(name_of("chainrule_reevaluate_sweep", type), chainrule_reevaluate_sweep<T>, batches);
  add(name_of("chainrule_dot_build_sweep", type), chainrule_dot_build_sweep<T, false>, batches);
  add(name_of("chainrule_dot_rebuild_sweep", type), chainrule_dot_build_sweep<T, true>, batches);
  add(name_of("chainrule_dot_reevaluate_sweep", type),
      chainrule_reevaluate_sweep<T, NeuronSum::DotNode>, batches);
}

}  // namespace

void register_workload_benchmarks() {
  add_type<double>({10, 100, 1000});
  add(name_of("adolc_retape", "double"), adolc_retape, {10, 100, 1000});
  add(name_of("adolc_reuse", "double"), adolc_reuse, {10, 100, 1000});
  add(name_of("hand_mpfr_in_place", "mpfr50"), hand_written_mpfr_in_place, {10, 100, 1000});
  add_type<engine::Real>({10, 100, 1000});
  add_type<engine::BinFloat50>({10, 100, 1000});
}

}  // namespace chainrule::bench
