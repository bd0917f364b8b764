// Reverse over reverse: a reverse sweep recorded as ordinary tape nodes, each op's local
// partial built from its symbolic form in the op table. The recorded derivative is then a
// node like any other, so a sweep can differentiate it again: second derivatives, Hessians.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/tape.hpp"

namespace chainrule::engine {

// Records the reverse sweep seeded at `of` and returns, for each node in `wrts`, the node
// holding d(of)/d(that node) (a constant 0 where `of` does not depend on it). Only the part
// of the graph between the lowest of `wrts` and `of` that depends on one of them is recorded.
// nullopt when the sweep would pass a derivative node whose own sweep is not recorded.
template <class T>
std::optional<std::vector<NodeIndex>> record_adjoints(Tape<T>& tape, NodeIndex of,
                                                      std::span<const NodeIndex> wrts);

// d(of)/d(wrt) as a derivative node backed by its recorded sweep (Tape::recording), or
// nullopt as above.
template <class T>
std::optional<NodeIndex> record_derivative(Tape<T>& tape, NodeIndex of, NodeIndex wrt);

#define CHAINRULE_DECLARE_RECORDED_SWEEP(T)                                 \
  extern template std::optional<std::vector<NodeIndex>> record_adjoints<T>( \
      Tape<T>&, NodeIndex, std::span<const NodeIndex>);                     \
  extern template std::optional<NodeIndex> record_derivative<T>(Tape<T>&, NodeIndex, NodeIndex);
CHAINRULE_DECLARE_RECORDED_SWEEP(float)
CHAINRULE_DECLARE_RECORDED_SWEEP(double)
CHAINRULE_DECLARE_RECORDED_SWEEP(long double)
CHAINRULE_DECLARE_RECORDED_SWEEP(Real)
CHAINRULE_DECLARE_RECORDED_SWEEP(BinFloat50)
CHAINRULE_DECLARE_RECORDED_SWEEP(DecFloat50)
CHAINRULE_DECLARE_RECORDED_SWEEP(Certified)
#undef CHAINRULE_DECLARE_RECORDED_SWEEP

}  // namespace chainrule::engine
