#include "tools/certified_state.hpp"

#include "tools/input_file.hpp"
#include "tools/load.hpp"
#include "verify/certify.hpp"
#include "verify/outcome.hpp"

namespace chainrule::tools {

engine::Certified exactly(const engine::Real& value) {
  engine::Certified::Rational q;
  mpfr_get_q(q.backend().data(), value.backend().data());
  return engine::Certified(q);
}

Result<verify::Derivation<engine::Certified>> certified_state(
    const verify::Document& document, const verify::Derivation<engine::Real>& trained,
    const Options& options) {
  auto state = compile_file<engine::Certified>(document, options, verify::RecordPolicy::AsNeeded);
  if (!state) return state;
  for (std::size_t i = 0; i < trained.named.size(); ++i) {
    if (!trained.named[i].is_input) continue;
    state->tape.set_value(state->named[i].node, exactly(trained.tape.value(trained.named[i].node)));
  }
  if (auto done = verify::reevaluate(*state); !done)
    return Failure{verify::format_error(input_name(options.file), done.error()) + "\n"};
  return state;
}

}  // namespace chainrule::tools
