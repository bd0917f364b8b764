// Words for what went wrong at a node: which definition it belongs to and its operands.
#pragma once

#include <string>
#include <string_view>

#include "engine/number.hpp"
#include "verify/derivation.hpp"

namespace chainrule::verify {

// "log of a non-positive number: log(-0.3), in the definition of 'E1'"
template <class T>
std::string describe_domain_error(const Derivation<T>& d, int statement, engine::Op op,
                                  NodeIndex a, NodeIndex b, std::string_view reason) {
  auto show = [&](NodeIndex n) { return engine::to_decimal(d.tape.value(n), 12); };
  const auto& rule = engine::rule<T>(op);
  std::string operation = rule.arity == 1
                              ? std::string(rule.name) + "(" + show(a) + ")"
                              : show(a) + " " + std::string(rule.name) + " " + show(b);
  std::string where = "in a claim";
  if (statement >= 0) {
    if (const auto* def = std::get_if<Definition>(&d.document.statements[statement]))
      where = "in the definition of '" + def->name + "'";
  }
  return std::string(reason) + ": " + operation + ", " + where;
}

}  // namespace chainrule::verify
