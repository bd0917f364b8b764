// `chainrule formula FILE 'dE/dw5'`: the derivative as one expression in the named nodes,
// e.g. (out_y1 - T1) * out_y1 * (1 - out_y1) * out_h1, which a derivation file can read back.
#include <algorithm>
#include <iostream>
#include <optional>

#include "engine/formula_tape.hpp"
#include "tools/explain_common.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"
#include "tools/runs.hpp"

namespace chainrule::tools {

namespace {

// Past this many terms the text would be too long to read; explain factors it instead.
constexpr std::uint64_t kMaxPrintedTerms = 1'000'000;

// A loss over a data table's rows, L = mean(E) (or sum), differentiated by something that is
// not per row: the formula is mean(dE/dw's formula), the per-row chain once in row 1's names,
// which reads back as the mean over the rows (verify/parse_rows.cpp). The aggregate, or none.
std::optional<verify::DataTable::Aggregate> by_row(const verify::Derivation<Number>& d,
                                                   NodeIndex of, NodeIndex wrt) {
  const auto& data = d.document.data;
  if (!data) return std::nullopt;
  const std::string wrt_name(d.tape.name(wrt));
  if (wrt_name.find('@') != std::string::npos ||
      std::find(data->per_row.begin(), data->per_row.end(), wrt_name) != data->per_row.end())
    return std::nullopt;
  if (!d.tape.has_name(of)) return std::nullopt;
  const auto found = data->aggregates.find(std::string(d.tape.name(of)));
  if (found == data->aggregates.end()) return std::nullopt;
  // mean(F) reads back as F's copies for each row only when E reads its own row alone.
  if (std::find(data->row_local.begin(), data->row_local.end(), found->second.of) ==
      data->row_local.end())
    return std::nullopt;
  return found->second;
}

std::string aggregate_text(const verify::DataTable::Aggregate& a, const std::string& inner,
                           engine::FormulaStyle style) {
  const std::string name = a.mean ? "mean" : "sum";
  if (style == engine::FormulaStyle::Latex)
    return "\\operatorname{" + name + "}\\left(" + inner + "\\right)";
  return name + "(" + inner + ")";
}

}  // namespace

int run_formula(const ExplainOptions& o) {
  set_precision_for(o);
  auto loaded = load_with_query(o, o.query);
  if (!loaded) {
    std::cerr << loaded.error();
    return 2;
  }
  const auto& d = loaded->derivation;
  const NodeIndex wrt = loaded->query.wrt;
  const auto aggregate = by_row(d, loaded->query.of, wrt);
  const NodeIndex of = aggregate ? d.node_of(aggregate->of) : loaded->query.of;
  auto text = [&](const std::string& inner, engine::FormulaStyle style) {
    return aggregate ? aggregate_text(*aggregate, inner, style) : inner;
  };
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
      const NodeIndex top = loaded->query.of;
      const Number value = wrt <= top ? engine::sweep(d.tape, top)[wrt] : Number(0);
      std::cout << json_text({{"derivative", o.query},
                              {"formula", text(f.text(term, engine::FormulaStyle::Plain),
                                               engine::FormulaStyle::Plain)},
                              {"latex", text(f.text(term, engine::FormulaStyle::Latex),
                                             engine::FormulaStyle::Latex)},
                              {"digits", o.digits},
                              {"value", shown_in_full(value, o)}})
                << "\n";
      return 0;
    }
    const auto style = o.latex ? engine::FormulaStyle::Latex : engine::FormulaStyle::Plain;
    std::cout << text(f.text(term, style), style) << "\n";
  } catch (const engine::FormulaTooLarge&) {
    std::cerr << input_name(o.file) << ": error: the formula of " << o.query
              << " is too large to build\n";
    return 2;
  }
  return 0;
}

}  // namespace chainrule::tools
