// A name defined by a name-free expression (x = 2/3, k = 2*3) is a node: it can be substituted
// and differentiated with respect to, but it is not an input that grad reports or train
// updates. Every expected value is worked out by hand in the comment beside it.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using chainrule::testing::claim_at;
using nlohmann::json;

namespace {


std::string prefix(const json& claim, std::size_t n) {
  return claim["value"].get<std::string>().substr(0, n);
}

}  // namespace

TEST_CASE("a constant-expression name can be differentiated and substituted") {
  const std::string file = temp_file(
      "x = 2/3\n"                     // 1
      "f = x^2\n"                     // 2
      "check d(f)/d(x) = 1.3333\n"    // 3
      "g = f[x := 1]\n"               // 4
      "check g = 1\n"                 // 5
      "k = 2*3\n"                     // 6
      "y = k*x\n"                     // 7
      "check dy/dk = 0.6667\n"        // 8
      "check dy/dx = 6\n"             // 9
      "check y[k := 1] = 0.6667\n"    // 10
      "check y[x := 1/2] = 3\n"       // 11
      "check d(y)/d(k) = 0.6666\n");  // 12
  auto report = chainrule_json("check " + file, 0);
  // d(x^2)/dx = 2x = 4/3 = 1.3333...; it used to be 0 (x folded into f's constant).
  CHECK(claim_at(report, 3)["verdict"] == "ok");
  CHECK(prefix(claim_at(report, 3), 12) == "1.3333333333");
  // f[x := 1] = 1^2 = 1; it used to keep f's old value 4/9.
  CHECK(claim_at(report, 5)["verdict"] == "ok");
  CHECK(claim_at(report, 5)["value"] == "1");
  // y = k*x: dy/dk = x = 2/3 = 0.66666..., dy/dx = k = 6.
  CHECK(claim_at(report, 8)["verdict"] == "ok");
  CHECK(claim_at(report, 9)["verdict"] == "ok");
  CHECK(claim_at(report, 9)["value"] == "6");
  // y[k := 1] = 1 * 2/3; y[x := 1/2] = 6 * 1/2 = 3.
  CHECK(claim_at(report, 10)["verdict"] == "ok");
  CHECK(claim_at(report, 11)["value"] == "3");
  // 2/3 cut off at four decimals is 0.6666 (rounded, 0.6667).
  CHECK(claim_at(report, 12)["verdict"] == "truncated");
}

TEST_CASE("the hand recomputation and the graph agree on a constant-expression name") {
  const std::string file = temp_file(
      "x = 2/3\n"                 // 1
      "f = x^2\n"                 // 2
      "check x = 0.67\n"          // 3
      "check f = 0.4489\n"        // 4
      "check d(f)/d(x) = 1.34\n"  // 5
      "h = f[x := 1/2]\n"         // 6
      "check h = 0.25\n");        // 7
  auto report = chainrule_json("check " + file, 0);
  // 2/3 = 0.666... is 0.67 to two decimals.
  CHECK(claim_at(report, 3)["verdict"] == "ok");
  // f = 4/9 = 0.4444...; the published 0.67 squared is 0.4489 exactly.
  CHECK(claim_at(report, 4)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 4)["diagnosis"]["using"] == json{3});
  CHECK(prefix(claim_at(report, 4), 8) == "0.444444");
  // d(f)/d(x) = 2x = 1.3333...: not 1.34, and not 0 as the graph once said; by hand,
  // 2 * 0.67 = 1.34.
  CHECK(claim_at(report, 5)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 5)["diagnosis"]["using"] == json{3});
  CHECK(prefix(claim_at(report, 5), 8) == "1.333333");
  // f[x := 1/2] = 1/4, from f's definition, not from the published f.
  CHECK(claim_at(report, 7)["verdict"] == "ok");
  CHECK(claim_at(report, 7)["value"] == "0.25");
}

TEST_CASE("a constant-expression name is not an input: grad and train leave it alone") {
  const std::string file = temp_file("w = 0.5\nk = 2*3\nz = w*k\nE = z^2\n");
  // z = w*k: the only input is w, and dz/dw = k = 6.
  auto grad = chainrule_json("grad --of z " + file);
  CHECK(grad["gradient"] == json::array({json{{"wrt", "w"}, {"value", "6"}}}));
  auto train = run_chainrule("train " + file + " --loss E --wrt k --lr 0.1 --steps 1");
  CHECK(train.status == 2);
  CHECK(train.err.find("'k' matches no input") != std::string::npos);
}
