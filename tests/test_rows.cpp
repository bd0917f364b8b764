// Data rows (docs/derivation-files.md, "Data rows"): the table, every quantity per row, `@r`,
// `sum`/`mean`, `train --batch/--epochs` against the nn library's training, `explain` and
// `formula` by row, `network --rows`, and every error with its message and position. Each
// expected number is derived beside its assertion (mpmath at 60 digits, or by hand).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "compiled_derivation.hpp"
#include "engine/formula.hpp"
#include "engine/tape.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"
#include "precision.hpp"
#include "test_nn_helpers.hpp"
#include "tests/parser_test_helpers.hpp"
#include "tools/terminal.hpp"
#include "verify/limits.hpp"
#include "verify/query.hpp"

using chainrule::engine::Real;
using chainrule::testing::Precision;
using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;
using namespace parser_test;
using chainrule::testing::compiled;
using chainrule::testing::derivative_of;
using chainrule::testing::value_of;
namespace verify = chainrule::verify;

namespace {

const std::string kTutorialRows = "examples/derivations/tutorial_a_rows.chain";

// Three rows of tutorial A's inputs, one output: docs/derivation-files.md's example.
const std::string kThreeRows =
    "w1 = 0.11; w2 = 0.27; b1 = 0.39\n"
    "data x1, x2, T1\n"
    "  0.03, 0.09, 0.01\n"
    "  0.04, 0.10, 0.99\n"
    "  0.05, 0.11, 0.01\n"
    "end\n"
    "h1 = x1*w1 + x2*w2 + b1\n"
    "out_h1 = sigmoid(h1)\n"
    "E = 1/2 * (T1 - out_h1)^2\n"
    "L = mean(E)\n";

std::string source(const std::string& relative) {
  return slurp(std::string(CHAINRULE_SOURCE_DIR) + "/" + relative);
}

std::string definition_text(const Document& document, const std::string& name) {
  for (const auto& statement : document.statements)
    if (const auto* def = std::get_if<Definition>(&statement); def && def->name == name)
      return show(document, def->value);
  return "(none)";
}

}  // namespace

TEST_CASE("a data table: each column an input per row, each dependent definition per row") {
  const ParseResult parsed = parse(kThreeRows + "s = out_h1@2 - out_h1\n", "f.chain");
  REQUIRE(parsed.errors.empty());
  const Document& doc = parsed.document;
  REQUIRE(doc.data.has_value());
  CHECK(doc.data->rows == 3);
  CHECK(doc.data->columns == std::vector<std::string>{"x1", "x2", "T1"});
  CHECK(doc.data->per_row == std::vector<std::string>{"x1", "x2", "T1", "h1", "out_h1", "E", "s"});
  // Row 2's copy reads row 2's names; w1, w2, b1 are the same in every row.
  CHECK(definition_text(doc, "x1@3") == "0.05");
  CHECK(definition_text(doc, "h1@2") == "(+ (+ (* x1@2 w1) (* x2@2 w2)) b1)");
  CHECK(definition_text(doc, "out_h1@3") == "(sigmoid h1@3)");
  // mean: the rows added pairwise, then divided by their number.
  CHECK(definition_text(doc, "L") == "(/ (+ (+ E E@2) E@3) 3)");
  CHECK(definition_text(doc, "L@2") == "(none)");
  CHECK(doc.data->aggregates.at("L").mean);
  CHECK(doc.data->aggregates.at("L").of == "E");
  // `@2` fixes a row; the plain name follows the row being written.
  CHECK(definition_text(doc, "s") == "(- out_h1@2 out_h1)");
  CHECK(definition_text(doc, "s@3") == "(- out_h1@2 out_h1@3)");
}

TEST_CASE("every new error of data tables, at its position") {
  const std::string table = "data x, T\n  1, 2\n  3, 4\nend\n";  // lines 1-4
  CHECK(errors_of(table + "y = x*2\ncheck y@3 = 1\n") ==
        one("6:9: row 3 is out of range: the data table on line 1 has 2 rows"));
  CHECK(errors_of(table + "w = 2\ncheck w@2 = 1\n") ==
        one("6:8: 'w' is the same in every row (it does not depend on the data table's columns), "
            "so it has no row to pick"));
  CHECK(errors_of(table + "w = 2\nL = mean(w)\n") ==
        one("6:5: the argument of 'mean' is the same in every row (it does not depend on the "
            "data table's columns); mean runs over the rows"));
  CHECK(errors_of("x = 1\ny = x@2\n") ==
        one("2:6: '@' picks a row of the data table, and there is none before this line"));
  CHECK(errors_of("x = 1\ny = sum(x)\n") ==
        one("2:5: 'sum' adds up the rows of the data table, and there is none before this line "
            "('data x1, x2, T1' on a line, then its rows, then 'end')"));
  CHECK(errors_of("data x, T\n  1, 2\n  3\nend\n") ==
        one("3:3: this row has 1 value; the data table has 2 columns"));
  CHECK(errors_of("data x, T\n  1, 2\n") ==
        one("1:1: the data table has no 'end': write 'end' on the line after its last row"));
  CHECK(errors_of(table + "data z\n 1\nend\n") ==
        one("5:1: a file has one data table, and it is on line 1"));
  CHECK(errors_of(table + "y = x@2.5\n") ==
        one("5:7: a row is a whole number from 1, found '2.5'"));
  CHECK(errors_of(table + "y = x@0\n") ==
        one("5:7: row 0 is out of range: the data table on line 1 has 2 rows"));
  CHECK(errors_of("data x, x\n 1, 2\nend\n") ==
        one("1:9: 'x' is a column of the data table twice"));
  CHECK(errors_of("data x, T\n  1, oops\nend\n") ==
        one("2:6: expected a number in the data table's row, found 'oops'"));
  CHECK(errors_of("data x\n  1\nend\nL = mean(x, x)\n") ==
        one("4:5: 'mean' takes 1 argument, found 2"));
  CHECK(errors_of(table + "y = x*2\ncheck y@2@1 = 1\n") ==
        one("6:10: 'y@2' already picks a row; '@' picks one of a quantity per row"));
  CHECK(errors_of(table + "y = x*2\nL = sum(y@2)\n") ==
        one("6:5: the argument of 'sum' is one row's; sum runs over every row: give it the "
            "quantity per row, without '@'"));
  // Text after `end`: one error there, and the columns still known to later lines.
  CHECK(errors_of("data x\n  1\nend x\ny = x\n") ==
        one("3:5: expected end of line after 'end', found 'x'"));
  // A table without 'end' before a statement: one error, and the statement still read.
  CHECK(errors_of("data x\n  1\ny = x\n") ==
        one("3:1: expected a row of numbers or 'end' in the data table (line 1), found 'y'"));
}

TEST_CASE("a sum in a function's body is no aggregate of the statement after it") {
  // f's body is dropped from the document once read, so the next statement's nodes take its
  // positions: L = w*w must not be taken for sum(E) (train --batch would then follow E).
  const ParseResult parsed =
      parse("w = 2\ndata x\n 1\n 2\nend\nE = (x - w)^2\nf(a) = sum(E) + a\nL = w * w\n", "f.chain");
  REQUIRE(parsed.errors.empty());
  CHECK_FALSE(parsed.document.data->aggregates.contains("L"));
}

TEST_CASE("tutorial A's 4 rows: values and derivatives per row and of the batch (mpmath)") {
  Precision precision(60);
  const auto d = compiled(source(kTutorialRows));
  // h1@2 = 0.04*0.11 + 0.10*0.27 + 0.39 = 0.4214 (exactly; here to the working precision).
  CHECK(chainrule::testing::agree_to_digits(value_of(d, "h1@2"), chainrule::testing::real("0.4214"),
                                            58));
  // mpmath at 60 digits (tests/test_rows.cpp's numbers; the network by hand in mpmath):
  const std::pair<const char*, const char*> expected[] = {
      {"out_h1@2", "0.6038182089860908828401613856634247068036"},
      {"E@2", "0.2564707130314484688572327732020195411982"},
      {"out_y2@4", "0.6764120401549454932168424390632407254575"},
      {"E@4", "0.2565481513415309131638241445214217654414"},
      {"L", "0.2813584336153234649277179763704685076877"},
      {"E_total", "1.125433734461293859710871905481874030751"}};
  for (const auto& row : expected) {
    const auto [name, value] = row;  // copies: clang 14 cannot capture a structured binding
    const std::string captured = name;
    CAPTURE(captured);
    CHECK(chainrule::testing::agree_to_digits(value_of(d, name), chainrule::testing::real(value),
                                              38));
  }
  CHECK(chainrule::testing::agree_to_digits(
      derivative_of(d, "L", "w5"),
      chainrule::testing::real("0.02719490999369369693194568601183284469057"), 38));
  CHECK(chainrule::testing::agree_to_digits(
      derivative_of(d, "L", "w1"),
      chainrule::testing::real("0.0002872679797258731017829028899600727160704"), 38));
  CHECK(chainrule::testing::agree_to_digits(
      derivative_of(d, "E@2", "w5"),
      chainrule::testing::real("-0.03154521260344895681688299077500927183032"), 38));
}

namespace {

// The file's network trained by verify::train, and nn's network of the same architecture on
// the same rows, each at 50 digits (60 working); every parameter compared.
void compare_with_nn(long epochs, std::size_t batch) {
  chainrule::engine::set_working_digits(50);
  auto d = compiled(source(kTutorialRows));
  const auto leaves = verify::match_leaves(d, "w*,b*");
  REQUIRE(leaves.has_value());
  const Real rate = chainrule::testing::real("0.3");
  const std::size_t per_epoch = verify::batches_per_epoch(d.document, batch);
  CHECK(per_epoch == (batch == 1 ? 4 : 1));
  const auto trained = verify::train<Real>(
      d, "L", *leaves,
      chainrule::engine::OptimizerSettings<Real>{chainrule::engine::OptimizerKind::Sgd, rate},
      epochs * static_cast<long>(per_epoch), [](const verify::TrainStep<Real>&) {}, batch);
  REQUIRE(trained.has_value());

  using namespace chainrule::nn;
  Network<Real> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  const auto data = make_dataset<Real>(tutorial_a_input_rows(), tutorial_a_target_rows());
  TrainOptions<Real> options{rate};
  options.epochs = epochs;
  options.batch_size = batch;  // 0: the full batch
  options.record_every = epochs;
  train(net, data, options);
  for (const auto& p : net.parameters()) {
    CAPTURE(p.name);
    // All 50 working digits: the same arithmetic to within rounding at 60 digits, 4e4 times.
    CHECK_DIGITS(value_of(d, p.name), net.value(p), 50);
  }
}

}  // namespace

TEST_CASE("train one row at a time agrees with nn's SGD to all 50 digits: 100 and 10,000 epochs") {
  Precision precision(50);
  compare_with_nn(100, 1);
  compare_with_nn(10000, 1);
}

TEST_CASE("train on the full batch agrees with nn's full-batch training: 100 and 10,000 epochs") {
  Precision precision(50);
  compare_with_nn(100, 0);
  compare_with_nn(10000, 0);
}

TEST_CASE("train --epochs --batch 1 on the command line: epochs counted, nn's values printed") {
  auto r = run_chainrule("train " + kTutorialRows +
                         " --loss L --wrt 'w*,b*' --lr 0.3 --epochs 100 --batch 1 --every 50 "
                         "--digits 30");
  REQUIRE(r.status == 0);
  // mpmath's L, 0.2813584336153234649277179763704..., to 30 digits (the trailing 0 not shown)
  CHECK(r.out.find("epoch 0: L = 0.28135843361532346492771797637\n") == 0);
  CHECK(r.out.find("\nepoch 50: L = ") != std::string::npos);
  CHECK(r.out.find("\nepoch 100: L = ") != std::string::npos);
  CHECK(r.out.find("trained leaves after 400 steps (100 epochs):") != std::string::npos);
  // w5 after 100 epochs of nn's SGD, one row at a time (the library, at 50 digits):
  using namespace chainrule::nn;
  Precision precision(50);
  Network<Real> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  TrainOptions<Real> options{chainrule::testing::real("0.3")};
  options.epochs = 100;
  train(net, make_dataset<Real>(tutorial_a_input_rows(), tutorial_a_target_rows()), options);
  const std::string w5 = chainrule::engine::to_decimal(net.value("w5"), 30);
  CHECK(r.out.find("\nw5 = " + w5 + "\n") != std::string::npos);
}

TEST_CASE("--batch errors: no table, a loss that is not a mean or sum over rows") {
  const std::string plain = temp_file("w = 2\nE = w*w\n");
  auto r = run_chainrule("train " + plain + " --loss E --wrt w --lr 0.1 --steps 1 --batch 1");
  CHECK(r.status == 2);
  CHECK(r.err ==
        plain + ": error: --batch takes rows of the data table, and " + plain + " has none\n");
  r = run_chainrule("train " + kTutorialRows +
                    " --loss E_total --wrt w5 --lr 0.1 --steps 1 --batch 2");
  CHECK(r.status == 0);  // sum(E) splits as well as mean(E)
  r = run_chainrule("train " + kTutorialRows + " --loss E --wrt w5 --lr 0.1 --steps 1 --batch 2");
  CHECK(r.status == 2);
  CHECK(r.err == kTutorialRows +
                     ": error: --batch needs the loss defined as mean(E) or sum(E) of a quantity "
                     "E per row; 'E' is not\n");
  r = run_chainrule("train " + kTutorialRows + " --loss L --wrt w5 --lr 0.1");
  CHECK(r.status == 2);
  CHECK(r.err == kTutorialRows +
                     ": error: train needs --steps N (updates) or --epochs N (passes over the "
                     "data table's rows)\n");
}

TEST_CASE(
    "explain of a 3-row batch loss: the per-row chain once, no line wider than its partials") {
  const std::string file = temp_file(kThreeRows);
  auto r = run_chainrule("explain " + file + " 'dL/dw1'");
  REQUIRE(r.status == 0);
  // dL/dw1 = mean over rows of (out_h1 - T1)·out_h1·(1 - out_h1)·x1 (mpmath, 40 digits):
  // 0.00255702245137...
  CHECK(r.out.find("dL/dw1 = 0.002557022451") == 0);
  // Row 1's chain is written out with its formulas; rows 2 and 3 refer to it.
  const std::string partial = "\u2202out_h1/\u2202h1";
  CHECK(r.out.find(partial) != std::string::npos);
  CHECK(r.out.find(partial, r.out.find(partial) + 1) == std::string::npos);
  CHECK(r.out.find("path 1's chain in row 2") != std::string::npos);
  CHECK(r.out.find("path 1's chain in row 3") != std::string::npos);
  CHECK(r.out.find("out_h1@2") != std::string::npos);
  // Row 3's product is dE/dw1@3 / 3 (mpmath: dE/dw1@3 = 0.00710794619284...): 0.00236931539761...
  CHECK(r.out.find("the product is 0.002369315398\u2026") != std::string::npos);
  // Every line but the fixed sentence every explanation starts with ("3 chain-rule paths from
  // w1 up to L over the named nodes (anonymous steps ...)") is at most as wide as the widest
  // line of partials: nothing grows with the rows.
  std::size_t widest_partial = 0, widest = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" chain-rule path") != std::string::npos) continue;
    const std::size_t width = chainrule::tools::display_columns(line);
    widest = std::max(widest, width);
    if (line.rfind("  \u2202", 0) == 0) widest_partial = std::max(widest_partial, width);
  }
  CHECK(widest_partial > 0);
  CHECK(widest <= widest_partial);
}

TEST_CASE("formula of a batch loss is mean(the per-row chain), and it reads back") {
  const std::string file = temp_file(kThreeRows);
  auto r = run_chainrule("formula " + file + " 'dL/dw1'");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("mean(", 0) == 0);
  CHECK(r.out.find("@") == std::string::npos);  // row 1's names only
  // Read back: its value is dL/dw1 (mpmath: 0.00255702245137...).
  const std::string back = temp_file(kThreeRows + "F = " + r.out.substr(0, r.out.size() - 1) +
                                     "\ncheck F = 0.0025570225\n");
  auto checked = run_chainrule("check " + back);
  CHECK(checked.status == 0);
  CHECK(checked.out.find("1 claim: 1 ok") != std::string::npos);
  // Something per row is not factored: dL/d(out_h1) is row 1's alone, (out_h1 - T1)/3.
  r = run_chainrule("formula " + file + " 'dL/d(out_h1)'");
  CHECK(r.out.find("mean") == std::string::npos);
  // Nor a loss whose E reads another row: E = (out - out@1)^2 is 0 in row 1 only, so
  // mean(row 1's chain) would be 0. With x = 1, 2 and out = w*x at w = 3: E@2 = (6 - 3)^2 and
  // dL/dw = (1/2)·2·(6 - 3)·(2 - 1) = 3, which the written-out formula gives.
  const std::string other =
      temp_file("w = 3\ndata x\n 1\n 2\nend\nout = w*x\nE = (out - out@1)^2\nL = mean(E)\n");
  r = run_chainrule("formula " + other + " 'dL/dw'");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("mean(", 0) != 0);
  const std::string back2 =
      temp_file("w = 3\ndata x\n 1\n 2\nend\nout = w*x\nE = (out - out@1)^2\nL = mean(E)\nF = " +
                r.out.substr(0, r.out.size() - 1) + "\ncheck F = 3\n");
  CHECK(run_chainrule("check " + back2).status == 0);
}

TEST_CASE("a derivative on the command line takes @r: row r's copy of each side") {
  const std::string file = temp_file(kThreeRows);
  // dE/dw1@3 = (out_h1@3 - T1@3)·out_h1@3·(1 - out_h1@3)·x1@3 = 0.00710794619284... (mpmath)
  auto r = run_chainrule("explain " + file + " 'dE/dw1@3'");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("d(E@3)/dw1 = 0.007107946193\u2026") == 0);
  // d²E@2/dw1² at row 2 (x1 = 0.04, x2 = 0.10, T1 = 0.99), by mpmath's diff at 40 digits:
  // 0.00012225464761267115893. The row goes to the inner term, as in a file.
  r = run_chainrule("explain " + file + " 'd(dE/dw1)/dw1@2'");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("d(d(E@2)/d(w1))/dw1 = 0.0001222546476\u2026") == 0);
  r = run_chainrule("explain " + file + " 'dL/dw1@2'");
  CHECK(r.status == 2);
  CHECK(r.err.find("'dL/dw1@2' has no row 2: neither side has a copy per row of a data table") !=
        std::string::npos);
  auto grad = run_chainrule("grad " + file + " --of E@2");
  CHECK(grad.status == 0);
  CHECK(grad.out.find("d(E@2)/d(x1@2) = ") != std::string::npos);
}

TEST_CASE("LaTeX of a row's name: the superscript (r)") {
  CHECK(chainrule::engine::latex_name("out_h1@2") == "\\mathit{out}_{\\mathrm{h1}}^{(2)}");
  CHECK(chainrule::engine::latex_name("x1@12") == "x_{1}^{(12)}");
  // A call's label with a row inside its parentheses is no row's copy: not split there.
  CHECK(chainrule::engine::latex_name("f(out@2) + 1").find("^{(") == std::string::npos);
}

TEST_CASE("row names: NAME@r for row r, NAME for row 1, and only '@' and digits at the end") {
  CHECK(row_name("out_h1", std::size_t{2}) == "out_h1@2");
  CHECK(row_name("out_h1", std::size_t{1}) == "out_h1");
  CHECK(row_name("E", "") == "E");
  using Split = std::pair<std::string_view, std::string_view>;
  CHECK(split_row_name("out_h1@2") == Split{"out_h1", "2"});
  CHECK(split_row_name("x1@12") == Split{"x1", "12"});
  CHECK(split_row_name("out_h1") == Split{"out_h1", ""});
  CHECK(split_row_name("f(out@2) + 1") == Split{"f(out@2) + 1", ""});
  CHECK(split_row_name("x@") == Split{"x@", ""});
  CHECK(split_row_name("@2") == Split{"@2", ""});
}

TEST_CASE("network --rows: a scaffold with its data set as a table and L = mean(E)") {
  const std::string csv =
      temp_file("# x1,x2 -> T1\nT1, x2, x1\n0.01, 0.09, 0.03\n0.99,0.10,0.04\n", ".csv");
  auto r = run_chainrule("network 2-2-1 --rows " + csv + " --lr 0.5");
  REQUIRE(r.status == 0);
  // The header's order is undone: each row is x1, x2, T1.
  CHECK(r.out.find("data x1, x2, T1\n  0.03, 0.09, 0.01\n  0.04, 0.10, 0.99\nend\n") !=
        std::string::npos);
  CHECK(r.out.find("\nL = mean(E)\n") != std::string::npos);
  CHECK(r.out.find("\nw1_new = w1 - eta * dL/dw1\n") != std::string::npos);
  const std::string scaffold = temp_file(r.out);
  auto eval = run_chainrule("eval " + scaffold);
  CHECK(eval.status == 0);
  CHECK(eval.out.find("x1@2") != std::string::npos);

  const std::string bad = temp_file("0.1, 0.2\n", ".csv");
  r = run_chainrule("network 2-2-1 --rows " + bad);
  CHECK(r.status == 2);
  CHECK(r.err == bad +
                     ":1: error: a row of 2 values; this network has 3 inputs and targets "
                     "(x1,x2,T1)\n");
}
