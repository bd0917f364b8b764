// `chainrule formula` output, read back as a derivation-file expression, evaluates to the
// derivative term's own value to all working digits: on both tutorials, on hand-written
// networks over every function, and on networks from `chainrule network`.
#include <doctest/doctest.h>

#include "cli.hpp"
#include "engine/number.hpp"

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

// Agreement to all `digits` working digits: within one unit of the last of them.
bool same_to_digits(const std::string& x, const std::string& y, int digits) {
  chainrule::engine::set_working_digits(digits + 20);
  const Real a = parse_decimal<Real>(x), b = parse_decimal<Real>(y);
  const Real scale = std::max(abs(a), abs(b));
  return abs(a - b) <= scale * pow(Real(10), 1 - digits) || scale == 0;
}

// Every input `of` depends on, as derivative terms d(of)/d(input).
std::vector<std::string> gradient_terms(const std::string& file, const std::string& of) {
  std::vector<std::string> terms;
  const auto report = chainrule_json("grad " + file + " --of " + of);
  for (const auto& g : report["gradient"])
    terms.push_back("d(" + of + ")/d(" + g["wrt"].get<std::string>() + ")");
  return terms;
}

// Appends `fK = FORMULA` and `dK = TERM` for every term to the file and compares the two.
void check_round_trip(const std::string& file, const std::vector<std::string>& terms,
                      int digits = 50) {
  std::string text = slurp(file) + "\n";
  for (std::size_t k = 0; k < terms.size(); ++k) {
    auto formula =
        run_chainrule("formula " + file + " '" + terms[k] + "' --digits " + std::to_string(digits));
    REQUIRE_MESSAGE(formula.status == 0, formula.err);
    text += "formula_" + std::to_string(k) + " = " + formula.out + "term_" + std::to_string(k) +
            " = " + terms[k] + "\n";
  }
  const auto report =
      chainrule_json("eval " + temp_file(text) + " --digits " + std::to_string(digits));
  const auto& values = report["values"];
  REQUIRE(values.size() >= 2 * terms.size());
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const auto& f = values[values.size() - 2 * terms.size() + 2 * k];
    const auto& d = values[values.size() - 2 * terms.size() + 2 * k + 1];
    CAPTURE(terms[k]);
    CAPTURE(f["value"]);
    CAPTURE(d["value"]);
    CHECK(same_to_digits(f["value"], d["value"], digits));
  }
}

// Every function of the file format, in a small two-layer network (hand-written).
const char* all_functions = R"(x1 = 0.3; x2 = -1.7; t = 0.25
w1 = 0.8; w2 = -0.6; w3 = 1.3; w4 = 0.45; w5 = -0.9; w6 = 2.1; b = 0.15
a1 = relu(w1*x1 + w2*x2 + b)
a2 = tanh(w3*x1 - w4*x2)
a3 = abs(w2*x2 - w5) + sqrt(w6^2 + a1^2)
h = sigmoid(a1*w5 + a2*w6) * exp(-a3/3) + log(1 + a2^2) / pow(w6, 1/3)
s = sin(h) * cos(w4*h) - h^3 / 4
E = 1/2 * (s - t)^2 + (w1^2 + w2^2) / 100
)";

// A hand-written 2-3-1 tanh network with per-neuron biases, written the way
// `chainrule network` writes them.
const char* small_network = R"(x1 = 0.5; x2 = -0.25; T1 = 0.7
w1 = 0.1; w2 = -0.2; w3 = 0.3; w4 = 0.4; w5 = -0.5; w6 = 0.6
w7 = 0.7; w8 = -0.8; w9 = 0.9
b1 = 0.01; b2 = 0.02; b3 = 0.03; b4 = 0.04
h1 = x1*w1 + x2*w2 + b1; out_h1 = tanh(h1)
h2 = x1*w3 + x2*w4 + b2; out_h2 = tanh(h2)
h3 = x1*w5 + x2*w6 + b3; out_h3 = tanh(h3)
y1 = out_h1*w7 + out_h2*w8 + out_h3*w9 + b4; out_y1 = sigmoid(y1)
E = 1/2 * (T1 - out_y1)^2
)";

}  // namespace

TEST_CASE("formula of every gradient entry of both tutorials reads back to the same value") {
  for (const char* file :
       {"examples/derivations/tutorial_a.chain", "examples/derivations/tutorial_b.chain"}) {
    CAPTURE(file);
    auto terms = gradient_terms(file, "E");
    CHECK(terms.size() >= 12);
    terms.push_back("dE/d(out_h1)");
    terms.push_back("d(out_h1)/d(h1)");
    check_round_trip(file, terms);
  }
}

TEST_CASE("formula reads back on hand-written networks over every function, at 50 and 300 digits") {
  for (const char* text : {all_functions, small_network}) {
    const auto file = temp_file(text);
    auto terms = gradient_terms(file, "E");
    CHECK(terms.size() >= 10);
    check_round_trip(file, terms);
    check_round_trip(file, {terms.front(), terms.back()}, 300);
  }
}

TEST_CASE("formula of second derivatives reads back: d(dE/dw5)/dw1 on tutorial A") {
  check_round_trip("examples/derivations/tutorial_a.chain",
                   {"d(dE/dw5)/dw1", "d(dE/dw1)/dw1", "d(dE/db2)/d(out_h1)"});
}

TEST_CASE("formula reads back on networks from `chainrule network`") {
  if (run_chainrule("network --help").status != 0) {
    MESSAGE(
        "`chainrule network` is not built here; the hand-written networks above stand in for it");
    return;
  }
  for (const char* shape : {"2-3-2 --activation tanh",
                            "3-4-3-2 --activation tanh,relu,sigmoid --loss bce --layout keras",
                            "2-2-2 --bias shared --lr 0.3"}) {
    CAPTURE(shape);
    auto generated = run_chainrule(std::string("network ") + shape);
    REQUIRE_MESSAGE(generated.status == 0, generated.err);
    const auto file = temp_file(generated.out);
    auto terms = gradient_terms(file, "E");
    CHECK(terms.size() >= 10);
    check_round_trip(file, terms);
  }
}
