// What explain, formula, hessian and dot share: their options and how they are declared, the
// working precision for the digits they show, and loading a file with the derivative a
// command asks about.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/certified.hpp"
#include "engine/number.hpp"
#include "tools/result.hpp"
#include "verify/derivation.hpp"
#include "verify/derivative_query.hpp"

namespace chainrule::tools {

struct ExplainOptions {
  std::string file;
  std::string query;  // explain, formula: the derivative term
  int digits = 50;    // the working precision, as in check, eval and grad
  int show = 10;      // significant digits shown (explain, hessian, dot)
  bool latex = false;
  bool json = false;
  std::string of;              // hessian, dot
  std::string wrt;             // hessian
  bool all_nodes = false;      // dot
  std::string svg, png;        // dot
  std::size_t max_paths = 32;  // explain
  int working_digits = 0;      // 0: max(digits, show); with_certain_digits raises it
};

// Every value these commands print is certified: an interval (and the exact rational while
// there is one), so a digit shown is a digit proved (engine/certified.hpp).
using Number = engine::Certified;
using engine::NodeIndex;

// The working precision: --digits, or --show when that is more, or more again when
// with_certain_digits asks for it.
int working_digits(const ExplainOptions& options);
void set_precision_for(const ExplainOptions& options);

// Runs one of these commands and prints what it printed. When a value it showed has fewer
// certain digits than it shows (cancellation ate them), it runs again at twice the working
// precision, and prints only that run's output: Ziv's strategy, within check's budget
// (verify/certify.hpp). Past the budget, the values show only their certain digits.
int with_certain_digits(const ExplainOptions& options,
                        const std::function<int(const ExplainOptions&)>& run);

// Loads options.file and resolves `query` in it; the errors of either are the lines to print,
// as every command prints them. When the derivative would need a derivative term of the file to be
// differentiated, the file is compiled with every derivative term recorded (decided before
// compiling: verify/record_plan.hpp).
struct Loaded {
  verify::Derivation<Number> derivation;
  verify::DerivativeQuery query;
};
Result<Loaded> load_with_query(const ExplainOptions& options, const std::string& query);

// Loads the file with every derivative term that `of` depends on differentiable (an empty `of`
// loads it as it is); decided before compiling, as above. An error when `of` is not defined.
Result<verify::Derivation<Number>> load_differentiable(const ExplainOptions& options,
                                                       const std::string& of);

// A value with `digits` significant digits and "…" when digits were cut off; only certain
// digits, and when fewer than `digits` are, with_certain_digits learns of it.
std::string shown(const Number& value, int digits);
// --digits digits (for --json, as check --json prints them), certain ones only, counted the
// same way.
std::string shown_in_full(const Number& value, const ExplainOptions& options);

}  // namespace chainrule::tools
