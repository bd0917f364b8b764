// Issue 16's command-line edges, each with its exact output: --digits is the working
// precision everywhere and --show the digits shown; check shows no more digits than asked;
// --json for explain, formula and dot; dot's labels, edge partials and claims' verdicts.
// Expected values are derived beside each assertion (closed forms, mpmath), not copied.
#include <doctest/doctest.h>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

const std::string tutorial_a = "examples/derivations/tutorial_a.chain";
const std::string kUsageTail = "Run with --help for more information.\n";

// f = exp(x) at x = 0.3: f' = f'' = e^0.3 = 1.349858807576003103983744313328 (mpmath, 40
// digits).
const std::string kExp = "x = 0.3\nf = exp(x)\n";

}  // namespace

TEST_CASE("--show sets the digits shown; --digits the working precision, as in check") {
  // dE/dw5 of tutorial A is 0.0858253269563365170744642992 (tests/expected/tutorials.md,
  // mpmath): 0.08583 at 4 significant digits, not exact, so "…".
  auto four = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --show 4");
  REQUIRE(four.status == 0);
  CHECK(four.out.rfind("dE/dw5 = 0.08583\u2026  (computed at 50 significant digits)\n", 0) == 0);
  auto precise = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --digits 80 --show 4");
  CHECK(precise.out.rfind("dE/dw5 = 0.08583\u2026  (computed at 80 significant digits)\n", 0) == 0);
  // --digits below --show: the work is done at --show digits (10 by default).
  auto low = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --digits 3");
  CHECK(low.out.rfind("dE/dw5 = 0.08582532696\u2026  (computed at 10 significant digits)\n", 0) ==
        0);
  // e^0.3 to 3 digits is 1.35 (the 4th digit is 9, rounding 1.349 up).
  auto table = run_chainrule("hessian " + temp_file(kExp) + " --of f --wrt x --show 3");
  CHECK(table.out ==
        "d\u00b2(f)/d(row)d(column) at 50 significant digits, shown to 3\n"
        "\n"
        "   x\n"
        "x  1.35\u2026\n");
  // --json: the values at --digits digits, as check --json: e^0.3 to 12 is 1.34985880758.
  const auto json = chainrule_json("hessian " + temp_file(kExp) + " --of f --wrt x --digits 12");
  CHECK(json["digits"] == 12);
  CHECK(json["gradient"][0] == "1.34985880758");
  CHECK(json["hessian"][0][0] == "1.34985880758");
}

TEST_CASE("--show out of range, and on formula, which shows no values: exit 2") {
  const std::string file = temp_file(kExp);
  for (const std::string& args :
       {"explain " + file + " df/dx", "hessian " + file + " --of f --wrt x", "dot " + file}) {
    CAPTURE(args);
    auto zero = run_chainrule(args + " --show 0");
    CHECK(zero.status == 2);
    CHECK(zero.err == "--show: Value 0 not in range 1 to 100000\n" + kUsageTail);
    auto word = run_chainrule(args + " --show many");
    CHECK(word.status == 2);
    CHECK(word.err == "--show: 'many' is not a number\n" + kUsageTail);
  }
  auto formula = run_chainrule("formula " + file + " df/dx --show 3");
  CHECK(formula.status == 2);
  CHECK(formula.err == "The following arguments were not expected: 3 --show\n" + kUsageTail);
}
