// chainrule_bench: the workload of issue 6 against hand-written backprop and ADOL-C, and the
// engine's cost per node as graphs grow. bench/run.sh runs it and writes bench/README.md.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "bench/cases.hpp"

namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  // mpfr50 is engine::Real as the command uses it: 50 digits plus the guard digits, and the
  // hand-written limit computes in the same type at the same precision.
  chainrule::engine::set_working_digits(50);
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext(
      "mpfr50_precision",
      std::to_string(chainrule::engine::Real::default_precision()) + " decimal digits");
  benchmark::AddCustomContext("compiler", __VERSION__);
  chainrule::bench::register_workload_benchmarks();
  chainrule::bench::register_scaling_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
