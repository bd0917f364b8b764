// Words for what went wrong at a node: which definition it belongs to and its operands.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "engine/number.hpp"
#include "verify/derivation.hpp"

namespace chainrule::verify {

// A result that is not finite although the operands were in the op's domain: overflow to
// infinity (exp(710) in double), or NaN (from operands that were not finite themselves).
template <class T>
std::string nonfinite_reason(const T& result) {
  using boost::multiprecision::isnan;
  using std::isnan;
  if (isnan(result)) return "the result is not a number (NaN)";
  if constexpr (std::is_same_v<T, double>)
    return "overflow to infinity in IEEE double";
  else
    return "overflow beyond the exponent range of the working precision";
}

// "log of a non-positive number: log(-0.3), in the definition of 'E1'"
template <class T>
std::string describe_domain_error(const Derivation<T>& d, int statement, engine::Op op, NodeIndex a,
                                  NodeIndex b, std::string_view reason) {
  auto show = [&](NodeIndex n) { return engine::to_decimal(d.tape.value(n), 12); };
  const auto& rule = engine::rule<T>(op);
  std::string why(reason);
  if (reason == "the result is not finite" && rule.forward != nullptr) {
    static const T zero(0);
    why = nonfinite_reason<T>(
        rule.forward(d.tape.value(a), b == engine::kNoNode ? zero : d.tape.value(b)));
  }
  std::string operation = rule.arity == 1 ? std::string(rule.name) + "(" + show(a) + ")"
                                          : show(a) + " " + std::string(rule.name) + " " + show(b);
  std::string where = "in a claim";
  if (statement >= 0) {
    if (const auto* def = std::get_if<Definition>(&d.document.statements[statement]))
      where = "in the definition of '" + def->name + "'";
  }
  return why + ": " + operation + ", " + where;
}

}  // namespace chainrule::verify
