// The state `train` reached, in certified numbers. Training rounds every step at the working
// precision, as any program does (certifying 10,000 steps of intervals would lose every digit
// to the wrapping effect); the leaves it ends with are exact binary numbers. Every value
// printed afterwards is computed from them in certified arithmetic, so each printed digit is a
// correct digit of the trained state.
#pragma once

#include <optional>

#include "engine/certified.hpp"
#include "engine/number.hpp"
#include "tools/options.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

// The file compiled in Certified with its inputs set to `trained`'s, exactly; compiled again at
// twice the precision while a printed value has an uncertain digit (check's budget). Errors
// are printed; nullopt then.
std::optional<verify::Derivation<engine::Certified>> certified_state(
    const verify::Derivation<engine::Real>& trained, const Options& options);

// An MPFR number as the exact rational it is.
engine::Certified exactly(const engine::Real& value);

}  // namespace chainrule::tools
