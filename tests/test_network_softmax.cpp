// `chainrule network --output softmax --loss ce`: the scaffold's softmax and cross-entropy
// against closed forms (mpmath, 40 digits, written beside the assertions), and against nn's
// own network of the same architecture, to all 50 working digits.
#include <doctest/doctest.h>

#include <map>

#include "cli.hpp"
#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/values.hpp"

using namespace chainrule::nn;
using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

TEST_CASE("a softmax + cross-entropy scaffold: dE/dy = p - T against the closed form") {
  // One layer, inputs 0: the net inputs are the biases, y = (2, 1, 0.1), so out_y = softmax(y)
  // = (0.65900113888596790691, 0.24243297070471392152, 0.098565890409318171562), E = −log p1 =
  // 0.41703001627783348261, dE/dyᵢ = dE/dbᵢ = pᵢ − Tᵢ, dE/dw = (p − T)·x = 0 (mpmath).
  const std::string init = "x1 = 0; x2 = 0\nb1 = 2.0; b2 = 1.0; b3 = 0.1\nT1 = 1; T2 = 0; T3 = 0\n";
  auto result =
      run_chainrule("network 2-3 --output softmax --loss ce --init " + temp_file(init, ".init"));
  REQUIRE_MESSAGE(result.status == 0, result.err);
  CHECK(result.out.find("out_y1, out_y2, out_y3 = softmax(y1, y2, y3)\n") != std::string::npos);
  CHECK(result.out.find("E = cross_entropy(out_y1, out_y2, out_y3; T1, T2, T3)\n") !=
        std::string::npos);
  const std::string checks =
      "check out_y1 = 0.65900113888596790691\ncheck out_y3 = 0.098565890409318171562\n"
      "check E = 0.41703001627783348261\ncheck dE/dy1 = -0.34099886111403209309\n"
      "check dE/db2 = 0.24243297070471392152\ncheck dE/db3 = 0.098565890409318171562\n"
      "check dE/dw1 = 0\n";
  const auto report = chainrule_json("check " + temp_file(result.out + checks));
  CHECK(report["summary"]["ok"] == 7);
}

TEST_CASE("the softmax scaffold's gradient equals nn's to all 50 digits") {
  chainrule::engine::set_working_digits(50);
  Architecture a;
  a.sizes = {2, 3, 3};
  a.activations = {Activation::Tanh};
  a.loss = Loss::CrossEntropy;
  a.softmax_output = true;
  const std::string init = "T1 = 0; T2 = 1; T3 = 0\nx1 = 0.5; x2 = -1.25\n";
  Network<Real> net(a);
  auto values = parse_values(init);
  REQUIRE(values.errors.empty());
  assign(net, values.values);
  net.evaluate();
  auto result = run_chainrule("network 2-3-3 --activation tanh --output softmax --loss ce --init " +
                              temp_file(init, ".init"));
  REQUIRE_MESSAGE(result.status == 0, result.err);
  const auto grad = chainrule_json("grad " + temp_file(result.out) + " --of E");
  std::map<std::string, std::string> from_file;
  for (const auto& g : grad["gradient"])
    from_file[g["wrt"].get<std::string>()] = g["value"].get<std::string>();
  const auto gradient = net.gradient();
  REQUIRE(gradient.size() == net.parameters().size());
  for (std::size_t k = 0; k < gradient.size(); ++k) {
    const auto& name = net.parameters()[k].name;
    CAPTURE(name);
    REQUIRE(from_file.contains(name));
    CHECK(chainrule::engine::to_decimal(gradient[k], 50) == from_file[name]);
  }
}

TEST_CASE("--loss ce needs --output softmax, and softmax needs two outputs") {
  auto r = run_chainrule("network 2-2 --loss ce");
  CHECK(r.status == 2);
  CHECK(r.err == "error: the loss ce (cross-entropy) needs a softmax output (--output softmax)\n");
  r = run_chainrule("network 2-1 --output softmax");
  CHECK(r.status == 2);
  CHECK(r.err == "error: a softmax output needs at least 2 outputs\n");
}
