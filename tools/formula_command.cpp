// `chainrule formula FILE 'dE/dw5'`: the derivative as one expression in the named nodes,
// e.g. (out_y1 - T1) * out_y1 * (1 - out_y1) * out_h1, which a derivation file can read back.
#include <iostream>

#include "engine/formula_tape.hpp"
#include "tools/command.hpp"
#include "tools/explain_common.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"

namespace chainrule::tools {

namespace {

// Past this many terms the text would be too long to read; explain factors it instead.
constexpr std::uint64_t kMaxPrintedTerms = 1'000'000;

int run_formula(const ExplainOptions& o) {
  set_precision_for(o);
  auto loaded = load_with_query(o, o.query);
  if (!loaded) return 2;
  const auto& d = loaded->derivation;
  const NodeIndex of = loaded->query.of, wrt = loaded->query.wrt;
  engine::TapeFormulas<Number> formulas(d.tape);
  auto& f = formulas.formula();
  try {
    engine::TermId term = f.number(Number(0));
    if (wrt <= of) {
      const NodeIndex seeds[] = {wrt};
      auto adjoints = formulas.adjoints(of, wrt, std::span<const NodeIndex>(seeds), false);
      if (!adjoints) {
        std::cerr << input_name(o.file) << ": error: " << o.query
                  << " passes a derivative term whose own sweep is not recorded\n";
        return 2;
      }
      if ((*adjoints)[0] != engine::kNoTerm) term = (*adjoints)[0];
    }
    const auto size = f.printed_size(term, kMaxPrintedTerms);
    if (size > kMaxPrintedTerms) {
      std::cerr << input_name(o.file) << ": error: the formula of " << o.query
                << " would have more than " << kMaxPrintedTerms
                << " terms written out; `chainrule explain` shows it factored\n";
      return 2;
    }
    if (o.json) {
      // The value beside the formula: the reverse sweep's, as grad prints it.
      const Number value = wrt <= of ? engine::sweep(d.tape, of)[wrt] : Number(0);
      std::cout << json_text({{"derivative", o.query},
                              {"formula", f.text(term, engine::FormulaStyle::Plain)},
                              {"latex", f.text(term, engine::FormulaStyle::Latex)},
                              {"digits", o.digits},
                              {"value", shown_in_full(value, o)}})
                << "\n";
      return 0;
    }
    std::cout << f.text(term, o.latex ? engine::FormulaStyle::Latex : engine::FormulaStyle::Plain)
              << "\n";
  } catch (const engine::FormulaTooLarge&) {
    std::cerr << input_name(o.file) << ": error: the formula of " << o.query
              << " is too large to build\n";
    return 2;
  }
  return 0;
}

}  // namespace

Command add_formula_command(CLI::App& parent) {
  return make_explain_command(
      parent, {.name = "formula",
               .help = "a derivative as one expression in the named nodes, simplified as by hand",
               .before_digits =
                   [](CLI::App& sub, ExplainOptions& o) {
                     sub.add_option("DERIVATIVE", o.query,
                                    "a derivative term: 'dE/dw5', 'd(dE/dw5)/dw1'")
                         ->required();
                   },
               .after_digits =
                   [](CLI::App& sub, ExplainOptions& o) {
                     auto* latex = sub.add_flag("--latex", o.latex, "print LaTeX");
                     sub.add_flag("--json", o.json,
                                  "print one JSON object: the formula, its LaTeX, its value")
                         ->excludes(latex);
                   },
               .digits_help = "working precision for the constants it prints (default 50)",
               .shows_digits = false,
               .run = run_formula});
}

}  // namespace chainrule::tools
