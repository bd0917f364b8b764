// Derivative terms differentiated again in the two shapes the differential oracle found wrong
// (tests/oracle/differential.py): a term d(A)/d(B) with A defined before B, which is the
// constant 0 and needs no recorded sweep; and a substitution whose copy of a derivative term
// differentiates another, substituted derivative term. Expected values are worked by hand.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::claim_at;
using chainrule::testing::temp_file;

TEST_CASE("d(M)/d(b) where M = d(a)/d(b) and a comes before b is 0, not an error") {
  const std::string file = temp_file(
      "a = 3; b = 2\n"           // 1
      "c = a*b\n"                // 2: c = 6
      "M = da/db\n"              // 3: a does not depend on b: M = 0 identically
      "L = dM/db + c\n"          // 4: L = 0 + 6
      "check M = 0\n"            // 5
      "check dM/db = 0\n"        // 6: the derivative of a constant
      "check dL/db = 3\n"        // 7: d(0 + a*b)/db = a
      "check d(dL/da)/db = 1\n"  // 8: dL/da = b, and d(b)/db = 1
      "check L = 6\n");          // 9
  auto report = chainrule_json("check " + file, 0);
  CHECK(report["summary"]["ok"] == 5);
  CHECK(claim_at(report, 6)["value"] == "0");
  CHECK(claim_at(report, 7)["value"] == "3");
  CHECK(claim_at(report, 8)["value"] == "1");
}

TEST_CASE("a substitution's copy of a derivative term differentiates the substituted term") {
  // X = (dM/dc)[c := c*b] = 3(cb)^2 = 3c²b², so dX/db = 6c²b; with c = 2, b = 3: X = 108,
  // dX/db = 72 and N = dX/db - X = -36. Leaving out d(dM/dc)/db gives 0 - 108 = -108.
  const std::string file = temp_file(
      "a = -100; b = 3; c = 2\n"           // 1
      "L = d(a)/d(b) - a\n"                // 2
      "M = c^3\n"                          // 3
      "N = L[a := (dM/dc)[c := c * b]]\n"  // 4
      "check N = -36\n"                    // 5
      "check dN/db = -48\n"                // 6: 6c² - 6c²b = 24 - 72
      "check dN/dc = -36\n");              // 7: 12cb - 6cb² = 72 - 108
  auto report = chainrule_json("check " + file, 0);
  CHECK(report["summary"]["ok"] == 3);
  CHECK(claim_at(report, 5)["value"] == "-36");
  CHECK(claim_at(report, 6)["value"] == "-48");
  CHECK(claim_at(report, 7)["value"] == "-36");
}

TEST_CASE("grad through the substituted copy agrees with the hand derivative") {
  // N = 6c²b - 3c²b² as above: dN/db = 6c² - 6c²b = -48, dN/dc = 12cb - 6cb² = -36.
  const std::string file = temp_file(
      "a = -100; b = 3; c = 2\nL = d(a)/d(b) - a\nM = c^3\nN = L[a := (dM/dc)[c := c * b]]\n");
  auto grad = chainrule_json("grad " + file + " --of N", 0);
  std::string text = grad.dump();
  CHECK(text.find("-48") != std::string::npos);
  CHECK(text.find("-36") != std::string::npos);
}
