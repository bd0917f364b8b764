// What every benchmark of the workload shares: its data in T, the hand-written result every
// variant must reproduce before it is timed, and the heap meter for bytes per node.
#pragma once

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/workload.hpp"
#include "engine/number.hpp"

namespace chainrule::bench {

void register_workload_benchmarks();
void register_scaling_benchmarks();

// The name a number type carries in benchmark names and in the table.
template <class T>
const char* type_name();
template <>
inline const char* type_name<double>() {
  return "double";
}
template <>
inline const char* type_name<engine::Real>() {
  return "mpfr50";
}
template <>
inline const char* type_name<engine::BinFloat50>() {
  return "bin50";
}

// How closely a variant must agree with hand-written backprop: summation orders differ, so
// not bit for bit, but far closer than any wrong derivative could.
template <class T>
double agreement() {
  return std::is_same_v<T, double> ? 1e-12 : 1e-40;
}

// One network, one batch, in T, and what hand-written backprop computes for it.
template <class T>
struct Case {
  Case(std::vector<std::size_t> sizes, std::size_t rows)
      : workload(make_workload(std::move(sizes), rows)), numbers(workload) {
    HandBackprop<T> hand(workload, numbers);
    std::vector<T> gradient(workload.parameters.size());
    expected = hand.gradient(numbers.parameters, gradient);
    if constexpr (std::is_same_v<T, double>) {
      if (workload.sizes == kIssueLayers && rows == kReferenceRows &&
          (relative_difference(expected.loss, kReferenceLoss) > 1e-13 ||
           relative_difference(expected.gradient_sum, kReferenceGradientSum) > 1e-13)) {
        std::fprintf(stderr, "hand-written backprop misses the issue's reference for B = 100\n");
        std::exit(EXIT_FAILURE);
      }
    }
  }
  std::size_t parameter_count() const { return workload.parameters.size(); }

  Workload workload;
  Numbers<T> numbers;
  Outcome<T> expected{0, 0};
};

// Stops the whole run when a variant computes something else than hand-written backprop:
// a benchmark of a wrong gradient is worse than none.
template <class T>
void require_same(const std::string& variant, const Outcome<T>& got, const Outcome<T>& expected) {
  const double loss_off = relative_difference(got.loss, expected.loss);
  const double sum_off = relative_difference(got.gradient_sum, expected.gradient_sum);
  if (loss_off <= agreement<T>() && sum_off <= agreement<T>()) return;
  std::fprintf(stderr,
               "MISMATCH in %s: E differs from hand-written by %.3g relative, the gradient sum "
               "by %.3g (allowed %.3g)\n",
               variant.c_str(), loss_off, sum_off, agreement<T>());
  std::exit(EXIT_FAILURE);
}

// The machine is shared, so besides the median (the issue's measure) every benchmark reports
// the minimum over its repetitions: the run least disturbed by other processes.
inline double minimum(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

// Bytes the allocator has handed out and not taken back (small chunks and mmapped ones).
inline std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

}  // namespace chainrule::bench
