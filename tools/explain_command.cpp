// `chainrule explain FILE 'dE/dw1'`: every chain-rule path over the named nodes, each local
// partial as a formula and a number, the products, the sum, and the factored form.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <utility>

#include "tools/explain_common.hpp"
#include "tools/explain_json.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"
#include "tools/runs.hpp"
#include "tools/terminal.hpp"
#include "verify/explain.hpp"

namespace chainrule::tools {

namespace {

using engine::FormulaStyle;
using engine::NodeIndex;
using Explanation = verify::Explanation<Number>;
using Path = verify::ExplainedPath<Number>;

class Printer {
 public:
  // `per_row`: the names with a copy per row of a data table (verify::DataTable::per_row).
  Printer(const Explanation& e, const ExplainOptions& o, std::set<std::string> per_row)
      : e_(e), o_(o), per_row_(std::move(per_row)) {}

  void print() {
    if (o_.latex) return print_latex();
    std::cout << sensitivity(e_.of, e_.wrt) << " = " << number(e_.value) << "  (computed at "
              << working_digits(o_) << " significant digits)\n";
    if (e_.path_count == 0) {
      std::cout << "\n"
                << e_.name(e_.of) << " does not depend on " << e_.name(e_.wrt)
                << " through the named nodes: the derivative is 0\n";
      return;
    }
    if (e_.path_count > verify::kMaxCountedPaths) std::cout << "more than ";
    std::cout << std::min(e_.path_count, verify::kMaxCountedPaths)
              << (e_.path_count == 1 ? " chain-rule path" : " chain-rule paths") << " from "
              << e_.name(e_.wrt) << " up to " << e_.name(e_.of)
              << " over the named nodes (anonymous steps folded into the local partials)\n";
    if (e_.paths.empty()) return print_accumulation();
    // A path that is an earlier path's chain in another row of a data table (the same names
    // but for their @r) is not written out again: the per-row chain is shown once.
    std::map<std::string, std::size_t> first_of_chain;
    for (std::size_t k = 0; k < e_.paths.size(); ++k) {
      const auto [found, added] = first_of_chain.emplace(chain_in_any_row(e_.paths[k]), k);
      if (added || !is_row_copy(e_.paths[found->second], e_.paths[k])) {
        print_path(e_.paths[k], k);
      } else {
        std::cout << "\npath " << k + 1 << ": " << chain(e_.paths[k]) << "\n  path "
                  << found->second + 1 << "'s chain in row " << row_of(e_.paths[k])
                  << ": the product is " << number(e_.paths[k].product) << "\n";
        by_row_ = true;
      }
    }
    by_row_ ? print_sum_by_row() : print_sum();
    print_factored();
  }

 private:
  std::string number(const Number& v) const { return shown(v, o_.show); }
  std::string signed_number(const Number& v) const {
    return v < 0 ? "(" + number(v) + ")" : number(v);
  }
  std::string partial(NodeIndex from, NodeIndex to) const {
    return "\u2202" + e_.name(from) + "/\u2202" + e_.name(to);
  }
  std::string sensitivity(NodeIndex of, NodeIndex wrt) const {
    return verify::derivative_text(e_.name(of), e_.name(wrt));
  }
  std::string chain(const Path& p) const {
    std::string text;
    for (NodeIndex n : p.nodes) text += (text.empty() ? "" : " \u2190 ") + e_.name(n);
    return text;
  }

  // A data table's row copies (verify/parse_rows.cpp): out_h1@2 is row 2's out_h1, and a
  // name without '@' and digits is row 1's.
  static std::pair<std::string, std::string> split_row(const std::string& name) {
    const auto [base, row] = verify::split_row_name(name);
    return {std::string(base), row.empty() ? "1" : std::string(row)};
  }
  std::string chain_in_any_row(const Path& p) const {
    std::string key;
    for (NodeIndex n : p.nodes) key += split_row(e_.name(n)).first + "\n";
    return key;
  }
  // Whether `p` is `first`'s chain in another row: node by node the same node where that is
  // the same in every row (w5, L), and the copy NAME@r where `first` has a per-row NAME, one r
  // for the whole path. Two paths through `s = out_h1@2 - out_h1` have the same names but for
  // an @2, and are not that.
  bool is_row_copy(const Path& first, const Path& p) const {
    if (first.nodes.size() != p.nodes.size()) return false;
    std::string row;
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      const std::string a = e_.name(first.nodes[i]), b = e_.name(p.nodes[i]);
      const bool per_row = per_row_.contains(a);
      if (a == b) {
        if (per_row) return false;
        continue;
      }
      const auto [base, r] = split_row(b);
      if (!per_row || base != a || r == "1" || (!row.empty() && r != row)) return false;
      row = r;
    }
    return !row.empty();
  }
  std::string row_of(const Path& p) const {
    for (NodeIndex n : p.nodes)
      if (auto [name, row] = split_row(e_.name(n)); row != "1") return row;
    return "1";
  }

  // The sum of the paths row by row, then of the rows, wrapped to the width of the partials'
  // lines: a table of a hundred rows makes a long sum, never a long line.
  void print_sum_by_row() {
    std::vector<std::string> rows;
    std::map<std::string, std::vector<std::size_t>> paths_of;
    for (std::size_t k = 0; k < e_.paths.size(); ++k) {
      const std::string row = row_of(e_.paths[k]);
      if (!paths_of.contains(row)) rows.push_back(row);
      paths_of[row].push_back(k);
    }
    std::cout << "\n" << sensitivity(e_.of, e_.wrt) << " = the sum of the paths, row by row:\n";
    std::vector<std::string> totals;
    for (const std::string& row : rows) {
      std::vector<std::string> names, values;
      Number total = e_.paths[paths_of[row].front()].product;
      for (std::size_t k : paths_of[row]) {
        names.push_back("path " + std::to_string(k + 1));
        values.push_back(signed_number(e_.paths[k].product));
        if (k != paths_of[row].front()) total += e_.paths[k].product;
      }
      std::cout << "  row " << row << ": " << wrapped(names, " + ", 9);
      if (names.size() > 1) std::cout << " = " << wrapped(values, " + ", 9);
      std::cout << " = " << number(total) << "\n";
      totals.push_back(signed_number(total));
    }
    std::cout << "    = " << wrapped(totals, " + ", 6) << " = " << number(e_.value) << "\n";
  }

  // Parts joined by `separator`, a new line (indented by `indent`) before a part that would
  // pass the widest line of partials printed.
  std::string wrapped(const std::vector<std::string>& parts, const std::string& separator,
                      std::size_t indent) const {
    const std::size_t width = std::max<std::size_t>(widest_, 60);
    std::string text;
    std::size_t column = indent;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (k > 0 && column + display_columns(separator + parts[k]) > width) {
        text += separator.substr(0, separator.find_last_not_of(' ') + 1) + "\n" +
                std::string(indent, ' ');
        column = indent;
      } else if (k > 0) {
        text += separator;
        column += display_columns(separator);
      }
      text += parts[k];
      column += display_columns(parts[k]);
    }
    return text;
  }

  void print_path(const Path& p, std::size_t k) {
    std::cout << "\npath " << k + 1 << ": " << chain(p) << "\n";
    std::vector<std::string> lhs, formula;
    std::size_t lw = 0, fw = 0;
    for (const auto& s : p.steps) {
      lhs.push_back(partial(s.from, s.to));
      formula.push_back(e_.formulas->formula().text(s.formula, FormulaStyle::Pretty));
      lw = std::max(lw, display_columns(lhs.back()));
      fw = std::max(fw, display_columns(formula.back()));
    }
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      std::string line = "  " + pad(lhs[i], lw) + " = " + pad(formula[i], fw) + " = ";
      if (i == 0)
        line += number(p.steps[i].value);
      else
        line += pad(number(p.steps[i].value), o_.show + 8) + "so far " + number(p.steps[i].so_far);
      widest_ = std::max(widest_, display_columns(line));
      std::cout << line << "\n";
    }
  }

  void print_sum() {
    std::cout << "\n" << sensitivity(e_.of, e_.wrt) << " = ";
    if (e_.paths.size() == 1) {
      std::cout << "the product along the path = " << number(e_.paths[0].product) << "\n";
      return;
    }
    std::string names, values;
    for (std::size_t k = 0; k < e_.paths.size(); ++k) {
      names += (k ? " + path " : "path ") + std::to_string(k + 1);
      values += (k ? " + " : "") + signed_number(e_.paths[k].product);
    }
    std::cout << names << "\n    = " << values << " = " << number(e_.value) << "\n";
  }

  void print_factored() {
    if (e_.segments.empty()) return;
    std::string symbols, values;
    for (const auto& s : e_.segments) {
      symbols += (symbols.empty() ? "" : "\u00b7") +
                 (s.single_step() ? partial(s.top, s.bottom) : sensitivity(s.top, s.bottom));
      values += (values.empty() ? "" : "\u00b7") + signed_number(s.value);
    }
    std::cout << "\nfactored where every path meets:\n  " << sensitivity(e_.of, e_.wrt) << " = "
              << symbols << "\n    = " << values << " = " << number(e_.value) << "\n";
    for (const auto& s : e_.segments) {
      if (s.single_step()) continue;
      std::cout << "  " << sensitivity(s.top, s.bottom) << " = ";
      std::string sum;
      for (const auto& part : s.sub_paths) {
        std::cout << (sum.empty() ? "" : " + ") << "(" << chain(part) << ")";
        sum += (sum.empty() ? "" : " + ") + signed_number(part.product);
      }
      std::cout << "\n    = " << sum << " = " << number(s.value) << "\n";
    }
  }

  void print_latex();

  // Too many paths to list: each named node's sensitivity as a sum over its users.
  void print_accumulation() {
    std::cout << "more than " << o_.max_paths << " to list (--max-paths); the chain rule one named"
              << " node at a time instead, from " << e_.name(e_.of) << " down:\n";
    for (const auto& a : e_.accumulation) {
      std::string symbols, values;
      for (const auto& t : a.terms) {
        const std::string user = t.user == e_.of ? "" : sensitivity(e_.of, t.user) + "\u00b7";
        symbols += (symbols.empty() ? "" : " + ") + user + partial(t.user, a.node);
        const std::string factor = t.user == e_.of ? "" : signed_number(t.user_value) + "\u00b7";
        values += (values.empty() ? "" : " + ") + factor + signed_number(t.partial);
      }
      std::cout << "\n  " << sensitivity(e_.of, a.node) << " = " << symbols << "\n";
      for (const auto& t : a.terms)
        std::cout << "    " << partial(t.user, a.node) << " = "
                  << e_.formulas->formula().text(t.formula, FormulaStyle::Pretty) << " = "
                  << number(t.partial) << "\n";
      std::cout << "    " << sensitivity(e_.of, a.node) << " = " << values << " = "
                << number(a.value) << "\n";
    }
  }

  const Explanation& e_;
  const ExplainOptions& o_;
  std::set<std::string> per_row_;
  bool by_row_ = false;     // some path was another's chain in another row
  std::size_t widest_ = 0;  // of the partials' lines printed
};

std::string latex_number(const std::string& shown_text) {
  const std::string ellipsis = "\u2026";
  if (shown_text.size() >= ellipsis.size() &&
      shown_text.compare(shown_text.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
    return shown_text.substr(0, shown_text.size() - ellipsis.size()) + "\\ldots";
  return shown_text;
}

void Printer::print_latex() {
  // A derivative node as \frac{\partial A}{\partial B}, in parentheses where it is a part.
  auto name = [&](NodeIndex n) {
    const std::string text = e_.formulas->latex_of(n);
    return e_.name(n).find('/') == std::string::npos ? text : "\\left(" + text + "\\right)";
  };
  auto partial_tex = [&](NodeIndex a, NodeIndex b) {
    return "\\frac{\\partial " + name(a) + "}{\\partial " + name(b) + "}";
  };
  auto num = [&](const Number& v) { return latex_number(number(v)); };
  std::vector<std::string> lines;
  const std::string total = partial_tex(e_.of, e_.wrt);
  std::string sum;
  for (const auto& p : e_.paths) {
    std::string product;
    for (const auto& s : p.steps)
      product += (product.empty() ? "" : " \\cdot ") + partial_tex(s.from, s.to);
    sum += (sum.empty() ? "" : " \\\\\n  &\\quad + ") + product;
  }
  lines.push_back(sum.empty() ? total + " &= " + num(e_.value) : total + " &= " + sum);
  if (!sum.empty()) lines.push_back("  &= " + num(e_.value));
  std::vector<std::pair<NodeIndex, NodeIndex>> done;
  for (const auto& p : e_.paths) {
    for (const auto& s : p.steps) {
      if (std::find(done.begin(), done.end(), std::pair{s.from, s.to}) != done.end()) continue;
      done.emplace_back(s.from, s.to);
      lines.push_back(partial_tex(s.from, s.to) +
                      " &= " + e_.formulas->formula().text(s.formula, FormulaStyle::Latex) + " = " +
                      num(s.value));
    }
  }
  // The factored form: d(of)/d(wrt) as the product over the nodes every path meets.
  std::string symbols, values;
  for (const auto& segment : e_.segments) {
    const bool single = segment.single_step();
    symbols += (symbols.empty() ? "" : " \\cdot ") +
               (single ? partial_tex(segment.top, segment.bottom)
                       : "\\frac{d " + name(segment.top) + "}{d " + name(segment.bottom) + "}");
    const std::string v = num(segment.value);
    values +=
        (values.empty() ? "" : " \\cdot ") + (segment.value < 0 ? "\\left(" + v + "\\right)" : v);
  }
  if (!symbols.empty()) lines.push_back(total + " &= " + symbols + " = " + values);
  std::cout << "\\begin{align*}\n";
  for (std::size_t k = 0; k < lines.size(); ++k)
    std::cout << lines[k] << (k + 1 < lines.size() ? " \\\\\n" : "\n");
  std::cout << "\\end{align*}\n";
}

std::set<std::string> per_row_names(const verify::Derivation<Number>& d) {
  if (!d.document.data) return {};
  return {d.document.data->per_row.begin(), d.document.data->per_row.end()};
}

// Terms explain prints in all, its formulas counted as printed (a shared subterm once per
// use): past this the text would be gigabytes (second derivatives of long graphs).
constexpr std::uint64_t kMaxExplainTerms = 1'000'000;

// The terms of every formula the explanation prints, saturating past `limit`.
std::uint64_t printed_terms(const Explanation& e, std::uint64_t limit) {
  const auto size = e.formulas->formula().printed_sizes(limit);
  std::uint64_t total = 0;
  auto add = [&](engine::TermId term) {
    if (term != engine::kNoTerm) total = std::min(limit + 1, total + size[term]);
  };
  for (const auto& p : e.paths)
    for (const auto& s : p.steps) add(s.formula);
  for (const auto& a : e.accumulation)
    for (const auto& t : a.terms) add(t.formula);
  return total;
}

}  // namespace

int run_explain(const ExplainOptions& o) {
  set_precision_for(o);
  auto loaded = load_with_query(o, o.query);
  if (!loaded) {
    std::cerr << loaded.error();
    return 2;
  }
  try {
    // Building the local partials' formulas may exceed the formula store too (second
    // derivatives of long expressions): the same error as printing them.
    auto explanation =
        verify::explain(loaded->derivation, loaded->query.of, loaded->query.wrt, o.max_paths);
    if (!explanation) {
      // Named as the query was given, which explain's error cannot know.
      std::cerr << input_name(o.file) << ": error: " << o.query
                << " passes a derivative term whose own sweep is not recorded\n";
      return 2;
    }
    if (printed_terms(*explanation, kMaxExplainTerms) > kMaxExplainTerms) {
      std::cerr << input_name(o.file) << ": error: the explanation of " << o.query
                << " would print more than " << kMaxExplainTerms
                << " terms of local partials, the limit (ask for a derivative lower in the "
                   "graph, or fewer paths with --max-paths)\n";
      return 2;
    }
    if (o.json)
      std::cout << json_text(explanation_json(*explanation, o)) << "\n";
    else
      Printer(*explanation, o, per_row_names(loaded->derivation)).print();
  } catch (const engine::FormulaTooLarge&) {
    std::cerr << input_name(o.file) << ": error: the local partials of " << o.query
              << " are too large to print\n";
    return 2;
  }
  return 0;
}

}  // namespace chainrule::tools
