// What explain, formula, hessian and dot share: their options and how they are declared, the
// working precision for the digits they show, and loading a file with the derivative a
// command asks about.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/number.hpp"
#include "tools/command.hpp"
#include "verify/derivation.hpp"
#include "verify/derivative_query.hpp"

namespace chainrule::tools {

struct ExplainOptions {
  std::string file;
  std::string query;  // explain, formula: the derivative term
  int digits = 10;    // significant digits shown; the work is done at max(digits, 50)
  bool latex = false;
  bool json = false;
  std::string of;              // hessian, dot
  std::string wrt;             // hessian
  bool all_nodes = false;      // dot
  std::string svg, png;        // dot
  std::size_t max_paths = 32;  // explain
};

using Real = engine::Real;
using engine::NodeIndex;

// One of explain, formula, hessian and dot. Its help lists FILE, the command's own options
// added by `before_digits`, --digits, then those added by `after_digits`: the order the
// commands always had, which is also the order CLI11 reports missing options in.
struct ExplainCommand {
  using AddOptions = std::function<void(CLI::App&, ExplainOptions&)>;
  std::string name;
  std::string help;
  AddOptions before_digits;
  AddOptions after_digits;
  std::string digits_help = "significant digits shown (default 10; work at least at 50)";
  std::function<int(const ExplainOptions&)> run;
};

// Adds the command to `parent`; its options live as long as the returned command, since
// CLI11 writes into them while parsing.
Command make_explain_command(CLI::App& parent, const ExplainCommand& command);

// Sets the working precision for showing `digits` digits: at least 50 significant digits.
void set_precision_for(const ExplainOptions& options);

// Loads options.file (errors printed as every command prints them) and, when `query` is not
// empty, resolves it. When the derivative needs a derivative term of the file to be
// differentiated, the file is loaded again with every derivative term recorded.
struct Loaded {
  verify::Derivation<Real> derivation;
  verify::DerivativeQuery query;
};
std::optional<Loaded> load_with_query(const ExplainOptions& options, const std::string& query);

// Loads the file with every derivative term that `of` depends on differentiable, or nullopt
// (an empty `of` loads it as it is).
std::optional<verify::Derivation<Real>> load_differentiable(const ExplainOptions& options,
                                                            const std::string& of);

// A value with `digits` significant digits and "…" when digits were cut off.
std::string shown(const Real& value, int digits);

}  // namespace chainrule::tools
