// explain, hessian and dot print certified values too: where cancellation leaves fewer certain
// digits than they show, they compute again at a higher precision (Ziv's strategy) instead of
// printing digits that are wrong. Expected values come from Taylor series worked by hand and
// from mpmath, written beside each assertion.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

// f(x) = (exp(x) - 1)/x = sum x^n/(n+1)!, so f'(x) = 1/2 + x/3 + x²/8 + … and
// f''(x) = 1/3 + x/4 + …; at x = 1e-30 both are their constant terms plus a tail at digit 31.
// Differentiated as written, f' = exp(x)/x + (1 - exp(x))/x² cancels about 60 digits away:
// at 50 working digits not one digit of it is certain.
const std::string kCancelling = "x = 1e-30\nf = (exp(x) - 1)/x\n";

}  // namespace

TEST_CASE("explain computes again where cancellation left no certain digit") {
  auto r = run_chainrule("explain " + temp_file(kCancelling) + " df/dx");
  REQUIRE(r.status == 0);
  // 0.5 + 3.3e-31 to 10 digits is 0.5, and more digits follow: "0.5…". At 50 digits the
  // value was "~0.79" (no digit certain); 120 is 2 × (50 + 10 guard digits), the first raise.
  CHECK(r.out.find("df/dx = 0.5\u2026  (computed at 120 significant digits)") == 0);
  CHECK(r.out.find('~') == std::string::npos);
}

TEST_CASE("hessian --json: all 50 digits certain after cancellation") {
  auto h = chainrule_json("hessian " + temp_file(kCancelling) + " --of f --wrt x", 0);
  CHECK(h["digits"] == 50);
  // f'(1e-30) = 0.5 + 3.33…e-31 + 1.25e-61: "5", 29 zeros, then threes, to 50 digits.
  CHECK(h["gradient"][0] == "0.5" + std::string(29, '0') + std::string(20, '3'));
  // f''(1e-30) = 1/3 + 2.5e-31 + …: thirty 3s, then 3+2 = 5, 3+5 = 8, then threes.
  CHECK(h["hessian"][0][0] == "0." + std::string(30, '3') + "58" + std::string(18, '3'));
}

TEST_CASE("dot labels carry only certain digits") {
  auto r = run_chainrule("dot " + temp_file(kCancelling) + " --of f");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("df/dx = 0.5\u2026") != std::string::npos);
  CHECK(r.out.find('~') == std::string::npos);
}

TEST_CASE("explain of sigmoid'(100) at 30 digits: every digit right") {
  // mpmath at 40 digits: exp(-100)/(1 + exp(-100))^2 = 3.720075976020835962959695803863118e-44,
  // which rounds at 30 digits to ...803 86 (the next digit is 3).
  auto r = run_chainrule("explain " + temp_file("x = 100\ny = sigmoid(x)\n") +
                         " dy/dx --show 30");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("dy/dx = 3.72007597602083596295969580386e-44\u2026") == 0);
}

TEST_CASE("train: the values printed after training are certified at the trained leaves") {
  // L = (w - 0.5)^2 with lr = 0.25: w <- w - 0.25·2(w - 0.5), so w - 0.5 halves each step and
  // after 100 steps from w = 1 it is 2^-101, exactly (every step is exact in binary). Then
  // D = exp(w) - exp(0.5) = exp(0.5)(exp(2^-101) - 1), which mpmath at 80 digits gives as
  // 6.50305877030819969098577068653600949482567226989122608e-31: computed at 60 digits the
  // subtraction keeps about 30 of them, so only a certified recomputation prints 50 right.
  auto r = chainrule_json("train " + temp_file("w = 1\nL = (w - 0.5)^2\nD = exp(w) - exp(0.5)\n") +
                              " --loss L --lr 0.25 --steps 100 --wrt w",
                          0);
  const auto& values = r["values"];
  REQUIRE(values.size() == 3);
  // 0.5 + 2^-101 and 2^-202 to 50 digits (mpmath).
  CHECK(values[0]["value"] == "0.50000000000000000000000000000039443045261050590271");
  CHECK(values[1]["value"] == "1.5557538194652854267860160134450310601475630421803e-61");
  CHECK(values[2]["value"] == "6.5030587703081996909857706865360094948256722698912e-31");
}
