// Data rows (docs/derivation-files.md, "Data rows"); see parser_internal.hpp.
//
//   data x1, x2, T1, T2          a table: one column per input or target, one line per row
//     0.03, 0.09, 0.01, 0.99
//     0.04, 0.10, 0.99, 0.01
//   end
//   out_h1 = sigmoid(x1*w1 + x2*w2 + b1)     written once, exists once per row
//   check out_h1@2 = 0.6030                  row 2's copy
//   L = mean(E)                              (E + E@2) / 2
//
// Like functions, rows are written out here, as the statements are read: each column is an
// input per row (x1 is row 1's, x1@2 row 2's), a definition that depends on a column is
// copied once per further row with every per-row name in it renamed (out_h1@2 uses h1@2),
// `X@r` renames X's per-row names to row r's, and `sum(X)`/`mean(X)` add X's copies up. So
// the compiler, the limits, the hand recomputation and every command see ordinary names and
// expressions, and the expression-node limit bounds what the rows grow to. Names inside a
// row's copy of X or a term of an aggregate are *pinned* (Expr::row_pinned): they stay what
// they are when the statement around them is copied for another row.
#include <algorithm>
#include <utility>

#include "verify/names.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify::detail {

// ---- the table ---------------------------------------------------------------------------

// `data NAME, NAME, ...` then rows of numbers, then `end`. Errors are reported row by row and
// the table is read to its end whatever happens, so that its rows are never read as
// statements.
void Parser::data_table() {
  const Token keyword = take();
  bool ok = true;
  if (result_.document.data || data_line_ != 0) {
    report(keyword.pos,
           "a file has one data table, and it is on line " + std::to_string(data_line_));
    ok = false;
  }
  std::vector<Token> columns;
  ok = data_header(columns) && ok;
  std::vector<std::vector<Token>> cells;
  std::vector<bool> signs;  // per cell, row-major: negated
  for (;;) {
    while (at(TokenKind::Newline) || at(TokenKind::Semicolon)) take();
    if (at(TokenKind::End)) {
      report(keyword.pos,
             "the data table has no 'end': write 'end' on the line after its last row");
      ok = false;
      break;
    }
    if (at(TokenKind::Name)) {
      if (cur().text == "end") {
        take();
        if (!at_statement_end()) {
          report(cur().pos, "expected end of line after 'end', found " + describe(cur()));
          ok = false;
          while (!at_statement_end()) take();
        }
      } else {
        report(cur().pos, "expected a row of numbers or 'end' in the data table (line " +
                              std::to_string(keyword.pos.line) + "), found " + describe(cur()));
        ok = false;
      }
      break;  // a name other than `end`: the table ended without it; read on as statements
    }
    cells.emplace_back();
    ok = data_row(cells.back(), signs, columns.size()) && ok;
  }
  if (ok && cells.empty()) {
    report(keyword.pos, "the data table has no rows");
    ok = false;
  }
  if (!ok) {
    statement_failed_ = true;
    for (const Token& column : columns)
      if (check_definable(column, false))
        defining_.push_back(Side{std::string(column.text), column.pos});
    return;
  }
  data_line_ = keyword.pos.line;
  define_columns(keyword.pos, columns, cells, signs);
}

// The column names, each a new name, on the line of `data`.
bool Parser::data_header(std::vector<Token>& columns) {
  for (;;) {
    if (!at(TokenKind::Name)) {
      report(cur().pos, "expected a column name in the data table, found " + describe(cur()));
      while (!at_statement_end()) take();
      return false;
    }
    columns.push_back(take());
    if (!at(TokenKind::Comma)) break;
    take();
  }
  bool ok = true;
  if (!at(TokenKind::Newline) && !at(TokenKind::Semicolon)) {
    report(cur().pos, "expected ',' or end of line after the data table's column names, found " +
                          describe(cur()));
    while (!at_statement_end()) take();
    ok = false;
  }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      if (columns[j].text == columns[k].text) {
        report(columns[k].pos, quote(columns[k].text) + " is a column of the data table twice");
        ok = false;
      }
    }
    ok = check_definable(columns[k], true) && ok;
  }
  return ok;
}

// One row: numbers, each optionally signed, separated by commas, as many as there are columns.
bool Parser::data_row(std::vector<Token>& row, std::vector<bool>& signs, std::size_t columns) {
  const SourcePos start = cur().pos;
  for (;;) {
    bool negated = false;
    if (at(TokenKind::Minus) || at(TokenKind::Plus)) negated = take().kind == TokenKind::Minus;
    if (!at(TokenKind::Number)) {
      report(cur().pos, "expected a number in the data table's row, found " + describe(cur()));
      while (!at_statement_end()) take();
      return false;
    }
    row.push_back(take());
    signs.push_back(negated);
    if (!at(TokenKind::Comma)) break;
    take();
  }
  if (!at_statement_end()) {
    report(cur().pos,
           "expected ',' or end of line in the data table's row, found " + describe(cur()));
    while (!at_statement_end()) take();
    return false;
  }
  if (row.size() != columns) {
    report(start, "this row has " + std::to_string(row.size()) +
                      (row.size() == 1 ? " value" : " values") + "; the data table has " +
                      std::to_string(columns) + (columns == 1 ? " column" : " columns"));
    return false;
  }
  return true;
}

// Each column an input per row, in column order (x1, x1@2, ..., x2, x2@2, ...), row 1's at the
// column's name, the others at their cells.
void Parser::define_columns(SourcePos keyword, const std::vector<Token>& columns,
                            const std::vector<std::vector<Token>>& cells,
                            const std::vector<bool>& signs) {
  DataTable table;
  table.pos = keyword;
  table.rows = cells.size();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string name(columns[c].text);
    table.columns.push_back(name);
    table.per_row.push_back(name);
    table.row_local.push_back(name);
    per_row_.insert(name);
    row_local_.insert(name);
    defining_.push_back(Side{name, columns[c].pos});
    for (std::size_t r = 0; r < cells.size(); ++r) {
      const Token& cell = cells[r][c];
      ExprId value = node(ExprKind::Number, cell.pos, {}, cell.text);
      if (signs[r * columns.size() + c]) value = node(ExprKind::Negate, cell.pos, {value});
      built_.emplace_back(
          Definition{row_name(name, r + 1), r == 0 ? columns[c].pos : cell.pos, value, true});
    }
  }
  result_.document.data = std::move(table);
}

// ---- expressions over rows ---------------------------------------------------------------

namespace {

// The names one node refers to: a name's own, a substitution's replaced names, a derivative
// term's sides (an inner term's text excepted: its own node holds its names). Every walk below
// reads or renames these, so they cannot disagree on what a per-row reference is.
template <class Node, class F>
void for_each_name(Node& e, F&& f) {
  if (e.kind == ExprKind::Name) f(e.text);
  if (e.kind == ExprKind::Substitution)
    for (auto& name : e.names) f(name);
  if (e.kind != ExprKind::Derivative) return;
  f(e.names[1]);
  if (e.operands.empty()) f(e.names[0]);
}

}  // namespace

// Whether the tree at `id` names a per-row quantity that no `@` or aggregate has pinned.
bool Parser::depends_on_rows(ExprId id) const {
  const auto& exprs = result_.document.exprs;
  bool found = false;
  auto per_row = [&](const std::string& name) {
    found = found || (!is_parameter(name) && per_row_.contains(name));
  };
  std::vector<ExprId> stack{id};
  while (!stack.empty() && !found) {
    const Expr& e = exprs[stack.back()];
    stack.pop_back();
    if (e.row_pinned) continue;
    for_each_name(e, per_row);
    for (ExprId operand : e.operands) stack.push_back(operand);
  }
  return found;
}

// Whether the tree at `id` reads its own row only: no `@r`, no aggregate, and only per-row names
// that are themselves row-local. Then its row-r copy is its row-1 formula with every per-row
// name renamed, which is what `formula` of mean(E) relies on.
bool Parser::row_local(ExprId id) const {
  const auto& exprs = result_.document.exprs;
  bool local = true;
  auto check = [&](const std::string& name) {
    local = local && (!per_row_.contains(name) || row_local_.contains(name));
  };
  std::vector<ExprId> stack{id};
  while (!stack.empty() && local) {
    const Expr& e = exprs[stack.back()];
    stack.pop_back();
    if (e.row_pinned) return false;
    for_each_name(e, check);
    for (ExprId operand : e.operands) stack.push_back(operand);
  }
  return local;
}

// Row `row`'s names in one node whose operands are already row `row`'s.
void Parser::rename_for_row(Expr& e, std::size_t row) const {
  for_each_name(e, [&](std::string& name) {
    if (!is_parameter(name) && per_row_.contains(name)) name = row_name(name, row);
  });
  if (e.kind == ExprKind::Derivative && !e.operands.empty()) {
    // d(dE/dw5)/dw1: names[0] is the inner term's text, written anew from its renamed sides.
    const Expr& inner = result_.document.exprs[e.operands[0]];
    e.names[0] = derivative_text(inner.names[0], inner.names[1]);
  }
}

// A copy of the tree at `id` for row `row` (a tree: nothing shared with the original).
ExprId Parser::copy_for_row(ExprId id, std::size_t row) {
  Expr e = result_.document.exprs[id];
  for (ExprId& operand : e.operands) operand = copy_for_row(operand, row);
  const bool pinned = e.row_pinned;
  if (!pinned) rename_for_row(e, row);
  const ExprId copy = add(std::move(e));
  auto& calls = result_.document.calls;
  if (const auto call = calls.find(id); call != calls.end())
    calls[copy] = pinned ? call->second : row_name(call->second, row);
  return copy;
}

// Renames in place (the tree was just parsed, so nothing else refers to it) and pins.
void Parser::pin_to_row(ExprId id, std::size_t row) {
  std::vector<ExprId> order{id};
  for (std::size_t k = 0; k < order.size(); ++k)  // by index: the vector grows meanwhile
    for (ExprId operand : result_.document.exprs[order[k]].operands) order.push_back(operand);
  auto& calls = result_.document.calls;
  // Operands first: the order of discovery, reversed (a range-for would need std::views).
  // NOLINTNEXTLINE(modernize-loop-convert)
  for (auto node = order.rbegin(); node != order.rend(); ++node) {
    Expr& e = result_.document.exprs[*node];
    if (e.row_pinned) continue;
    if (row != 1) {
      rename_for_row(e, row);
      if (const auto call = calls.find(*node); call != calls.end())
        call->second = row_name(call->second, row);
    }
    e.row_pinned = true;
  }
}

// `X@r`: row r's copy of X. `begin` is where X starts in the text, for messages.
ExprId Parser::row_of(ExprId x, std::size_t begin) {
  const std::string written(source_since(begin));
  const SourcePos at_pos = cur().pos;
  skip();
  if (!at(TokenKind::Number)) fail_expected("a row number after '@'");
  const Token number = take();
  const bool whole = std::all_of(number.text.begin(), number.text.end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
  if (!whole) fail(number.pos, "a row is a whole number from 1, found " + quote(number.text));
  if (!result_.document.data)
    fail(at_pos, "'@' picks a row of the data table, and there is none before this line");
  const std::size_t rows = result_.document.data->rows;
  const std::string digits(number.text.substr(0, std::min<std::size_t>(number.text.size(), 32)));
  if (number.text.size() > 19 || std::stoull(digits) == 0 || std::stoull(digits) > rows) {
    fail(number.pos, "row " + digits + " is out of range: the data table on line " +
                         std::to_string(result_.document.data->pos.line) + " has " +
                         std::to_string(rows) + (rows == 1 ? " row" : " rows"));
  }
  if (!statement_failed_ && result_.document.exprs[x].row_pinned)
    fail(at_pos, quote(written) + " already picks a row; '@' picks one of a quantity per row");
  if (!statement_failed_ && !depends_on_rows(x)) {
    fail(at_pos, quote(written) +
                     " is the same in every row (it does not depend on the data table's "
                     "columns), so it has no row to pick");
  }
  pin_to_row(x, std::stoull(digits));
  return x;
}

// `sum(X)` and `mean(X)`: X's copies for every row added up (pairwise, so that a long table
// keeps the tree shallow), divided by the number of rows for `mean`.
ExprId Parser::aggregate(std::string_view name, SourcePos pos,
                         const std::vector<ExprId>& arguments) {
  check_arity(name, pos, arguments.size());
  if (arguments.size() != 1) return leaf_placeholder(pos);
  if (!result_.document.data) {
    fail(pos, quote(name) + " adds up the rows of the data table, and there is none before " +
                  "this line ('data x1, x2, T1' on a line, then its rows, then 'end')");
  }
  const ExprId x = arguments[0];
  if (statement_failed_) return leaf_placeholder(pos);
  if (result_.document.exprs[x].row_pinned) {
    fail(pos, "the argument of " + quote(name) + " is one row's; " + std::string(name) +
                  " runs over every row: give it the quantity per row, without '@'");
  }
  if (!depends_on_rows(x)) {
    fail(pos, "the argument of " + quote(name) +
                  " is the same in every row (it does not depend on the data table's columns); " +
                  std::string(name) + " runs over the rows");
  }
  const std::size_t rows = result_.document.data->rows;
  const std::uint64_t size = tree_size(result_.document.exprs, x) * rows + rows;
  if (result_.document.exprs.size() + function_exprs_.size() + size > kMaxExpressionNodes) {
    report(pos, "this " + std::string(name) + " over " + std::to_string(rows) +
                    " rows would take " + std::to_string(size) +
                    " expression nodes, more than the file's limit of " +
                    std::to_string(kMaxExpressionNodes) + " with the rest");
    stopped_ = true;
    throw SyntaxError{};
  }
  std::vector<ExprId> terms{x};
  for (std::size_t r = 2; r <= rows; ++r) terms.push_back(copy_for_row(x, r));
  for (ExprId term : terms) pin_to_row(term, 1);  // each is already its row's
  while (terms.size() > 1) {
    std::vector<ExprId> pairs;
    for (std::size_t k = 0; k + 1 < terms.size(); k += 2)
      pairs.push_back(binary(BinaryOp::Add, terms[k], terms[k + 1]));
    if (terms.size() % 2 == 1) pairs.push_back(terms.back());
    terms = std::move(pairs);
  }
  ExprId root = terms[0];
  const bool mean = name == "mean";
  if (mean)
    root = binary(BinaryOp::Divide, root, node(ExprKind::Number, pos, {}, std::to_string(rows)));
  pin_to_row(root, 1);
  const Expr& argument = result_.document.exprs[x];
  aggregates_[root] =
      DataTable::Aggregate{mean, argument.kind == ExprKind::Name ? argument.text : std::string()};
  return root;
}

// After a statement's definitions are in the document: a copy for every further row of each
// that depends on the data table.
void Parser::commit_rows(std::size_t first) {
  auto& document = result_.document;
  if (!document.data) return;
  const std::size_t end = document.statements.size();
  try {
    for (std::size_t k = first; k < end; ++k) {
      const auto* definition = std::get_if<Definition>(&document.statements[k]);
      if (definition == nullptr) continue;
      if (const auto found = aggregates_.find(definition->value);
          found != aggregates_.end() && !found->second.of.empty())
        document.data->aggregates[definition->name] = found->second;
      if (definition->is_input || !depends_on_rows(definition->value)) continue;
      const Definition row_one = *definition;  // statements grows below
      per_row_.insert(row_one.name);
      document.data->per_row.push_back(row_one.name);
      if (row_local(row_one.value)) {
        row_local_.insert(row_one.name);
        document.data->row_local.push_back(row_one.name);
      }
      for (std::size_t r = 2; r <= document.data->rows; ++r)
        document.statements.emplace_back(Definition{row_name(row_one.name, r), row_one.pos,
                                                    copy_for_row(row_one.value, r), false});
    }
  } catch (const SyntaxError&) {
    // The expression-node limit, reported by add(): nothing after this is read.
  }
}

}  // namespace chainrule::verify::detail
