// The graph limits protect memory; they do not refuse the files `chainrule network` writes.
// The largest scaffold (100-100-10, 11,000 weights) loads with `eval` at the default working
// precision (certified MPFR) and in --double, and its loss is nn's own: the network built
// by nn, without the parser or the compiler, at 50 digits.
#include <doctest/doctest.h>

#include "cli.hpp"
#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/values.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

std::string value_of(const nlohmann::json& values, const std::string& name) {
  for (const auto& v : values["values"])
    if (v["name"] == name) return v["value"].get<std::string>();
  return "";
}

// nn's network of `sizes` at nn's documented default values (docs/cpp.md), evaluated.
Real nn_loss(std::vector<int> sizes) {
  using namespace chainrule::nn;
  chainrule::engine::set_working_digits(50);
  Architecture a;
  a.sizes = std::move(sizes);
  a.activations = {Activation::Sigmoid};
  Network<Real> net(a);
  NamedValues values;
  for (const auto& d : default_values(a))
    values.emplace_back(d.name, hundredths_text(d.hundredths));
  assign(net, values);
  net.evaluate();
  return net.loss();
}

}  // namespace

TEST_CASE("the largest scaffold, 100-100-10, loads in MPFR and in double") {
  const auto written = run_chainrule("network 100-100-10");
  REQUIRE(written.status == 0);
  const std::string file = temp_file(written.out);
  const std::string expected = chainrule::engine::to_decimal(nn_loss({100, 100, 10}), 50);
  const auto mpfr = chainrule_json("eval " + file);
  CHECK(value_of(mpfr, "E") == expected);
  // double: 17 significant digits, within a few units of the 17th of the 50-digit value
  // (22,000 roundings, each relative 2^-53, bound the error far below 1e-11).
  const auto ieee = chainrule_json("eval --double " + file);
  const double e = std::stod(value_of(ieee, "E"));
  CHECK(e == doctest::Approx(std::stod(expected)).epsilon(1e-11));
}

TEST_CASE("a scaffold with --lr: one derivative term per parameter is one node each") {
  // 40-30-5: 1,350 weights and 35 biases, so 1,385 `dE/dw` terms. Each term that nothing
  // differentiates again is one node holding its value; the estimate once counted the whole
  // graph below E for each (4.2 million nodes) and `network` refused to write the file.
  const auto written = run_chainrule("network 40-30-5 --lr 0.1");
  REQUIRE_MESSAGE(written.status == 0, written.err);
  // b35_new = b35 - 0.1 * dE/db35; nn's gradient gives the same value (test_nn_network_command
  // compares every gradient); here the file has to load and agree between the two types.
  const auto ieee = chainrule_json("eval --double " + temp_file(written.out));
  CHECK(!value_of(ieee, "b35_new").empty());
  // The estimate, on the parsed file: forward pass 2 nodes per weight and a few per neuron,
  // plus 1,385 derivative terms and as many updates, is far under 100,000 nodes, while
  // counting each term's cone (as RecordPolicy::All must, every sweep recorded) is not.
  auto parsed = chainrule::verify::parse(written.out, "s.chain");
  REQUIRE(parsed.errors.empty());
  using chainrule::verify::RecordPolicy;
  CHECK(chainrule::verify::graph_size_errors(parsed.document, 100'000, 1'000'000'000,
                                             RecordPolicy::AsNeeded)
            .empty());
  CHECK(!chainrule::verify::graph_size_errors(parsed.document, 100'000, 1'000'000'000,
                                              RecordPolicy::All)
             .empty());
}
