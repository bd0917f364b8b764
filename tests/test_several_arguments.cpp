// Functions of several arguments: max, min and logsumexp (catalogue rows, files call them with
// k ≥ 2 arguments as a left fold), softmax and cross_entropy (the parser's shorthands). Their
// partials are checked against 200-digit central differences with every op's in
// tests/test_engine.cpp; here the tie rule, exactness in certified
// arithmetic, printing, and softmax + cross-entropy against closed forms computed with mpmath
// (python3 -c "import mpmath; ..." at 40 digits), written beside each assertion.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"
#include "engine/certified.hpp"
#include "engine/formula.hpp"
#include "engine/op.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"
#include "tests/parser_test_helpers.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::chainrule_json;
using chainrule::testing::Precision;
using chainrule::testing::real;
using chainrule::testing::temp_file;

TEST_CASE("logsumexp keeps its digits where e^x overflows double") {
  // log(2·e^1000) = 1000 + log 2 = 1000.693147180559945309417 (mpmath); e^1000 is inf in double.
  CHECK(rule<double>(Op::LogSumExp).forward(1000.0, 1000.0) == doctest::Approx(1000.6931471805599));
  CHECK(rule<double>(Op::LogSumExp).forward(-1000.0, -1000.0) ==
        doctest::Approx(-999.30685281944005));  // −1000 + log 2
  // log(e^30 + e^29.5) = 30.474076984180106680873 (mpmath)
  Precision precision(50);
  CHECK(agree_to_digits(rule<Real>(Op::LogSumExp).forward(Real(30), real("29.5")),
                        real("30.474076984180106680873"), 22));
}

TEST_CASE("at a tie the first maximal (minimal) argument gets the derivative 1") {
  const auto& max = rule<double>(Op::Max);
  const auto& min = rule<double>(Op::Min);
  CHECK(max.partial_a(2, 2, 2) == 1);
  CHECK(max.partial_b(2, 2, 2) == 0);
  CHECK(min.partial_a(2, 2, 2) == 1);
  CHECK(min.partial_b(2, 2, 2) == 0);
  // Through a file: z1 = z3 = 2 tie for the maximum; z1 comes first. max(0, x) at x = 0 is
  // relu(x)'s derivative 0 (the constant comes first); max(x, 0) gives x the 1.
  const std::string file = temp_file(
      "z1 = 2; z2 = 1; z3 = 2; x = 0\nm = max(z1, z2, z3)\nr = max(0, x)\nq = max(x, 0)\n"
      "n = min(z2, z1, 1)\n"
      "check dm/dz1 = 1\ncheck dm/dz3 = 0\ncheck dm/dz2 = 0\ncheck dr/dx = 0\ncheck dq/dx = 1\n"
      "check n = 1\ncheck dn/dz2 = 1\n");
  auto j = chainrule_json("check " + file, 0);
  REQUIRE(j["claims"].size() == 7);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
}

TEST_CASE("max and min keep exact rationals in certified arithmetic") {
  const Certified a("0.1"), b("0.3");
  const Certified larger = rule<Certified>(Op::Max).forward(a, b);
  const Certified smaller = rule<Certified>(Op::Min).forward(a, b);
  REQUIRE(larger.exact() != nullptr);
  REQUIRE(smaller.exact() != nullptr);
  CHECK(*larger.exact() == Certified::Rational(3, 10));
  CHECK(*smaller.exact() == Certified::Rational(1, 10));
}

TEST_CASE("a fold prints as written: max(a, b, c), and its LaTeX") {
  Formula<double> f;
  const TermId a = f.symbol("a"), b = f.symbol("b"), c = f.symbol("c");
  const TermId m = f.apply(Op::Max, f.apply(Op::Max, a, b), c);
  CHECK(f.text(m) == "max(a, b, c)");
  CHECK(f.text(m, FormulaStyle::Latex) == "\\max\\left(a, b, c\\right)");
  // Only a left operand of the same op continues the list.
  CHECK(f.text(f.apply(Op::Min, a, f.apply(Op::Min, b, c))) == "min(a, min(b, c))");
  CHECK(f.text(f.apply(Op::LogSumExp, f.apply(Op::Max, a, b), c)) == "logsumexp(max(a, b), c)");
}

TEST_CASE("the parser writes the shorthands out in the catalogue's ops") {
  using namespace parser_test;
  const ParseResult r = parse(
      "z1 = 1; z2 = 2; z3 = 3; y1 = 1; y2 = 0\nm = max(z1, z2, z3)\np1, p2 = softmax(z1, z2)\n"
      "L = cross_entropy(p1, p2; y1, y2)\n",
      "f");
  REQUIRE(r.errors.empty());
  REQUIRE(r.document.statements.size() == 9);
  auto value = [&](std::size_t k) {
    const auto& d = std::get<Definition>(r.document.statements[k]);
    return d.name + " = " + show(r.document, d.value);
  };
  CHECK(value(5) == "m = (max (max z1 z2) z3)");
  CHECK(value(6) == "p1 = (exp (- z1 (logsumexp z1 z2)))");
  CHECK(value(7) == "p2 = (exp (- z2 (logsumexp z1 z2)))");
  CHECK(value(8) == "L = (neg (+ (* y1 (log p1)) (* y2 (log p2))))");
}

TEST_CASE("errors of functions of several arguments: exact messages and positions") {
  using namespace parser_test;
  CHECK(errors_of("x = 1\ny = max(x)") == one("2:5: 'max' takes at least 2 arguments, found 1"));
  CHECK(errors_of("x = 1\ny = logsumexp()") ==
        one("2:5: 'logsumexp' takes at least 2 arguments, found 0"));
  CHECK(errors_of("x = 1\np1, p2 = softmax(x, x, x)") ==
        one("2:10: softmax of 3 arguments defines 3 names, found 2 on the left"));
  CHECK(errors_of("x = 1\np1 = softmax(x)") ==
        std::vector<std::string>{
            "2:6: 'softmax' takes at least 2 arguments, found 1",
            "2:6: softmax gives one value per argument: name them on the left, as in "
            "'p1, p2 = softmax(z1, z2)'"});
  CHECK(errors_of("x = 1\nq = 1 + softmax(x, x)") ==
        one("2:9: softmax gives one value per argument: name them on the left, as in "
            "'p1, p2 = softmax(z1, z2)'"));
  CHECK(errors_of("x = 1\nr1, r2 = exp(x)") ==
        one("2:10: expected 'softmax(' after several names (only softmax defines several, as in "
            "'p1, p2 = softmax(z1, z2)'), found 'exp'"));
  CHECK(errors_of("x = 1\nr1, r1 = softmax(x, x)") ==
        one("2:5: 'r1' is named twice on the left of one definition"));
  CHECK(errors_of("x = 1\nr1, 2 = softmax(x, x)") ==
        one("2:5: expected a name after ',' on the left of a definition, found '2'"));
  CHECK(errors_of("x = 1\nL = cross_entropy(x, x, x, x)") ==
        one("2:5: 'cross_entropy' takes the probabilities, ';', then the targets, as in "
            "'cross_entropy(p1, p2; y1, y2)'; found no ';'"));
  CHECK(errors_of("x = 1\nL = cross_entropy(x, x; x)") ==
        one("2:5: 'cross_entropy' takes as many targets as probabilities, found 2 probabilities "
            "and 1 target"));
  CHECK(errors_of("x = 1\nL = cross_entropy(x; x)") ==
        one("2:5: 'cross_entropy' takes at least 2 classes, found 1; for one class write "
            "-y*log(p)"));
  CHECK(errors_of("x = 1\nsoftmax = 2") ==
        one("2:1: cannot define 'softmax': it is a function name"));
  CHECK(errors_of("x = 1\ny = maxx(x, x)") ==
        one("2:5: unknown function 'maxx'; did you mean 'max'?" + built_in_functions_note()));
  // The statement after a failed softmax is read as usual.
  CHECK(
      errors_of("x = 1\np1, p2 = softmax(x, x, x)\ny = x + 1\nz = q") ==
      std::vector<std::string>{"2:10: softmax of 3 arguments defines 3 names, found 2 on the left",
                               "4:5: unknown name 'q'"});
}

TEST_CASE("softmax + cross-entropy: values and dL/dz = p - y against closed forms") {
  // Logits (2, 1, 0.1). mpmath, 40 digits: Σe^z = e^2 + e + e^0.1, p = e^z/Σe^z =
  // (0.65900113888596790691, 0.24243297070471392152, 0.098565890409318171562);
  // one-hot y = (1, 0, 0): L = −log p1 = 0.41703001627783348261, dL/dz = p − y =
  // (−0.34099886111403209309, 0.24243297070471392152, 0.098565890409318171562);
  // soft y = (0.7, 0.2, 0.1): L = 0.80703001627783348261, dL/dz = p − y =
  // (−0.040998861114032093086, 0.042432970704713921524, −0.0014341095906818284382).
  // d(dL/dz1)/dz2 = d(p1 − y1)/dz2 = −p1·p2 = −0.15976360379791496787.
  const std::string common = "z1 = 2.0; z2 = 1.0; z3 = 0.1\np1, p2, p3 = softmax(z1, z2, z3)\n";
  const std::string one_hot = temp_file(
      common +
      "y1 = 1; y2 = 0; y3 = 0\nL = cross_entropy(p1, p2, p3; y1, y2, y3)\n"
      "check p1 = 0.65900113888596790691\ncheck p2 = 0.24243297070471392152\n"
      "check p3 = 0.098565890409318171562\ncheck L = 0.41703001627783348261\n"
      "check dL/dz1 = -0.34099886111403209309\ncheck dL/dz2 = 0.24243297070471392152\n"
      "check dL/dz3 = 0.098565890409318171562\ncheck d(dL/dz1)/dz2 = -0.15976360379791496787\n");
  auto j = chainrule_json("check " + one_hot, 0);
  REQUIRE(j["claims"].size() == 8);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
  const std::string soft = temp_file(
      common +
      "y1 = 0.7; y2 = 0.2; y3 = 0.1\nL = cross_entropy(p1, p2, p3; y1, y2, y3)\n"
      "check L = 0.80703001627783348261\ncheck dL/dz1 = -0.040998861114032093086\n"
      "check dL/dz2 = 0.042432970704713921524\ncheck dL/dz3 = -0.0014341095906818284382\n");
  j = chainrule_json("check " + soft, 0);
  REQUIRE(j["claims"].size() == 4);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
  // In double, to 11 digits (the same closed forms, rounded): the same verdicts.
  const std::string soft_double =
      temp_file(common +
                "y1 = 0.7; y2 = 0.2; y3 = 0.1\nL = cross_entropy(p1, p2, p3; y1, y2, y3)\n"
                "check L = 0.80703001628\ncheck dL/dz1 = -0.040998861114\n"
                "check dL/dz2 = 0.042432970705\ncheck dL/dz3 = -0.0014341095907\n");
  j = chainrule_json("check --double " + soft_double, 0);
  REQUIRE(j["claims"].size() == 4);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
}

TEST_CASE("softmax of large logits in double: no overflow") {
  // softmax(1000, 1000) = (1/2, 1/2) exactly; e^1000 would overflow double.
  const std::string file =
      temp_file("a = 1000; b = 1000\np, q = softmax(a, b)\ncheck p = 0.5\ncheck dp/da = 0.25\n");
  auto j = chainrule_json("check --double " + file, 0);
  REQUIRE(j["claims"].size() == 2);
  CHECK(j["claims"][0]["verdict"] == "ok");
  CHECK(j["claims"][1]["verdict"] == "ok");  // p(1 − p) = 1/4
}
