// The arithmetic of a Dot node, Σ wₖ·xₖ, forward and reverse: the loops where a network's
// time goes. They run over raw pointers and indices held in locals, so that the compiler need
// not reload them after each store into the adjoints. Built-in floating types keep the running
// sum and the seed in registers; Boost numbers work in place through one scratch value, since
// a copy would allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "engine/number.hpp"

namespace chainrule::engine::kernels {

using Index = std::uint32_t;

template <class T>
inline constexpr bool kInRegisters = std::is_floating_point_v<T>;

// r = Σ values[w[k]]·values[x[k]], summed left to right (the order of w0x0 + w1x1 + ...).
// `values` is a T* or anything indexed like one (a tape's values under an overlay).
template <class T, class Values>
void dot_forward(T& r, const Values& values, const Index* w, const Index* x, std::size_t n,
                 T& scratch) {
  if constexpr (kInRegisters<T>) {
    T sum = values[w[0]] * values[x[0]];
    for (std::size_t k = 1; k < n; ++k) sum += values[w[k]] * values[x[k]];
    r = sum;
  } else {
    multiply_into(r, values[w[0]], values[x[0]]);
    for (std::size_t k = 1; k < n; ++k) add_product(r, values[w[k]], values[x[k]], scratch);
  }
}

// adjoint[w[k]] += seed·values[x[k]] and adjoint[x[k]] += seed·values[w[k]], marking both
// (unless kMark is false: a sweep that knows the marks already stores none).
template <bool kMark = true, class T, class Flag>
void dot_reverse(const T& seed, T* adjoint, Flag* flags, Flag mark, const T* values, const Index* w,
                 const Index* x, std::size_t n, T& scratch) {
  // A built-in seed in a register (a store to an adjoint could otherwise be a store to it).
  using Seed = std::conditional_t<kInRegisters<T>, const T, const T&>;
  Seed s = seed;
  for (std::size_t k = 0; k < n; ++k) {
    const Index wk = w[k], xk = x[k];
    if constexpr (kInRegisters<T>) {
      adjoint[wk] += s * values[xk];
      adjoint[xk] += s * values[wk];
    } else {
      add_product(adjoint[wk], s, values[xk], scratch);
      add_product(adjoint[xk], s, values[wk], scratch);
    }
    if constexpr (kMark) {
      flags[wk] |= mark;
      flags[xk] |= mark;
    } else {
      (void)flags;
      (void)mark;
    }
  }
}

}  // namespace chainrule::engine::kernels
