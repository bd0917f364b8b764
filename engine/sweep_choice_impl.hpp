// Which loop a sweep takes: the general one (barriers, derivative nodes), the plain one that
// marks what the seed reaches, or, for a tape shape and seed swept before, the plan made for
// them (engine/sweep_plan.hpp); and the sweep a tape or an overlay keeps while its values stay.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <type_traits>

#include "engine/dot_kernels.hpp"
#include "engine/number.hpp"
#include "engine/sweep_impl.hpp"
#include "engine/sweep_plan.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {
namespace detail {

// The number types a plan sweeps (engine/sweep_plan.hpp): built-in ones, and Real, where
// copying a chain's adjoints rather than zeroing and adding to them spares two MPFR calls a
// node.
template <class T>
inline constexpr bool kPlannedSweep = kernels::kInRegisters<T> || std::is_same_v<T, Real>;

// Zeroes adjoint[first, end) as the general sweep does, by `= 0`: an MPFR adjoint keeps its
// precision (assigning a T(0) would give it today's default). Built-in numbers between two
// chains of a plan (mostly a sum's top and a sigmoid) are stored one by one: GCC turns any loop
// of stores into a call to memset, and one call per gap cost 6% of a planned sweep's time.
template <class T>
void zero_adjoints(T* adjoint, NodeIndex first, NodeIndex end) {
  if constexpr (!kernels::kInRegisters<T>) {
    for (NodeIndex n = first; n < end; ++n) adjoint[n] = 0;
  } else {
    switch (end - first) {
      case 4:
        adjoint[first + 3] = 0;
        [[fallthrough]];
      case 3:
        adjoint[first + 2] = 0;
        [[fallthrough]];
      case 2:
        adjoint[first + 1] = 0;
        [[fallthrough]];
      case 1:
        adjoint[first] = 0;
        [[fallthrough]];
      case 0:
        return;
      default:
        std::fill(adjoint + first, adjoint + end, T(0));
    }
  }
}

// A plain sweep of a tape whose marks `out` holds (the shape and seed of its last sweep), by
// the plan of that shape and seed, made the first time. The adjoints the plan's chains store
// are not zeroed first.
template <class T>
void sweep_planned(const Tape<T>& tape, NodeIndex of, const T* values, Sensitivities<T>& out) {
  SweepPlan& plan = out.plan;
  if (plan.shape != tape.shape_id() || plan.of != of) make_plan(tape, of, out.flags, plan);
  T* adjoint = out.adjoint.data();
  NodeIndex above = of + 1;  // nodes from here up are zeroed or stored by a chain
  for (const SweepPlan::Run& run : plan.runs) {
    if (run.pairs == 0) continue;
    zero_adjoints(adjoint, run.high, above);
    above = run.low;
  }
  zero_adjoints(adjoint, 0, above);
  adjoint[of] = 1;
  ReverseSweep<T>(tape, out, of, values).run_planned(plan);
}

// sweep() with the partials taken at `values` (one per node up to `of`), the tape's own
// values or those of an overlay (Tape::evaluate_with).
template <class T>
void sweep_at(const Tape<T>& tape, NodeIndex of, const T* values, Sensitivities<T>& out,
              std::span<const std::uint8_t> barrier) {
  const std::size_t count = static_cast<std::size_t>(of) + 1;
  const bool plain = barrier.empty() && !tape.has_derivative_nodes();
  // The marks of the last plain sweep of this tape from this node are the ones this one makes.
  const bool marked =
      plain && out.marked_shape == tape.shape_id() && out.of == of && out.flags.size() == count;
  out.of = of;
  out.nonfinite_partial = kNoNode;
  out.adjoint.resize(count);
  if constexpr (kPlannedSweep<T>) {
    if (marked) return sweep_planned(tape, of, values, out);
  }
  for (auto& a : out.adjoint) a = 0;
  if (!marked) out.flags.assign(count, Reach::None);
  out.adjoint[of] = 1;
  out.flags[of] = Reach::Reached;
  out.marked_shape = 0;
  ReverseSweep<T> reverse(tape, out, of, values);
  if (marked) {
    reverse.template run_plain<false>(of);
  } else if (plain) {
    reverse.template run_plain<true>(of);
  } else {
    reverse.run(of, barrier);
    return;
  }
  out.marked_shape = tape.shape_id();
}

// `kept`'s sweep from `of`, made unless it is from `of` already, at the values `values()` gives
// (one per node up to `of`; asked for only then). Made fresh, as a caller's own Sensitivities
// would be, so that the adjoints take today's default precision.
template <class T, class Values>
const Sensitivities<T>& sweep_kept(const Tape<T>& tape, NodeIndex of, KeptSweep<T>& kept,
                                   Values&& values) {
  if (kept.of != of) {
    kept.sensitivities = Sensitivities<T>{};
    sweep_at(tape, of, values(), kept.sensitivities, {});
    kept.of = of;
  }
  return kept.sensitivities;
}

}  // namespace detail

template <class T>
void sweep(const Tape<T>& tape, NodeIndex of, Sensitivities<T>& out,
           std::span<const std::uint8_t> barrier) {
  detail::sweep_at(tape, of, tape.values().data(), out, barrier);
}

}  // namespace chainrule::engine
