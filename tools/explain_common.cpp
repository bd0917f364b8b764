#include "tools/explain_common.hpp"
#include "tools/input_file.hpp"

#include <algorithm>
#include <iostream>
#include <memory>

#include "tools/load.hpp"
#include "verify/query.hpp"

namespace chainrule::tools {

namespace {

// Whether d(of)/d(wrt) passes a derivative term whose own sweep is not recorded.
bool passes_unrecorded(const verify::Derivation<Real>& d, NodeIndex of, NodeIndex wrt) {
  if (wrt > of) return false;
  auto s = engine::sweep(d.tape, of);
  return s.incomplete(wrt);
}

bool passes_unrecorded_any(const verify::Derivation<Real>& d, NodeIndex of) {
  auto s = engine::sweep(d.tape, of);
  for (NodeIndex i = 0; i <= of; ++i)
    if (s.incomplete(i)) return true;
  return false;
}

std::optional<verify::Derivation<Real>> load_file(const ExplainOptions& options, bool record_all) {
  Options plain;
  plain.file = options.file;
  plain.digits = std::max(options.digits, 50);
  if (!record_all) return load<Real>(plain);
  verify::RecordAllDerivatives scope;
  return load<Real>(plain);
}

}  // namespace

Command make_explain_command(CLI::App& parent, const ExplainCommand& command) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* sub = parent.add_subcommand(command.name, command.help);
  add_file_option(*sub, options->file);
  if (command.before_digits) command.before_digits(*sub, *options);
  add_digits_option(*sub, options->digits, command.digits_help);
  if (command.after_digits) command.after_digits(*sub, *options);
  return {sub, [options, run = command.run] { return run(*options); }};
}

void set_precision_for(const ExplainOptions& options) {
  engine::set_working_digits(std::max(options.digits, 50));
}

std::optional<Loaded> load_with_query(const ExplainOptions& options, const std::string& query) {
  for (bool record_all : {false, true}) {
    auto d = load_file(options, record_all);
    if (!d) return std::nullopt;
    std::string why;
    verify::QueryProblem problem = verify::QueryProblem::None;
    auto resolved = verify::resolve_derivative(*d, query, why, &problem);
    if (!resolved) {
      if (problem == verify::QueryProblem::NotRecorded && !record_all) continue;
      std::cerr << input_name(options.file) << ": error: " << why << "\n";
      return std::nullopt;
    }
    if (!record_all && passes_unrecorded(*d, resolved->of, resolved->wrt)) continue;
    // An infinite local partial on the way makes the derivative meaningless: an error, as in
    // grad, naming the op where it arose.
    const auto swept = engine::sweep(d->tape, resolved->of);
    if (!engine::is_finite(swept[resolved->wrt])) {
      const std::string of(d->tape.name(resolved->of));
      auto error = verify::nonfinite_partial(*d, of.empty() ? query : of, swept);
      std::cerr << input_name(options.file)
                << ": error: " << error.value_or("the derivative " + query + " is not finite")
                << "\n";
      return std::nullopt;
    }
    return Loaded{std::move(*d), std::move(*resolved)};
  }
  return std::nullopt;
}

std::optional<verify::Derivation<Real>> load_differentiable(const ExplainOptions& options,
                                                            const std::string& of) {
  auto d = load_file(options, false);
  if (!d || of.empty()) return d;
  const verify::NamedValue* top = d->find(of);
  if (!top) {
    std::cerr << input_name(options.file) << ": error: " << verify::not_defined_message(*d, of)
              << "\n";
    return std::nullopt;
  }
  if (!passes_unrecorded_any(*d, top->node)) return d;
  return load_file(options, true);
}

std::string shown(const Real& value, int digits) {
  std::string text = engine::to_decimal(value, digits);
  // More digits exist when the value to every working digit differs from the shown one
  // (0.4176 computed in binary is 0.4176 to every working digit: no ellipsis).
  const int all = std::max(digits, engine::significant_digits<Real>());
  if (engine::to_decimal(value, all) != text) text += "\u2026";
  return text;
}

}  // namespace chainrule::tools
