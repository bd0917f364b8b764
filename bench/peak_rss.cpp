// Peak resident memory of the engine holding a graph of about 10 million nodes: the issue's
// network over as many rows as that takes, built, then swept once (so the adjoints count).
// Prints one JSON object; bench/run.sh puts it in the table.
//
//   chainrule_peak_rss [NODES] [double|mpfr50] [reserve]
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/cases.hpp"

namespace {

using namespace chainrule;
using namespace chainrule::bench;

// ru_maxrss is in KiB on Linux.
std::size_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

template <class T>
int measure(std::size_t wanted_nodes, bool reserve) {
  // Nodes per row, from the graphs of one and of two rows; then enough rows for wanted_nodes.
  const auto nodes_for = [](std::size_t rows) {
    const Case<T> small(kIssueLayers, rows);
    EngineGraph<T> probe;
    build_graph<T>(small.workload, small.numbers.parameters, small.numbers, probe);
    return probe.tape.size();
  };
  const std::size_t per_row = nodes_for(2) - nodes_for(1);
  const std::size_t fixed = nodes_for(1) - per_row;
  const std::size_t rows = (wanted_nodes - fixed + per_row - 1) / per_row;

  const Case<T> c(kIssueLayers, rows);
  std::vector<T> gradient(c.parameter_count());
  const std::size_t baseline = peak_rss_bytes();
  EngineGraph<T> g;
  if (reserve) g.tape.reserve(fixed + rows * per_row);
  build_graph<T>(c.workload, c.numbers.parameters, c.numbers, g);
  engine::Sensitivities<T> s;
  require_same("peak_rss", engine_gradient<T>(g, s, gradient), c.expected);
  const std::size_t peak = peak_rss_bytes();
  const std::size_t nodes = g.tape.size();
  std::printf(
      "{\"type\": \"%s\", \"reserve\": %s, \"rows\": %zu, \"nodes\": %zu, "
      "\"baseline_rss_bytes\": %zu, \"peak_rss_bytes\": %zu, \"bytes_per_node\": %.2f}\n",
      type_name<T>(), reserve ? "true" : "false", rows, nodes, baseline, peak,
      static_cast<double>(peak - baseline) / static_cast<double>(nodes));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t nodes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const std::string type = argc > 2 ? argv[2] : "double";
  const bool reserve = argc > 3 && std::string(argv[3]) == "reserve";
  if (type == "double") return measure<double>(nodes, reserve);
  if (type == "mpfr50") {
    engine::set_working_digits(50);
    return measure<engine::Real>(nodes, reserve);
  }
  std::fprintf(stderr, "usage: chainrule_peak_rss [NODES] [double|mpfr50] [reserve]\n");
  return 2;
}
