// The missing-paths diagnosis with carried rounding: the author left out chain-rule paths and
// also worked from their own rounded numbers of earlier lines, so neither slip alone explains
// the claim. Proved by the hand recomputation (verify/hand.hpp) with one named edge of the
// derivative's paths left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "verify/derivation.hpp"
#include "verify/judge.hpp"

namespace chainrule::verify {

// For the derivative node `s` of claim k: each named edge X → Y on its chain-rule paths (at
// most kMaxDiagnosedPaths paths, so a few dozen edges) whose paths are some but not all,
// recomputed by hand without that edge, expanded upward and downward; counts each in `tried`.
// A MissingPaths diagnosis whose using_lines name the earlier claims used, or nullopt.
template <class T>
std::optional<Diagnosis> missing_paths_carried(const Derivation<T>& d, std::size_t k, NodeIndex s,
                                               const Published<T>& c, std::uint64_t& tried);

}  // namespace chainrule::verify
