// train --optimizer momentum|nesterov|adam and --trace: the steps against values derived by
// hand (the exact decimals below) and the nn library's Adam against the same rule written out
// by hand; the flags' errors, each with its exact message. tests/oracle/optimizers.py checks
// every printed digit of longer runs against exact and 200-digit arithmetic.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "cli.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"
#include "test_nn_helpers.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

const std::string kMomentum =
    "train examples/derivations/momentum.chain --loss L --wrt w,b --lr 0.05 --steps 3 ";
const std::string kAdam =
    "train examples/derivations/adam.chain --loss L --wrt w,b --lr 0.1 --steps 2 ";

}  // namespace

TEST_CASE("momentum, three steps: the hand values of examples/derivations/momentum.chain") {
  // L = (2w + b - 1)^2 from w = 1, b = 0; g = (4r, 2r) with r = 2w + b - 1; lr 0.05, mu 0.9.
  // Step 1: r = 1, g = (4, 2), b_1 = g: w = 1 - 0.2 = 0.8, b = -0.1; r = 0.5, L = 0.25.
  // Step 2: g = (2, 1), b_2 = 0.9 (4, 2) + (2, 1) = (5.6, 2.8): w = 0.8 - 0.28 = 0.52,
  //         b = -0.1 - 0.14 = -0.24; r = -0.2, L = 0.04.
  // Step 3: g = (-0.8, -0.4), b_3 = (5.04 - 0.8, 2.52 - 0.4) = (4.24, 2.12):
  //         w = 0.52 - 0.212 = 0.308, b = -0.24 - 0.106 = -0.346; r = -0.73, L = 0.5329.
  auto r = run_chainrule(kMomentum + "--optimizer momentum --momentum 0.9 --trace");
  REQUIRE(r.status == 0);
  const std::string steps =
      "step 0: L = 1\n"
      "        w = 1\n"
      "        b = 0\n"
      "step 1: L = 0.25\n"
      "        w = 0.8\n"
      "        b = -0.1\n"
      "step 2: L = 0.04\n"
      "        w = 0.52\n"
      "        b = -0.24\n"
      "step 3: L = 0.5329\n"
      "        w = 0.308\n"
      "        b = -0.346\n";
  CHECK(r.out.substr(0, steps.size()) == steps);
  CHECK(r.out.find("trained leaves after 3 steps (momentum: lr 0.05, momentum 0.9):\n"
                   "w = 0.308\nb = -0.346\n") != std::string::npos);
  // 0.9 is the default momentum: the same steps without --momentum.
  CHECK(run_chainrule(kMomentum + "--optimizer momentum --trace").out == r.out);
}

TEST_CASE("nesterov, three steps, by hand") {
  // Step 1: g = (4, 2), b_1 = (4, 2), g' = g + 0.9 b_1 = (7.6, 3.8): w = 1 - 0.38 = 0.62,
  //         b = -0.19; r = 1.24 - 0.19 - 1 = 0.05, L = 0.0025.
  // Step 2: g = (0.2, 0.1), b_2 = (3.6 + 0.2, 1.8 + 0.1) = (3.8, 1.9),
  //         g' = (0.2 + 3.42, 0.1 + 1.71) = (3.62, 1.81): w = 0.62 - 0.181 = 0.439,
  //         b = -0.19 - 0.0905 = -0.2805; r = 0.878 - 0.2805 - 1 = -0.4025, L = 0.16200625.
  // Step 3: g = (-1.61, -0.805), b_3 = (3.42 - 1.61, 1.71 - 0.805) = (1.81, 0.905),
  //         g' = (-1.61 + 1.629, -0.805 + 0.8145) = (0.019, 0.0095): w = 0.439 - 0.00095 =
  //         0.43805, b = -0.2805 - 0.000475 = -0.280975; r = -0.404875, L = 0.163923765625.
  auto r = run_chainrule(kMomentum + "--optimizer nesterov --trace --every 2");
  REQUIRE(r.status == 0);
  // --every 2: step 0, step 2 and the last step.
  CHECK(r.out.substr(0, r.out.find("\n\n")) ==
        "step 0: L = 1\n        w = 1\n        b = 0\n"
        "step 2: L = 0.16200625\n        w = 0.439\n        b = -0.2805\n"
        "step 3: L = 0.163923765625\n        w = 0.43805\n        b = -0.280975");
}

TEST_CASE("adam, the first step: lr*g/(|g| + eps) for each leaf") {
  // m_1 = 0.1 g, v_1 = 0.001 g^2, so mhat = g and vhat = g^2 exactly, and the step is
  // 0.1*g/(|g| + 1e-8): w = 1 - 0.4/4.00000001 = 1 - 0.1/1.0000000025, and
  // b = -0.2/2.00000001 = -0.1/1.000000005. 0.1/(1 + d) = 0.1 (1 - d + d^2 - ...):
  // w = 0.9 + 2.5e-10 - 6.25e-19 + ..., b = -0.1 + 5e-10 - 2.5e-18 + ...
  auto j = chainrule_json(kAdam + "--optimizer adam --trace");
  const auto& step1 = j["history"][1];
  CHECK(step1["step"] == 1);
  const std::string w = step1["leaves"][0]["value"], b = step1["leaves"][1]["value"];
  CHECK(step1["leaves"][0]["name"] == "w");
  CHECK(w.substr(0, 21) == "0.9000000002499999993");  // 0.9 + 2.5e-10 - 6.25e-19
  CHECK(b.substr(0, 21) == "-0.099999999500000002");  // -0.1 + 5e-10 - 2.5e-18
  CHECK(
      j["optimizer"] ==
      nlohmann::json{
          {"name", "adam"}, {"lr", "0.1"}, {"beta1", "0.9"}, {"beta2", "0.999"}, {"eps", "1e-8"}});
  // The hyperparameters are read: beta1 = 0 makes m = g, still a sign step at t = 1, but
  // eps = 4 halves it for w: 0.1*4/(4 + 4) = 0.05.
  auto own = chainrule_json(kAdam + "--optimizer adam --beta1 0 --eps 4 --trace");
  CHECK(own["history"][1]["leaves"][0]["value"] == "0.95");
}

TEST_CASE("sgd is what train always did: the same output, and --trace adds the leaves") {
  auto plain = run_chainrule(kMomentum);
  auto sgd = run_chainrule(kMomentum + "--optimizer sgd");
  CHECK(plain.status == 0);
  CHECK(plain.out == sgd.out);
  // Plain steps halve r = 2w + b - 1: r = 1 - 0.05 (4r*2 + 2r) = r/2, so L = 1/4^k.
  CHECK(plain.out.substr(0, plain.out.find("\n\n")) ==
        "step 0: L = 1\nstep 1: L = 0.25\nstep 2: L = 0.0625\nstep 3: L = 0.015625");
  auto j = chainrule_json(kMomentum);
  CHECK(j["optimizer"] == nlohmann::json{{"name", "sgd"}, {"lr", "0.05"}});
  CHECK(!j["history"][0].contains("leaves"));
}

TEST_CASE("--trace --csv writes every leaf beside the loss") {
  const std::string csv = temp_file("", ".csv");
  auto r = run_chainrule(kMomentum + "--optimizer momentum --trace --csv " + csv);
  REQUIRE(r.status == 0);
  // The hand values of the momentum test above.
  CHECK(slurp(csv) == "step,loss,w,b\n0,1,1,0\n1,0.25,0.8,-0.1\n2,0.04,0.52,-0.24\n"
                      "3,0.5329,0.308,-0.346\n");
}

TEST_CASE("--double takes the same momentum steps, to double's rounding") {
  auto j = chainrule_json(kMomentum + "--double --optimizer momentum --trace");
  const double w3 = std::stod(j["history"][3]["leaves"][0]["value"].get<std::string>());
  CHECK(std::abs(w3 - 0.308) < 1e-15);  // the hand value of the momentum test above
}

TEST_CASE("the optimizer flags' errors: one line naming the flag, exit 2") {
  auto error_of = [](const std::string& flags) {
    auto r = run_chainrule(kMomentum + flags);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    return r.err;
  };
  CHECK(error_of("--optimizer foo") ==
        "--optimizer: 'foo' is not one of sgd, momentum, nesterov, adam\n");
  CHECK(error_of("--optimizer Adam") ==
        "--optimizer: 'Adam' is not one of sgd, momentum, nesterov, adam\n");
  CHECK(error_of("--optimizer adam --beta1 1.5") ==
        "--beta1: '1.5' is out of range: it must be at least 0 and less than 1\n");
  CHECK(error_of("--optimizer adam --beta2 1") ==
        "--beta2: '1' is out of range: it must be at least 0 and less than 1, and at the "
        "working precision it is 1\n");
  CHECK(error_of("--optimizer adam --beta1 -0.1") ==
        "--beta1: '-0.1' is out of range: it must be at least 0 and less than 1\n");
  CHECK(error_of("--optimizer adam --eps 0") ==
        "--eps: '0' is out of range: it must be greater than 0\n");
  CHECK(error_of("--optimizer adam --eps abc") == "--eps: 'abc' is not a decimal number\n");
  CHECK(error_of("--optimizer adam --momentum 0.9") ==
        "--momentum: applies to --optimizer momentum and nesterov, not adam\n");
  CHECK(error_of("--momentum 0.9") ==
        "--momentum: applies to --optimizer momentum and nesterov, not sgd\n");
  CHECK(error_of("--optimizer momentum --beta1 0.9") ==
        "--beta1: applies to --optimizer adam, not momentum\n");
  CHECK(error_of("--optimizer nesterov --momentum 0") ==
        "--momentum: '0' is out of range: nesterov needs a momentum greater than 0\n");
  CHECK(error_of("--optimizer momentum --momentum 1e-99999999999999999999") ==
        "--momentum: '1e-99999999999999999999' is out of range: at the working precision it "
        "is 0\n");
  // 1 - 1e-30 is below 1, but double rounds it to 1.
  CHECK(error_of("--double --optimizer adam --beta1 0.999999999999999999999999999999") ==
        "--beta1: '0.999999999999999999999999999999' is out of range: it must be at least 0 "
        "and less than 1, and at the working precision it is 1\n");
  // At 50 digits it is below 1, and a valid beta1.
  CHECK(run_chainrule(kAdam + "--optimizer adam --beta1 0.999999999999999999999999999999").status ==
        0);
}

namespace {

using chainrule::engine::Real;
using chainrule::nn::testing::real;

// d(E)/d(p) of tutorial A's network on one row, by hand (the backward pass of
// tests/test_nn_training.cpp's HandSgd): w1..w8, b1, b2.
std::vector<Real> hand_gradient(const std::vector<Real>& p, const std::vector<Real>& x,
                                const std::vector<Real>& t) {
  auto sigmoid = [](const Real& v) { return Real(1 / (1 + exp(-v))); };
  const Real h1 = sigmoid(x[0] * p[0] + x[1] * p[1] + p[8]);
  const Real h2 = sigmoid(x[0] * p[2] + x[1] * p[3] + p[8]);
  const Real y1 = sigmoid(h1 * p[4] + h2 * p[5] + p[9]);
  const Real y2 = sigmoid(h1 * p[6] + h2 * p[7] + p[9]);
  const Real d1 = (y1 - t[0]) * y1 * (1 - y1), d2 = (y2 - t[1]) * y2 * (1 - y2);
  const Real g1 = (d1 * p[4] + d2 * p[6]) * h1 * (1 - h1);
  const Real g2 = (d1 * p[5] + d2 * p[7]) * h2 * (1 - h2);
  return {g1 * x[0], g1 * x[1], g2 * x[0], g2 * x[1], d1 * h1,
          d1 * h2,   d2 * h1,   d2 * h2,   g1 + g2,   d1 + d2};
}

}  // namespace

TEST_CASE("nn::train with Adam: tutorial A's first row, 3 steps, as the formulas by hand") {
  using namespace chainrule::nn;
  chainrule::engine::set_working_digits(50);
  Network<Real> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  const auto data = make_dataset<Real>({tutorial_a_input_rows()[0]}, {tutorial_a_target_rows()[0]});
  TrainOptions<Real> options{real("0.01")};
  options.epochs = 3;
  options.optimizer = chainrule::engine::OptimizerKind::Adam;
  train(net, data, options);

  // PyTorch's Adam written out again, m_0 = v_0 = 0, beta1 0.9, beta2 0.999, eps 1e-8.
  const char* names[] = {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"};
  const auto start = tutorial_a_values();
  auto start_value = [&](const std::string& name) {
    for (const auto& [n, value] : start)
      if (n == name) return real(value);
    FAIL("no value for " << name);
    return Real(0);
  };
  std::vector<Real> p;
  for (const char* n : names) p.push_back(start_value(n));
  std::vector<Real> m(10, Real(0)), v(10, Real(0));
  const Real b1 = real("0.9"), b2 = real("0.999"), eps = real("1e-8"), lr = real("0.01");
  for (int step = 1; step <= 3; ++step) {
    const auto g = hand_gradient(p, data.inputs[0], data.targets[0]);
    for (int k = 0; k < 10; ++k) {
      m[k] = b1 * m[k] + (1 - b1) * g[k];
      v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
      const Real m_hat = m[k] / (1 - pow(b1, step)), v_hat = v[k] / (1 - pow(b2, step));
      p[k] -= lr * m_hat / (sqrt(v_hat) + eps);
    }
  }
  for (int k = 0; k < 10; ++k) {
    CAPTURE(names[k]);
    CHECK_DIGITS(net.value(names[k]), p[k], 45);
    // Not sgd's step: Adam's first step is about lr for every parameter, so three steps move
    // each by more than lr, where tutorial A's gradients (below 0.1) at lr 0.01 move sgd's
    // by less than 0.003.
    CHECK(abs(net.value(names[k]) - start_value(names[k])) > lr);
  }
}
