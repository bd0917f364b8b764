// The factor diagnosis: one local partial of a derivative term's chain-rule paths written
// wrongly (left out, negated, or a common slip), every path kept.
#pragma once

#include <cstdint>
#include <optional>

#include "verify/derivation.hpp"
#include "verify/judge.hpp"

namespace chainrule::verify {

// Tries, for the derivative node `s`, every named local partial ∂X/∂Y on its chain-rule paths
// (at most kMaxDiagnosedPaths of them) with each slip that applies to it, at most
// kMaxFactorCandidates in all; counts each recomputed claim in `tried`. The derivative with
// partial p replaced by p' is d + (p' − p)·K, K the sum over the paths through ∂X/∂Y of the
// product of their other partials (= dA/dX·dY/dB over those paths).
template <class T>
std::optional<Diagnosis> factor_slip(const Derivation<T>& d, NodeIndex s, NodeIndex claim_node,
                                     const Published<T>& c, std::uint64_t& tried);

}  // namespace chainrule::verify
