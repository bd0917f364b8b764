// softplus(x) = log(1 + eˣ), the smooth relu, added as one row of the op catalogue: its values,
// its derivative σ(x) and second derivative σ(x)(1 − σ(x)) through every layer, against
// mpmath at 60 digits and closed forms, written beside each assertion.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "cli.hpp"
#include "engine/certified.hpp"
#include "engine/op.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::chainrule_json;
using chainrule::testing::Precision;
using chainrule::testing::real;
using chainrule::testing::temp_file;

TEST_CASE("softplus at closed forms and far out on both sides") {
  Precision precision(60);
  const auto& r = rule<Real>(Op::Softplus);
  // softplus(0) = log 2 = 0.693147180559945309417232121458176568075500134360255254120680
  CHECK(agree_to_digits(r.forward(Real(0), Real(0)),
                        real("0.693147180559945309417232121458176568075500134360255254120680"),
                        58));
  // softplus(x) − softplus(−x) = log((1 + eˣ)/(1 + e⁻ˣ)) = x exactly.
  const Real x = real("3.7");
  CHECK(agree_to_digits(r.forward(x, Real(0)) - r.forward(Real(-x), Real(0)), x, 58));
  // softplus(−60) = log(1 + t) with t = e⁻⁶⁰: t − t²/2 + t³/3, to 80 digits (mpmath's log1p
  // at 80 digits, written below in full). Through
  // 1 + t at 60 digits the result keeps only 33 digits (mpmath's own log(1 + t) at 60 digits
  // gives ...27624009257040..., wrong from the 33rd digit).
  const Real t = exp(Real(-60));
  CHECK(agree_to_digits(r.forward(Real(-60), Real(0)), t - t * t / 2 + t * t * t / 3, 58));
  CHECK(agree_to_digits(
      r.forward(Real(-60), Real(0)),
      real("8.7565107626965203384887327624009256679471093196107172534837199525666845130123567e-27"),
      58));
  // In double, e^1000 overflows; softplus(1000) = 1000 + log1p(e^-1000) = 1000 to every digit.
  CHECK(rule<double>(Op::Softplus).forward(1000.0, 0.0) == 1000.0);
  CHECK(rule<double>(Op::Softplus).forward(-800.0, 0.0) == 0.0);  // e^-800 underflows double
}

TEST_CASE("softplus in certified arithmetic encloses log 2 at 0") {
  const Certified s = rule<Certified>(Op::Softplus).forward(Certified(0), Certified(0));
  CHECK(certain_digits(s, 15) == 15);
  CHECK(to_decimal(s, 15) == "0.693147180559945");  // log 2 = 0.69314718055994530942…
}

TEST_CASE("the tape differentiates softplus to sigmoid") {
  Precision precision(60);
  Tape<Real> tape;
  const NodeIndex x = tape.input(real("0.5"));
  const NodeIndex y = tape.apply(Op::Softplus, x);
  // σ(0.5) = 1/(1 + e^-0.5) = 0.622459331201854564638900565745508478753279365308910163059437
  CHECK(agree_to_digits(sweep(tape, y)[x],
                        real("0.622459331201854564638900565745508478753279365308910163059437"),
                        58));
}

TEST_CASE("derivation files call softplus: values, first and second derivatives judged") {
  // mpmath at 60 digits, x = 0.5: softplus = 0.974076984180106680872997355081170749755596,
  // σ = 0.622459331201854564638900565745508478753279, σ(1 − σ) = 0.235003712201594489069302.
  const std::string file = temp_file(
      "x = 0.5\ny = softplus(x)\ncheck y = 0.9740769842\ncheck dy/dx = 0.6224593312\n"
      "check d(dy/dx)/dx = 0.2350037122\ncheck dy/dx = 0.6224\n");
  auto j = chainrule_json("check " + file, 0);  // truncated is not a failure: exit 0
  REQUIRE(j["claims"].size() == 4);
  CHECK(j["claims"][0]["verdict"] == "ok");
  CHECK(j["claims"][1]["verdict"] == "ok");
  CHECK(j["claims"][2]["verdict"] == "ok");
  // 0.62245… published as 0.6224: cut off, not rounded (0.6225).
  CHECK(j["claims"][3]["verdict"] == "truncated");
}

TEST_CASE("formula and explain print softplus's partial as sigmoid") {
  const std::string file = temp_file("w = 2\nx = 0.5\nh = softplus(w*x)\n");
  auto r = chainrule::testing::run_chainrule("formula " + file + " dh/dw");
  REQUIRE(r.status == 0);
  // d/dw softplus(w·x) = σ(w·x)·x
  CHECK(r.out.find("sigmoid(w * x) * x") != std::string::npos);
}
