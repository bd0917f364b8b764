// `chainrule hessian FILE --of E --wrt w1,w5`: the matrix of second derivatives of one named
// value, from its reverse sweep recorded on the tape and swept again.
#include <iostream>
#include <nlohmann/json.hpp>

#include "tools/explain_common.hpp"
#include "tools/input_file.hpp"
#include "tools/json_text.hpp"
#include "tools/runs.hpp"
#include "tools/terminal.hpp"
#include "verify/hessian.hpp"
#include "verify/query.hpp"

namespace chainrule::tools {

namespace {

// The names --wrt lists: exact names of any named value, or patterns over the inputs that
// `of` depends on, the leaves grad reports (a learning rate E does not use is no row of 0s).
Result<std::vector<std::string>> wrt_names(const verify::Derivation<Number>& d,
                                           const std::string& of, const std::string& list) {
  const verify::NamedValue* top = d.find(of);
  const auto reach = engine::sweep(d.tape, top->node);
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string item = list.substr(start, comma - start);
    start = comma + 1;
    if (item.find('*') == std::string::npos && d.find(item)) {
      names.push_back(item);
      continue;
    }
    const auto leaves = verify::match_leaves(d, item);
    if (!leaves) return Failure{verify::format_error(d.document.file, leaves.error()) + "\n"};
    for (std::size_t k : *leaves)
      if (reach.depends_on(d.named[k].node)) names.push_back(d.named[k].name);
  }
  if (names.size() > verify::kMaxHessianNames)
    return Failure{d.document.file + ": error: --wrt '" + list + "' matches " +
                   std::to_string(names.size()) + " names; the hessian is limited to " +
                   std::to_string(verify::kMaxHessianNames) + " (a matrix of " +
                   std::to_string(verify::kMaxHessianNames * verify::kMaxHessianNames) +
                   " entries)\n"};
  return names;
}

// The widest a table line may be: wider matrices are printed in blocks of columns.
constexpr std::size_t kTableColumns = 100;

void print_table(const verify::HessianMatrix<Number>& h, const ExplainOptions& o) {
  std::size_t label = 0, cell = 0;
  std::vector<std::vector<std::string>> text(h.rows.size());
  for (std::size_t i = 0; i < h.rows.size(); ++i) {
    label = std::max(label, h.wrt[i].size());
    for (const Number& v : h.rows[i]) {
      text[i].push_back(shown(v, o.show));
      cell = std::max(cell, display_columns(text[i].back()));
    }
  }
  std::cout << "d\u00b2(" << o.of << ")/d(row)d(column) at " << working_digits(o)
            << " significant digits, shown to " << o.show << "\n";
  // Columns in blocks that keep every line within 100 columns (at least one column a block).
  const std::size_t per_block =
      std::max<std::size_t>(1, (kTableColumns - std::min(label, kTableColumns)) / (cell + 2));
  for (std::size_t first = 0; first < h.wrt.size(); first += per_block) {
    const std::size_t last = std::min(first + per_block, h.wrt.size());
    // Every column padded but the last, so that no line ends in spaces.
    auto cells = [&](const std::vector<std::string>& row) {
      for (std::size_t j = first; j < last; ++j)
        std::cout << "  " << (j + 1 < last ? pad(row[j], cell) : row[j]);
      std::cout << "\n";
    };
    std::cout << "\n" << pad("", label);
    cells(h.wrt);
    for (std::size_t i = 0; i < h.rows.size(); ++i) {
      std::cout << pad(h.wrt[i], label);
      cells(text[i]);
    }
  }
}

}  // namespace

int run_hessian(const ExplainOptions& o) {
  set_precision_for(o);
  auto d = load_differentiable(o, o.of);
  if (!d) {
    std::cerr << d.error();
    return 2;
  }
  const auto names = wrt_names(*d, o.of, o.wrt);
  if (!names) {
    std::cerr << names.error();
    return 2;
  }
  const auto matrix = verify::hessian(*d, o.of, *names);
  if (!matrix) {
    std::cerr << verify::format_error(input_name(o.file), matrix.error()) << "\n";
    return 2;
  }
  const verify::HessianMatrix<Number>& h = *matrix;
  if (!o.json) {
    print_table(h, o);
    return 0;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : h.rows) {
    nlohmann::ordered_json r = nlohmann::ordered_json::array();
    for (const Number& v : row) r.push_back(shown_in_full(v, o));
    rows.push_back(std::move(r));
  }
  nlohmann::ordered_json gradient = nlohmann::ordered_json::array();
  for (const Number& v : h.gradient) gradient.push_back(shown_in_full(v, o));
  std::cout << json_text(nlohmann::ordered_json{{"of", o.of},
                                                {"wrt", h.wrt},
                                                {"digits", o.digits},
                                                {"gradient", gradient},
                                                {"hessian", rows}})
            << "\n";
  return 0;
}

}  // namespace chainrule::tools
