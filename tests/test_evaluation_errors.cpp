// Every error compiling and evaluating a well-formed file can raise, with its exact message
// and position: domain errors, overflow, literals a number type cannot hold, and the limits
// that keep a hostile file from exhausting memory or time. (The parser's errors are in
// test_parser_errors.cpp; the command's rendering of them in test_hostile_input.cpp.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/number.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

using namespace chainrule::verify;
using chainrule::engine::Real;

namespace {

// "LINE:COLUMN: MESSAGE" for each error compiling `text` in T.
template <class T>
std::vector<std::string> errors_in(const std::string& text, const CompileLimits& limits = {}) {
  chainrule::engine::set_working_digits(50);
  ParseResult parsed = parse(text, "f");
  REQUIRE_MESSAGE(parsed.errors.empty(), (parsed.errors.empty() ? "" : parsed.errors[0].message));
  const CompileResult<T> compiled = compile_within_limits<T>(std::move(parsed.document), limits);
  CHECK(compiled.derivation.has_value() == compiled.errors.empty());
  std::vector<std::string> out;
  for (const Diagnostic& d : compiled.errors)
    out.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.column) + ": " +
                  d.message);
  return out;
}

std::vector<std::string> one(std::string error) { return {std::move(error)}; }

// The same errors at the working precision and in IEEE double.
std::vector<std::string> in_both(const std::string& text) {
  auto real = errors_in<Real>(text);
  CHECK(errors_in<double>(text) == real);
  return real;
}

std::vector<std::string> in_both_with(const std::string& text, const CompileLimits& limits) {
  auto real = errors_in<Real>(text, limits);
  CHECK(errors_in<double>(text, limits) == real);
  return real;
}

}  // namespace

TEST_CASE("domain errors name the operation, its operand values and the definition") {
  // Folded at compile time (constant operands) and found evaluating the graph alike.
  CHECK(in_both("x = 1\ny = log(x - 1)") ==
        one("2:5: log of a non-positive number: log(0), in the definition of 'y'"));
  CHECK(in_both("x = 0.3\ny = 2 * log(-x)") ==
        one("2:9: log of a non-positive number: log(-0.3), in the definition of 'y'"));
  // A folded constant's error points at the operand that is out of the domain.
  CHECK(in_both("y = log(0)") ==
        one("1:9: log of a non-positive number: log(0), in the definition of 'y'"));
  CHECK(in_both("x = 2\ny = sqrt(1 - x)") ==
        one("2:5: sqrt of a negative number: sqrt(-1), in the definition of 'y'"));
  CHECK(in_both("x = 0.25\ny = 3 / (x - 0.25)") ==
        one("2:5: division by zero: 3 / 0, in the definition of 'y'"));
  CHECK(in_both("y = 1/0") == one("1:5: division by zero: 1 / 0, in the definition of 'y'"));
  CHECK(in_both("x = 0\ny = x^0") == one("2:5: 0^0 is undefined: 0 ^ 0, in the definition of 'y'"));
  CHECK(in_both("y = 0^0") == one("1:5: 0^0 is undefined: 0 ^ 0, in the definition of 'y'"));
  CHECK(in_both("x = 0\ny = x^-2") ==
        one("2:5: zero to a negative power: 0 ^ -2, in the definition of 'y'"));
  CHECK(in_both("x = -8\ny = x^(1/3)") ==
        one("2:5: negative base with a non-integer exponent: -8 ^ 0.333333333333, in the "
            "definition of 'y'"));
  CHECK(in_both("x = -2\np = 0.5\ny = x^p") ==
        one("3:5: a power with a variable exponent needs a positive base: -2 ^ 0.5, in the "
            "definition of 'y'"));
  CHECK(in_both("x = -2\ny = pow(x, x)") ==
        one("2:5: a power with a variable exponent needs a positive base: -2 ^ -2, in the "
            "definition of 'y'"));
  CHECK(in_both("x = 1\ncheck log(x - 1) = 0") ==
        one("2:7: log of a non-positive number: log(0), in a claim"));
  CHECK(in_both("x = -8\ny = x^3\nz = x^-1").empty());  // integer exponents of a negative base
}

TEST_CASE("overflow to infinity is named, in IEEE double and at the working precision") {
  CHECK(errors_in<double>("x = 710\ny = exp(x)") ==
        one("2:5: overflow to infinity in IEEE double: exp(710), in the definition of 'y'"));
  CHECK(errors_in<Real>("x = 710\ny = exp(x)").empty());  // e^710 is a 309-digit number
  CHECK(errors_in<double>("x = 1e200\ny = x * x") ==
        one("2:5: overflow to infinity in IEEE double: 1e+200 * 1e+200, in the definition of 'y'"));
  CHECK(errors_in<Real>("x = 1e200\ny = x * x").empty());
  // The exponent range is widened to MPFR's largest, 2^(±(2^62 - 1)) or about 10^(±1.4*10^18):
  // 10^(4*10^8) fits, e^(10^100000000) does not.
  CHECK(errors_in<Real>("x = 1e100000000\ny = x * x * x * x").empty());
  CHECK(errors_in<Real>("x = 1e100000000\ny = exp(x)") ==
        one("2:5: overflow beyond the exponent range of the working precision: exp(1e+100000000), "
            "in the definition of 'y'"));
  CHECK(errors_in<double>("y = exp(1000)") ==
        one("1:5: overflow to infinity in IEEE double: exp(1000), in the definition of 'y'"));
}

TEST_CASE("literals a number type cannot hold") {
  CHECK(errors_in<double>("x = 1e400") ==
        one("1:5: the number 1e400 is too large for IEEE double"));
  CHECK(errors_in<double>("x = 2.5e-400") ==
        one("1:5: the number 2.5e-400 is too small for IEEE double: it would be read as 0"));
  CHECK(errors_in<Real>("x = 1e400\ny = 2.5e-400").empty());
  CHECK(errors_in<double>("x = 0e999\ny = 0.000e-999").empty());  // zero is zero
  CHECK(in_both("x = 1e1000000000") ==
        one("1:5: the exponent of 1e1000000000 is out of range (at most 100000000 either way)"));
  CHECK(in_both("x = 1e-99999999999999999999999") ==
        one("1:5: the exponent of 1e-99999999999999999999999 is out of range (at most "
            "100000000 either way)"));
  CHECK(in_both("x = 2\ncheck x = 2e123456789012") ==
        one("2:11: the exponent of 2e123456789012 is out of range (at most 100000000 either "
            "way)"));
  CHECK(errors_in<double>("x = 2\ncheck x = -1e999") ==
        one("2:11: the number -1e999 is too large for IEEE double"));
  CHECK(
      errors_in<double>("x = 2\ncheck x = 1.5e-323") ==
      one("2:11: the last written place of 1.5e-323 (1e-324) is out of the range of IEEE double"));
}

TEST_CASE("limits on the graph: nodes, sweeps, substitution depth") {
  CompileLimits small;
  small.max_nodes = 12;
  // x: 2 nodes (the literal, the input); y: 7 products and maybe a node of its own, 10 in
  // all; z would add 4 more: 14 > 12.
  CHECK(in_both_with("x = 1\ny = x*x*x*x*x*x*x*x\nz = y*y*y*y", small) ==
        one("3:1: the graph could grow to 14 nodes here, more than the limit of 12 at this "
            "precision"));
  // Each level of y_k = y_(k-1)[x := x + 1] * y_(k-1) doubles the graph: 30 levels would need
  // 2^30 nodes; the default limit stops it long before memory runs out.
  std::string doubling = "x = 0.5\ny0 = x * x";
  for (int k = 1; k <= 30; ++k)
    doubling += "\ny" + std::to_string(k) + " = y" + std::to_string(k - 1) + "[x := x + 1] * y" +
                std::to_string(k - 1);
  const auto errors = errors_in<Real>(doubling);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(": the graph could grow to ") != std::string::npos);
  // The default limit is what 1 GiB holds at 50 digits: millions of nodes, not billions.
  const std::size_t limit = graph_node_limit<Real>(CompileLimits{});
  CHECK(limit > 2'000'000);
  CHECK(limit <= kMaxGraphNodes);
  CHECK(errors[0].find("more than the limit of " + std::to_string(limit) + " at this precision") !=
        std::string::npos);

  CompileLimits sweeps;
  sweeps.max_sweep_visits = 15;
  // x = 2 takes 2 nodes and y 8 more: y is defined when the graph has (at most) 10 nodes, and
  // a sweep from y visits at most 11. Terms of y in a row share one sweep (Tape::swept_from):
  // 11, within 15.
  CHECK(in_both_with("x = 2\ny = x*x*x*x*x*x*x*x\ng = dy/dx\nh = dy/dx", sweeps).empty());
  // dx/dx between them sweeps from x (2 + 1 = 3 visits: 14), and then d(y)/d(x) needs its
  // sweep again: 14 + 11 = 25 crosses 15, at the statement on line 5.
  CHECK(in_both_with("x = 2\ny = x*x*x*x*x*x*x*x\ng = dy/dx\nk = dx/dx\nh = dy/dx", sweeps) ==
        one("5:5: the derivative terms up to here could sweep 25 graph nodes in all, more than "
            "the limit of 15 at this precision"));

  CompileLimits shallow;
  shallow.max_substitution_depth = 2;
  CHECK(in_both_with("x = 1\na = x*2\nb = a[x := 3]\nc = b[x := 4] + b\nd = c[x := 5]\ne = d + 1",
                     shallow) ==
        one("5:5: substitutions nested 3 deep, counting those in the definitions used (limit 2)"));
  CHECK(in_both_with("x = 1\na = x*2\nb = a[x := a[x := a[x := 2]]]", shallow) ==
        one("3:5: substitutions nested 3 deep, counting those in the definitions used (limit 2)"));
}
