// The op catalogue (engine/op.hpp) is the one definition of every op: its rows are in enum
// order for every number type, every op with operands has test points, the parser's functions
// are the catalogue's, and the format's function table in the docs is the one the catalogue
// gives.
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

#include "cli.hpp"
#include "engine/certified.hpp"
#include "engine/op.hpp"
#include "op_points.hpp"
#include "verify/ops_of.hpp"
#include "verify/parser.hpp"

using namespace chainrule::engine;

namespace {

template <class T>
void check_rows_in_order() {
  const auto& table = op_table<T>();
  for (std::size_t i = 0; i < kOpCount; ++i) {
    CAPTURE(std::string(table[i].name));
    CHECK(static_cast<std::size_t>(table[i].op) == i);
  }
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The docs' table of functions as the catalogue makes it: a row per function files can call,
// with the derivative in each operand its symbolic partial says.
std::string function_table() {
  std::ostringstream out;
  out << "| function | derivative |\n| --- | --- |\n";
  for (const auto& r : op_table<double>()) {
    if (r.function.empty()) continue;
    const bool two = r.arity == 2;
    // A fold (max(a, b, c) is max(max(a, b), c)) is listed with its pairwise partials.
    const std::string call = std::string(r.function) + (folds_left(r.op) ? "(a, b, …)"
                                                        : two            ? "(a, b)"
                                                                         : "(x)");
    auto in_names = [&](std::string_view symbolic) {
      std::string text = replaced(std::string(symbolic), "{a}", two ? "a" : "x");
      text = replaced(text, "{b}", "b");
      return replaced(text, "{r}", call);
    };
    out << "| `" << call << "` | ";
    if (two)
      out << "d/da: `" << in_names(r.symbolic_a) << "`; d/db: `" << in_names(r.symbolic_b) << "`";
    else
      out << "`" << in_names(r.symbolic_a) << "`";
    out << " |\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("the catalogue's row i is Op(i) for every number type") {
  check_rows_in_order<double>();
  check_rows_in_order<float>();
  check_rows_in_order<Real>();
  check_rows_in_order<Certified>();
}

TEST_CASE("every op with operands has test points") {
  std::set<Op> tried;
  for (const auto& p : chainrule::testing::op_points()) tried.insert(p.op);
  for (const auto& r : op_table<Real>()) {
    CAPTURE(std::string(r.name));
    // Dot has its own kernels' tests (test_tape_kernels); a derivative node has no partials.
    if (r.arity != 0 && r.op != Op::Dot && r.op != Op::Derivative) CHECK(tried.count(r.op) == 1);
  }
}

TEST_CASE("the active operands: a^c differentiates its base only, a^b both, a leaf neither") {
  CHECK(rule<double>(Op::PowerConstant).active_operands() == 1);
  CHECK(rule<double>(Op::PowerConstant).differentiates(0));
  CHECK_FALSE(rule<double>(Op::PowerConstant).differentiates(1));
  CHECK(rule<double>(Op::Power).active_operands() == 2);
  CHECK(rule<double>(Op::Multiply).active_operands() == 2);
  CHECK(rule<double>(Op::Tanh).active_operands() == 1);
  CHECK(rule<double>(Op::Input).active_operands() == 0);
  CHECK(with_operands(Op::Power, true) == Op::PowerConstant);
  CHECK(with_operands(Op::PowerConstant, false) == Op::Power);
  CHECK(with_operands(Op::Multiply, true) == Op::Multiply);
}

TEST_CASE("the parser's functions are the catalogue's, with their arity and op") {
  using namespace chainrule::verify;
  std::size_t callable = 0;
  for (const auto& r : op_table<double>()) {
    if (r.function.empty()) continue;
    ++callable;
    const std::string name(r.function);
    CAPTURE(name);
    CHECK(is_function_name(name));
    // -1: any number of arguments from 2 on, as max(a, b, c).
    CHECK(function_arity(name) == (folds_left(r.op) ? -1 : r.arity));
    CHECK(function_op(name) == r.op);
  }
  // softmax and cross_entropy are the parser's shorthands in the catalogue's ops, sum and mean
  // its aggregates over a data table's rows (verify/parse_rows.cpp): no rows of the catalogue.
  CHECK(function_names().size() == callable + 4);
  CHECK(function_arity("sum") == 1);
  CHECK(function_arity("mean") == 1);
  CHECK(function_arity("softmax") == -1);
  CHECK(function_arity("cross_entropy") == -1);
  CHECK_FALSE(function_op("softmax").has_value());
  CHECK(function_op("pow") == Op::Power);        // files write pow(a, b) or a^b
  CHECK_FALSE(function_op("copy").has_value());  // a node kind, not a function files call
}

TEST_CASE("the format's function table in the docs is the catalogue's") {
  const std::string docs =
      chainrule::testing::slurp(std::string(CHAINRULE_SOURCE_DIR) + "/docs/derivation-files.md");
  const std::string begin = "<!-- functions:begin (tests/test_op_catalogue.cpp) -->\n";
  const std::string end = "<!-- functions:end -->";
  const auto from = docs.find(begin), to = docs.find(end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  const std::string table = docs.substr(from + begin.size(), to - from - begin.size());
  // On a mismatch the expected block is printed: paste it between the markers.
  CHECK(table == function_table());
}
