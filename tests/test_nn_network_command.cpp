// `chainrule network`: its output parses, and `chainrule grad` of it equals nn's own gradient
// of every parameter to all 50 working digits, for every loss, layout, bias sharing and
// activation. The two share no code past the engine: the file goes through the parser and
// verify's compiler, the network through nn.
#include <doctest/doctest.h>

#include "cli.hpp"
#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/values.hpp"
#include "test_nn_helpers.hpp"

using namespace chainrule::nn;
using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

struct Case {
  std::string arguments;  // after `chainrule network`
  Architecture architecture;
  std::string init;  // `name = value` text, empty for nn's default
};

std::vector<Case> cases() {
  using A = Activation;
  return {
      {"2-2-2 --bias shared --activation sigmoid",
       {{2, 2, 2}, {A::Sigmoid}, BiasSharing::SharedPerLayer},
       "x1 = 0.03; x2 = 0.09\nw1 = 0.11; w2 = 0.27; w3 = 0.19; w4 = 0.52\n"
       "w5 = 0.44; w6 = 0.48; w7 = 0.23; w8 = 0.29\nb1 = 0.39; b2 = 0.42 # tutorial A\n"},
      {"2-2-2 --layout keras --loss mse --output-prefix o",
       {{2, 2, 2},
        {A::Sigmoid},
        BiasSharing::PerNeuron,
        WeightLayout::Keras,
        Loss::MeanSquared,
        "o"},
       "x1 = 0.05\nx2 = 0.10\nw1 = 0.15\nw2 = 0.20\nw3 = 0.25\nw4 = 0.30\nw5 = 0.40\n"
       "w6 = 0.45\nw7 = 0.50\nw8 = 0.55\nb1 = 0.40\nb2 = 0.35\nb3 = 0.25\nb4 = 0.60\n"},
      {"2-3-2 --activation tanh", {{2, 3, 2}, {A::Tanh}}, ""},
      {"3-4-3-2 --activation tanh,relu,sigmoid --loss bce --layout keras",
       {{3, 4, 3, 2},
        {A::Tanh, A::Relu, A::Sigmoid},
        BiasSharing::PerNeuron,
        WeightLayout::Keras,
        Loss::BinaryCrossEntropy},
       "T1 = 1; T2 = 0\nb4 = 0.31\nw7 = -1.25e-1\n"},
      {"4-3-1 --activation identity --bias shared --loss mse",
       {{4, 3, 1},
        {A::Identity},
        BiasSharing::SharedPerLayer,
        WeightLayout::Tutorial,
        Loss::MeanSquared},
       "x4 = -2.5\n"},
  };
}

Network<Real> built(const Case& c) {
  Network<Real> net(c.architecture);
  auto init = parse_values(c.init);
  REQUIRE(init.errors.empty());
  assign(net, init.values);
  net.evaluate();
  return net;
}

std::string network_file(const Case& c) {
  std::string arguments = "network " + c.arguments;
  if (!c.init.empty()) arguments += " --init " + temp_file(c.init, ".init");
  auto result = run_chainrule(arguments);
  REQUIRE_MESSAGE(result.status == 0, result.err);
  return temp_file(result.out);
}

}  // namespace

TEST_CASE("chainrule grad of `chainrule network` equals nn's gradient to all 50 digits") {
  chainrule::engine::set_working_digits(50);
  for (const auto& c : cases()) {
    CAPTURE(c.arguments);
    const std::string file = network_file(c);
    auto net = built(c);
    const auto gradient = net.gradient();
    const auto grad = chainrule_json("grad " + file + " --of E");
    std::map<std::string, std::string> from_file;
    for (const auto& g : grad["gradient"])
      from_file[g["wrt"].get<std::string>()] = g["value"].get<std::string>();
    for (std::size_t k = 0; k < gradient.size(); ++k) {
      const auto& name = net.parameters()[k].name;
      CAPTURE(name);
      REQUIRE(from_file.contains(name));
      CHECK(chainrule::engine::to_decimal(gradient[k], 50) == from_file[name]);
    }
    // And the loss itself, through `eval`.
    std::string loss;
    const auto values = chainrule_json("eval " + file);
    for (const auto& v : values["values"])
      if (v["name"] == "E") loss = v["value"].get<std::string>();
    CHECK(chainrule::engine::to_decimal(net.loss(), 50) == loss);
  }
}

TEST_CASE("the written file is a scaffold for checking tutorial A's own numbers") {
  auto c = cases().front();
  auto result =
      run_chainrule("network 2-2-2 --bias shared --lr 0.3 --init " + temp_file(c.init, ".init"));
  REQUIRE(result.status == 0);
  // The tutorial's published numbers, added as a user would add them.
  const std::string checks =
      "check out_h1 = 0.60290881\ncheck E = 0.3060832\ncheck dE/dw5 = 0.08582533\n"
      "check dE/dw1 = 0.00033623\ncheck w5_new = 0.41425240\ncheck w1_new = 0.10989913\n";
  const auto report = chainrule_json("check " + temp_file(result.out + checks));
  CHECK(report["summary"]["ok"] == 6);
  CHECK(report["summary"]["wrong"] == 0);
}

TEST_CASE("the file names every node as the tutorials do") {
  auto keras =
      run_chainrule("network 2-2-2 --layout keras --output-prefix o --activation identity");
  REQUIRE(keras.status == 0);
  CHECK(keras.out.find("h1 = x1*w1 + x2*w3 + b1\n") != std::string::npos);
  CHECK(keras.out.find("o2 = out_h1*w6 + out_h2*w8 + b4\n") != std::string::npos);
  CHECK(keras.out.find("out_h1 = h1\n") != std::string::npos);
  auto deep = run_chainrule("network 2-3-2-1 --bias shared --activation relu --loss bce");
  REQUIRE(deep.status == 0);
  CHECK(deep.out.find("h2_2 = out_h1_1*w10 + out_h1_2*w11 + out_h1_3*w12 + b2\n") !=
        std::string::npos);
  CHECK(deep.out.find("y1 = out_h2_1*w13 + out_h2_2*w14 + b3\n") != std::string::npos);
  CHECK(deep.out.find("E1 = -(T1*log(out_y1) + (1 - T1)*log(1 - out_y1))\nE = E1\n") !=
        std::string::npos);
  // The default values are the documented ones: w_k = ((37k mod 101) - 50)/100, ...
  CHECK(deep.out.find("w1 = -0.13\nw2 = 0.24\n") != std::string::npos);
  CHECK(deep.out.find("b1 = 0.03\nb2 = -0.45\n") != std::string::npos);
  CHECK(deep.out.find("x1 = 0.29\nx2 = 0.58\nT1 = 0.01\n") != std::string::npos);
}

TEST_CASE("mistakes in the command or the init file are errors with exit status 2") {
  auto bad_shape = run_chainrule("network 2-0-2");
  CHECK(bad_shape.status == 2);
  CHECK(bad_shape.err.find("'2-0-2' is not a shape") != std::string::npos);
  CHECK(run_chainrule("network 2-2 --activation softmax").status == 2);
  CHECK(run_chainrule("network 2-2-2 --activation tanh,tanh,tanh").status == 2);
  CHECK(run_chainrule("network 2-2 --bias some").status == 2);
  CHECK(run_chainrule("network 2-2 --lr fast").status == 2);
  const std::string init = temp_file("w1 = 0.5\nh1 = 2\nw9 = 1\n", ".init");
  auto not_leaves = run_chainrule("network 2-2-2 --init " + init);
  CHECK(not_leaves.status == 2);
  CHECK(not_leaves.err.find(init + ":2: error: 'h1' is not an input, target or parameter") !=
        std::string::npos);
  CHECK(not_leaves.err.find(init + ":3: error: 'w9'") != std::string::npos);
  auto unparsable =
      run_chainrule("network 2-2 --init " + temp_file("w1 = 0.5; w1 = 2\nb1 0.3\n", ".init"));
  CHECK(unparsable.status == 2);
  CHECK(unparsable.err.find(":1: error: 'w1' is given twice") != std::string::npos);
  CHECK(unparsable.err.find(":2: error: expected `name = value`") != std::string::npos);
}

TEST_CASE("network writes only numbers a file may hold, and refuses the others") {
  // --lr takes a sign, as the values of --init do; a file's numbers do not: eta = .5.
  auto plus = run_chainrule("network 2-2-2 --lr +.5");
  CHECK(plus.status == 0);
  CHECK(plus.out.find("\neta = .5\n") != std::string::npos);
  CHECK(run_chainrule("check " + temp_file(plus.out)).status == 0);
  // A value no file may write (exponents go up to 1e8 either way) is refused before anything
  // is printed, at the line the file would have it on.
  auto huge = run_chainrule("network 2-2-1 --init " + temp_file("w1 = 1e9999999999\n", ".init"));
  CHECK(huge.status == 2);
  CHECK(huge.out.empty());
  CHECK(huge.err.rfind("error: the network 2-2-1 would make a derivation file chainrule cannot "
                       "read back: line ",
                       0) == 0);
  CHECK(huge.err.find(": the exponent of 1e9999999999 is out of range (at most 100000000 either "
                      "way)\n") != std::string::npos);
}
