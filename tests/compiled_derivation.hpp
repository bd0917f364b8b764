// Shared by the tests that compile a derivation file's text in Real and read its values and
// derivatives.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "engine/number.hpp"
#include "engine/tape.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::testing {

// The file compiled at the current working precision; the test fails on any error.
inline verify::Derivation<engine::Real> compiled(const std::string& text) {
  verify::ParseResult parsed = verify::parse(text, "f.chain");
  REQUIRE_MESSAGE(parsed.errors.empty(), (parsed.errors.empty() ? "" : parsed.errors[0].message));
  auto result = verify::compile_within_limits<engine::Real>(std::move(parsed.document));
  REQUIRE_MESSAGE(result.errors.empty(), (result.errors.empty() ? "" : result.errors[0].message));
  return std::move(*result.derivation);
}

inline engine::Real value_of(const verify::Derivation<engine::Real>& d, const std::string& name) {
  return d.tape.value(d.node_of(name));
}

// d(of)/d(wrt) by one reverse sweep.
inline engine::Real derivative_of(const verify::Derivation<engine::Real>& d, const std::string& of,
                                  const std::string& wrt) {
  return engine::sweep(d.tape, d.node_of(of))[d.node_of(wrt)];
}

}  // namespace chainrule::testing
