// Certified numbers: exact rationals where the value is rational, intervals elsewhere, printed
// with certain digits only; and the verdicts they give at every --digits.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "engine/certified.hpp"
#include "verify/published.hpp"

using chainrule::engine::Certified;
using chainrule::engine::parse_decimal;
using chainrule::engine::to_decimal;
using chainrule::testing::chainrule_json;
using Rational = Certified::Rational;

namespace {

Certified exact(const char* text) { return parse_decimal<Certified>(text); }

struct PrecisionScope {
  explicit PrecisionScope(int digits) : saved(chainrule::engine::certified_digits()) {
    chainrule::engine::set_certified_digits(digits);
  }
  ~PrecisionScope() { chainrule::engine::set_certified_digits(saved); }
  int saved;
};

}  // namespace

TEST_CASE("decimal text is read as the exact rational it denotes") {
  PrecisionScope scope(60);
  REQUIRE(exact("0.125").exact() != nullptr);
  CHECK(*exact("0.125").exact() == Rational(1) / Rational(8));
  CHECK(*exact("-6.02E23").exact() == Rational(-602) * Rational("10000000000000000000000") / 10);
  CHECK(*exact(".5").exact() == Rational(1) / Rational(2));
  // 0.1 + 0.2 - 0.3 is exactly 0 in the rationals (not 5.6e-17 as in double): it prints as 0.
  const Certified z = exact("0.1") + exact("0.2") - exact("0.3");
  REQUIRE(z.exact() != nullptr);
  CHECK(to_decimal(z, 50) == "0");
  // 1/3 stays exact, so a 100-digit claim is judged against the true value, not 60 digits.
  CHECK(to_decimal(Certified(1) / Certified(3), 100) == "0." + std::string(100, '3'));
}

TEST_CASE("exact values are printed correctly rounded, halves away from zero") {
  PrecisionScope scope(60);
  CHECK(to_decimal(exact("0.125"), 2) == "0.13");  // the tie, away from zero
  CHECK(to_decimal(exact("-0.125"), 2) == "-0.13");
  CHECK(to_decimal(exact("2.675"), 3) == "2.68");  // double would print 2.67
  CHECK(to_decimal(exact("0.99999"), 3) == "1");   // the carry reaches a new digit
  CHECK(to_decimal(Certified(2) / Certified(3), 5) == "0.66667");
}

TEST_CASE("an interval prints only the digits every value in it shares") {
  PrecisionScope scope(60);
  // [1.0625, 1.125]: both ends round to 1.1 at two digits, to 1.06 and 1.13 at three.
  Certified::Interval both;
  mpfi_interv_d(both.backend().data(), 1.0625, 1.125);
  const Certified x = Certified::enclosed(both);
  CHECK(chainrule::engine::certain_digits(x, 10) == 2);
  CHECK(to_decimal(x, 10) == "1.1");
  // [-1, 1] has no certain digit: a bound on its size.
  mpfi_interv_si(both.backend().data(), -1, 1);
  CHECK(to_decimal(Certified::enclosed(both), 10) == "[±1]");
  // [1, 3]: no certain digit, and 0 is not in it: its midpoint, marked.
  mpfi_interv_si(both.backend().data(), 1, 3);
  CHECK(to_decimal(Certified::enclosed(both), 10) == "~2");
}

TEST_CASE("comparisons are exact for rationals and counted when an interval cannot decide") {
  PrecisionScope scope(60);
  const auto before = chainrule::engine::undecided_comparisons();
  CHECK(exact("0.125") - exact("0.12") == exact("0.005"));  // the tie itself, exactly
  CHECK(chainrule::engine::undecided_comparisons() == before);
  const Certified e = exp(Certified(1));
  CHECK(e > exact("2.718281828"));  // e = 2.718281828459...: certain
  CHECK(chainrule::engine::undecided_comparisons() == before);
  (void)(e - e == Certified(0));  // e - e holds 0 but is no point: undecided
  CHECK(chainrule::engine::undecided_comparisons() == before + 1);
}

TEST_CASE("ties and near-ties get the same verdicts at 20, 30, 50, 200 and 1000 digits") {
  // The expected verdicts are the ones worked out beside each claim in the file.
  const std::vector<std::string> expected{
      "ok", "ok",        "ok",         "ok", "wrong",     "wrong",     "ok",         "ok", "ok",
      "ok", "truncated", "last-digit", "ok", "truncated", "truncated", "last-digit", "ok"};
  for (const char* digits : {"20", "30", "50", "200", "1000"}) {
    CAPTURE(digits);
    auto report =
        chainrule_json(std::string("check tests/derivations/ties.chain --digits ") + digits, 1);
    std::vector<std::string> verdicts;
    for (const auto& claim : report["claims"]) verdicts.push_back(claim["verdict"]);
    CHECK(verdicts == expected);
  }
}

TEST_CASE("cancellation, underflow and huge arguments are ok at every precision") {
  for (const char* digits : {"20", "30", "50", "200", "1000"}) {
    CAPTURE(digits);
    auto report = chainrule_json(
        std::string("check tests/derivations/cancellation.chain --digits ") + digits);
    for (const auto& claim : report["claims"]) {
      CAPTURE(claim["expr"]);
      CHECK(claim["verdict"] == "ok");
    }
  }
}

TEST_CASE("a value no precision within the budget decides is undecided, and says so") {
  // sin(10^100000000): its argument needs 10^8 digits before the sine means anything, so every
  // precision up to the budget knows only that it lies in [-1, 1].
  auto file = chainrule::testing::temp_file("x = 1e100000000\ny = sin(x)\ncheck y = 0.5\n");
  auto r = chainrule::testing::run_chainrule("check " + file);
  CHECK(r.status == 1);
  CHECK(r.out.find("undecided") != std::string::npos);
  CHECK(r.out.find("0 wrong, 1 undecided") != std::string::npos);
}

TEST_CASE("a claim in scientific notation is corrected in the same notation") {
  // 3.36228e-4 to the claim's 4 decimals of mantissa: 3.36228 rounds to 3.3623, so the
  // published 3.3624e-4 is off by 1.2 units of 1e-8 (more than one unit): wrong.
  auto file = chainrule::testing::temp_file("x = 3.36228e-4\ncheck x = 3.3624e-4\n");
  auto r = chainrule::testing::run_chainrule("check " + file);
  CHECK(r.status == 1);
  CHECK(r.out.find("correctly rounded it is 3.3623e-4") != std::string::npos);
}

TEST_CASE("in IEEE double, sigmoid'(40) and tanh'(300) are tiny numbers, not 0") {
  // mpmath at 50 digits: e^-40/(1 + e^-40)^2 = 4.248354255291589e-18, 1/cosh(300)^2 =
  // 1.0602e-260; r(1 - r) and 1 - r^2 would be 0 in double (r rounds to 1).
  auto file = chainrule::testing::temp_file(
      "x = 40\ny = sigmoid(x)\ncheck d(y)/d(x) = 4.2483542553e-18\n"
      "z = 300\nt = tanh(z)\ncheck d(t)/d(z) = 1.060e-260\n");
  auto report = chainrule_json("check " + file + " --double");
  CHECK(report["claims"][0]["verdict"] == "ok");
  CHECK(report["claims"][1]["verdict"] == "ok");
}

TEST_CASE("a 100-digit claim of 1/3 wrong at digit 80 is wrong at the default precision") {
  // 1/3 is exact: |1/3 - C| = 6.7e-81 against u/2 = 5e-101; not truncated (C > 1/3), not
  // within one unit: wrong.
  const std::string published = "0." + std::string(79, '3') + "4" + std::string(20, '3');
  auto file = chainrule::testing::temp_file("third = 1/3\ncheck third = " + published + "\n");
  auto report = chainrule_json("check " + file, 1);
  CHECK(report["claims"][0]["verdict"] == "wrong");
}

TEST_CASE("exp(-1e9) is a tiny number, not an underflow, and 1/exp(-1e9) is e^(1e9)") {
  // mpmath at 60 digits: exp(10^9) = 8.00298177066e+434294481 (a claim cannot be written that
  // large: literal exponents stop at 10^8, so eval prints it).
  auto file = chainrule::testing::temp_file("x = -1e9\ne = exp(x)\ny = 1/e\n");
  auto r = chainrule::testing::run_chainrule("eval " + file + " --digits 12");
  CHECK(r.status == 0);
  CHECK(r.out.find("y = 8.00298177066e+434294481") != std::string::npos);
}

TEST_CASE("an infinite derivative names the op where it arose, in every command") {
  // sqrt'(x) = 1/(2 sqrt x) is infinite at x = a - 0.1 = 0 (exactly: a is the rational 1/10).
  auto file = chainrule::testing::temp_file(
      "a = 0.1\ns = sqrt(a - 0.1)\ng = s * 2\nE = g + a\ncheck dg/da = 1\n");
  auto checked = chainrule::testing::run_chainrule("check " + file);
  CHECK(checked.status == 2);
  CHECK(checked.err.find(":2:5: error: its derivative is not finite here: sqrt(0), in the "
                         "definition of 's'") != std::string::npos);
  const std::string gradient_error =
      "error: the gradient of 'E' is not finite: the local derivative of sqrt at line 2, "
      "column 5 is infinite there";
  auto plain = chainrule::testing::temp_file("a = 0.1\ns = sqrt(a - 0.1)\ng = s * 2\nE = g + a\n");
  for (const std::string& command :
       {"explain " + plain + " 'dE/da'", "hessian " + plain + " --of E --wrt a",
        "grad " + plain + " --of E"}) {
    CAPTURE(command);
    auto r = chainrule::testing::run_chainrule(command);
    CHECK(r.status == 2);
    CHECK(r.err.find(gradient_error) != std::string::npos);
    CHECK(r.out.find("inf") == std::string::npos);
  }
}
