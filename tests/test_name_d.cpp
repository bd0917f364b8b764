// A lecture's own node named `d` (d = a*b + c) next to derivative terms in every written form.
// The rule (docs/derivation-files.md, "Derivative terms"): `d(` always starts a derivative
// term; `d` alone is the name. Every expected value is worked out by hand beside it.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::temp_file;
using chainrule::testing::claim_at;
using nlohmann::json;

TEST_CASE("a node named d: full forms and shorthand both differentiate") {
  const std::string file = temp_file(
      "a = 2; b = 3; c = 1\n"            // 1
      "d = a*b + c\n"                    // 2: d = 7
      "L = d^2\n"                        // 3: L = 49
      "check d(L)/d(a) = 42\n"           // 4: dL/da = 2d * b = 2*7*3
      "check dL/dd = 14\n"               // 5: dL/dd = 2d
      "check d(L)/d(d) = 14\n"           // 6: the same, in full form
      "check dd/da = 3\n"                // 7: dd/da = b
      "check d(d)/d(b) = 2\n"            // 8: dd/db = a
      "check d = 7\n"                    // 9: the name alone
      "check d * 2 - d = 7\n"            // 10: 2*7 - 7
      "check L[d := 1] = 1\n"            // 11: 1^2
      "check d(d(L)/d(d))/d(a) = 6\n");  // 12: d(2d)/da = 2b
  auto report = chainrule_json("check " + file, 0);
  CHECK(report["summary"]["ok"] == 9);
  CHECK(claim_at(report, 4)["value"] == "42");
  CHECK(claim_at(report, 5)["value"] == "14");
  CHECK(claim_at(report, 6)["value"] == "14");
  CHECK(claim_at(report, 7)["value"] == "3");
  CHECK(claim_at(report, 8)["value"] == "2");
  CHECK(claim_at(report, 9)["value"] == "7");
  CHECK(claim_at(report, 10)["value"] == "7");
  CHECK(claim_at(report, 11)["value"] == "1");
  CHECK(claim_at(report, 12)["value"] == "6");
}

TEST_CASE("a node named d: the hand recomputation expands through it") {
  const std::string file = temp_file(
      "a = 2; b = 1; c = 0\n"         // 1
      "d = (a*b + c)/3\n"             // 2: d = 2/3
      "check d = 0.67\n"              // 3: 0.666... to two decimals
      "L = d^2\n"                     // 4: L = 4/9 = 0.4444...
      "check L = 0.4489\n"            // 5: 0.67^2 = 0.4489 exactly
      "check dL/dd = 1.34\n"          // 6: 2d = 1.3333...; by hand 2 * 0.67 = 1.34
      "check d(L)/d(a) = 0.4467\n");  // 7: 2d * b/3 = 4/9 = 0.4444...
  auto report = chainrule_json("check " + file, 0);
  CHECK(claim_at(report, 3)["verdict"] == "ok");
  for (int line : {5, 6}) {
    CAPTURE(line);
    CHECK(claim_at(report, line)["verdict"] == "carried-rounding");
    CHECK(claim_at(report, line)["diagnosis"]["using"] == json{3});
  }
  // By hand, upward from a: dd/da = b/3 = 1/3 from d's definition, times the published
  // dL/dd = 1.34 (line 6): 0.44666..., 0.4467 to four decimals.
  CHECK(claim_at(report, 7)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 7)["diagnosis"]["using"] == json{6});
}
