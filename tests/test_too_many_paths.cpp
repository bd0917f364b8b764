// The too-many-paths diagnosis of `chainrule check`: when a derivative term a wrong claim
// depends on has more chain-rule paths than the missing-paths diagnosis tries (16, the spec's
// bound), the claim stays `wrong` and the report says how many paths there are instead of
// guessing which are missing. The expected values are worked out by hand below.
#include <doctest/doctest.h>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using nlohmann::json;

namespace {

// Four diamonds: a_k = 2*x_(k-1), b_k = 3*x_(k-1), x_k = a_k + b_k. Every layer offers two
// named ways up, so d(x4)/d(x0) has 2^4 = 16 chain-rule paths, the one through a_j in j
// layers and b in the rest having the product 2^j 3^(4-j); their sum is (2 + 3)^4 = 625.
// With `direct`, x4 also adds x0 itself: a 17th path x4 ← x0 of product 1, and 626 in all.
// `tail` is the file's last lines: a claim, and whatever it needs.
std::string diamonds(bool direct, const std::string& tail) {
  std::string text = "x0 = 2\n";
  for (int k = 1; k <= 4; ++k) {
    const std::string below = "x" + std::to_string(k - 1), n = std::to_string(k);
    text += "a" + n + " = 2*" + below + "\nb" + n + " = 3*" + below + "\n";
    text += "x" + n + " = a" + n + " + b" + n + (k == 4 && direct ? " + x0" : "") + "\n";
  }
  return text + tail;
}

json only_claim(const std::string& file) {
  const json report = chainrule_json("check " + file, 1);
  REQUIRE(report["claims"].size() == 1);
  return report["claims"][0];
}

// The path through every a_k, top first: the one each claim below leaves out.
// Candidates a too-many-paths claim below is compared with: no path subset and no factor
// change (past 16 paths), the term's sign flipped (-626), -v, and the file in float and
// in double.
#define TRIED_PAST_16 4
#define TRIED_TEXT "4 candidates tried"

const json all_a_path = {"x4", "a4", "x3", "a3", "x2", "a2", "x1", "a1", "x0"};

}  // namespace

TEST_CASE("at 16 paths, a claim that leaves one out is diagnosed as missing-paths") {
  // 625 - 2^4 = 609: every path but the one through a1..a4. No other single path has the
  // product 16, so that is the subset found first (15 of 16 kept).
  auto claim = only_claim(temp_file(diamonds(false, "check d(x4)/d(x0) = 609\n")));
  CHECK(claim["verdict"] == "wrong");
  CHECK(claim["value"].get<std::string>().substr(0, 3) == "625");
  CHECK(claim["diagnosis"]["kind"] == "missing-paths");
  CHECK(claim["diagnosis"]["left_out"] == json{all_a_path});
  CHECK(claim["diagnosis"]["kept"].size() == 15);
}

TEST_CASE("at 17 paths the same omission is not tried: too-many-paths, with the count") {
  // 626 - 16 = 610 leaves out the same path, but past 16 paths no subset is tried. It is
  // not truncated (626), not last-digit (|626 - 610| = 16 units) and -626 is not 610.
  const std::string file = temp_file(diamonds(true, "check d(x4)/d(x0) = 610\n"));
  auto claim = only_claim(file);
  CHECK(claim["verdict"] == "wrong");
  CHECK(claim["value"].get<std::string>().substr(0, 3) == "626");
  CHECK(claim["diagnosis"] == json{{"kind", "too-many-paths"},
                                   {"derivative", "dx4/dx0"},
                                   {"paths", 17},
                                   {"tried", TRIED_PAST_16}});
  auto text = run_chainrule("check " + file);
  CHECK(text.status == 1);
  CHECK(text.out.find("\u21b3 correctly rounded it is 626; dx4/dx0 has 17 chain-rule paths, too "
                      "many to try which are missing (at most 16); " TRIED_TEXT
                      "\n") != std::string::npos);
  CHECK(text.out.find("1 claim: 0 ok, 0 truncated, 0 carried-rounding, 0 carried-error, 0 "
                      "last-digit, 1 wrong") != std::string::npos);
}

TEST_CASE("too-many-paths reaches through a definition that uses the derivative term") {
  // x0_new = x0 - d(x4)/d(x0) = 2 - 626 = -624; the published -608 is 2 - 610, the same
  // path left out one step removed. The note names the derivative term, not the claim.
  auto claim =
      only_claim(temp_file(diamonds(true, "x0_new = x0 - d(x4)/d(x0)\ncheck x0_new = -608\n")));
  CHECK(claim["verdict"] == "wrong");
  CHECK(claim["value"].get<std::string>().substr(0, 4) == "-624");
  CHECK(claim["diagnosis"] == json{{"kind", "too-many-paths"},
                                   {"derivative", "dx4/dx0"},
                                   {"paths", 17},
                                   {"tried", TRIED_PAST_16}});
}

TEST_CASE("a dropped sign is still diagnosed as sign past 16 paths") {
  // -626 is exactly -v, the claim's own derivative term with its sign flipped: the sign
  // diagnosis is proven, so it wins over the path count.
  auto claim = only_claim(temp_file(diamonds(true, "check d(x4)/d(x0) = -626\n")));
  CHECK(claim["verdict"] == "wrong");
  CHECK(claim["diagnosis"] == json{{"kind", "sign"}, {"derivative", "dx4/dx0"}});
}
