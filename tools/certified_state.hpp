// The state `train` reached, in certified numbers. Training rounds every step at the working
// precision, as any program does (certifying 10,000 steps of intervals would lose every digit
// to the wrapping effect); the leaves it ends with are exact binary numbers. Every value
// printed afterwards is computed from them in certified arithmetic, so each printed digit is a
// correct digit of the trained state.
#pragma once

#include "engine/certified.hpp"
#include "engine/number.hpp"
#include "tools/options.hpp"
#include "tools/result.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

// The file's `document` compiled in Certified at options.digits with its inputs set to
// `trained`'s, exactly, and every other value recomputed from them; or the errors of either.
// (report_train raises the precision while a printed value has an uncertain digit.)
Result<verify::Derivation<engine::Certified>> certified_state(
    const verify::Document& document, const verify::Derivation<engine::Real>& trained,
    const Options& options);

// An MPFR number as the exact rational it is.
engine::Certified exactly(const engine::Real& value);

}  // namespace chainrule::tools
