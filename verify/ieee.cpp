#include "verify/ieee.hpp"

#include "verify/derivation.hpp"

namespace chainrule::verify {

namespace {

template <class F>
std::optional<std::vector<double>> claim_values(const Document& document) {
  CompileResult<F> compiled = compile<F>(document, RecordPolicy::AsNeeded);
  if (!compiled.derivation) return std::nullopt;
  std::vector<double> values;
  for (NodeIndex node : compiled.derivation->claim_nodes)
    values.push_back(static_cast<double>(compiled.derivation->tape.value(node)));
  return values;
}

}  // namespace

const IeeeValues& IeeeEvaluations::of(const Document& document) {
  if (!values_) values_ = IeeeValues{claim_values<float>(document), claim_values<double>(document)};
  return *values_;
}

}  // namespace chainrule::verify
