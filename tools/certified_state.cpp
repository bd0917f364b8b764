#include "tools/certified_state.hpp"

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

}  // namespace

std::optional<verify::Derivation<engine::Certified>> certified_state(
    const verify::Derivation<engine::Real>& trained, const Options& options) {
  const auto document = parse_file(options);
  if (!document) return std::nullopt;
  Options at = options;
  std::optional<verify::Derivation<engine::Certified>> state;
  for (int raises = 0;; ++raises) {
    auto again = compile_file<engine::Certified>(*document, at, verify::RecordPolicy::AsNeeded);
    if (!again || !take_inputs(*again, trained, options))
      return state ? std::move(state) : std::nullopt;
    state = std::move(again);
    if (verify::named_values_certain(*state, options.digits) ||
        !verify::may_raise(raises, at.digits))
      return state;
    at.digits = verify::raised_digits(at.digits);
  }
}

}  // namespace chainrule::tools
