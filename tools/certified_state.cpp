#include "tools/certified_state.hpp"

#include <algorithm>
#include <iostream>

#include "tools/input_file.hpp"
#include "tools/load.hpp"
#include "verify/certify.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

engine::Certified exactly(const engine::Real& value) {
  engine::Certified::Rational q;
  mpfr_get_q(q.backend().data(), value.backend().data());
  return engine::Certified(q);
}

namespace {

// Sets every input of `state` to the trained value and recomputes the rest.
bool take_inputs(verify::Derivation<engine::Certified>& state,
                 const verify::Derivation<engine::Real>& trained, const Options& options) {
  for (std::size_t i = 0; i < trained.named.size(); ++i) {
    if (!trained.named[i].is_input) continue;
    state.tape.set_value(state.named[i].node, exactly(trained.tape.value(trained.named[i].node)));
  }
  if (auto error = verify::reevaluate(state)) {
    std::cerr << verify::format_diagnostic(input_name(options.file), *error) << "\n";
    return false;
  }
  return true;
}

bool printed_digits_certain(const verify::Derivation<engine::Certified>& state, int digits) {
  return std::all_of(state.named.begin(), state.named.end(), [&](const verify::NamedValue& n) {
    return engine::certain_digits(state.tape.value(n.node), digits) >= digits;
  });
}

}  // namespace

std::optional<verify::Derivation<engine::Certified>> certified_state(
    const verify::Derivation<engine::Real>& trained, const Options& options) {
  Options at = options;
  std::optional<verify::Derivation<engine::Certified>> state;
  for (int doubling = 0;; ++doubling) {
    auto again = load<engine::Certified>(at);
    if (!again || !take_inputs(*again, trained, options))
      return state ? std::move(state) : std::nullopt;
    state = std::move(again);
    if (printed_digits_certain(*state, options.digits) ||
        doubling == verify::kMaxPrecisionDoublings || at.digits >= verify::kMaxCertifiedDigits)
      return state;
    at.digits = std::min(2 * (at.digits + engine::kGuardDigits), verify::kMaxCertifiedDigits);
  }
}

}  // namespace chainrule::tools
