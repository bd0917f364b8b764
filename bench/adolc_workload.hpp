// The workload taped by ADOL-C (the peer), in double: its header stays out of everything else.
#pragma once

#include <cstddef>
#include <span>

#include "bench/workload.hpp"

namespace chainrule::bench {

// An ADOL-C tape of E under one tag, kept in memory: its buffers are sized from the engine's
// node count, and recording fails loudly if ADOL-C ever spills a tape to a file.
class AdolcTape {
 public:
  AdolcTape(short tag, std::size_t engine_nodes) : tag_(tag), capacity_(4 * engine_nodes + 4096) {}

  // Records E at `parameters` and keeps the values for one reverse sweep: returns E.
  double record(const Workload& w, const Numbers<double>& data, std::span<const double> parameters);
  // dE/dp over the values the last record() kept (a first-order reverse sweep).
  void reverse(std::span<double> gradient);
  // E and dE/dp at new parameters over the recorded tape: a forward and a reverse sweep.
  double gradient(std::span<const double> parameters, std::span<double> gradient);
  std::size_t operations() const;

 private:
  short tag_;
  unsigned capacity_;
};

}  // namespace chainrule::bench
