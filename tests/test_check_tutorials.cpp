// `chainrule check` on the seed tutorials and the broken-claims fixture. Every expected
// verdict below was derived independently of this code (mpmath at 80 digits, sympy, bc):
// tests/expected/tutorials.md and tests/expected/broken_claims.md give the values and the
// reasoning; the comments here summarize why.
#include <doctest/doctest.h>

#include <map>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::claim_at;
using chainrule::testing::run_chainrule;
using nlohmann::json;

namespace {

std::vector<std::string> path(std::initializer_list<const char*> names) {
  return {names.begin(), names.end()};
}

}  // namespace

TEST_CASE("tutorial A: every published number is right but three") {
  auto report = chainrule_json("check examples/derivations/tutorial_a.chain", 0);
  CHECK(report["claims"].size() == 35);
  CHECK(report["summary"] == json{{"ok", 32},
                                  {"truncated", 2},
                                  {"carried-rounding", 1},
                                  {"carried-error", 0},
                                  {"last-digit", 0},
                                  {"wrong", 0}});
  for (const auto& c : report["claims"]) {
    const int line = c["line"];
    CAPTURE(line);
    if (line == 92 || line == 93) {
      // out_y2*(1 - out_y2) = 0.2190403975679...: 0.757 units above 0.21904039, so the
      // author cut the digits off (truncated) instead of rounding to 0.21904040.
      CHECK(c["verdict"] == "truncated");
      CHECK(c["diagnosis"].is_null());
    } else if (line == 102) {
      // dE/d(out_h1) = 0.046813473...: the author added the published, already rounded
      // 0.06263492 (line 85) and -0.01582144 (line 99), which gives 0.04681348 exactly.
      CHECK(c["verdict"] == "carried-rounding");
      CHECK(c["diagnosis"]["kind"] == "carried-rounding");
      CHECK(c["diagnosis"]["using"] == json{85, 99});
    } else {
      // Everything else, including out_y1 = 0.72661785 beside dE/dOut_y1 = 0.71661785
      // (they differ by exactly T1 = 0.01), y1, E_total and dE/dw1, is correctly rounded.
      CHECK(c["verdict"] == "ok");
    }
  }
  // Values carry the full working precision: dE/dw5 = 0.085825326956336517074464299227195...
  CHECK(claim_at(report, 74)["value"].get<std::string>().substr(0, 36) ==
        "0.0858253269563365170744642992271950");
}

TEST_CASE("tutorial B: the hidden layer forgets a path, w7 is wrong, three are truncated") {
  auto report = chainrule_json("check examples/derivations/tutorial_b.chain", 1);
  CHECK(report["summary"] == json{{"ok", 3},
                                  {"truncated", 3},
                                  {"carried-rounding", 0},
                                  {"carried-error", 0},
                                  {"last-digit", 0},
                                  {"wrong", 7}});
  // Each hidden unit's gradient keeps only one of its two paths: h1 (w1, w3, b1) only
  // through o1 and h2 (w2, w4, b2) only through o2, exactly as the tutorial's sentence
  // "depends on w5 and w8" suggests. Keeping that path alone reproduces all six numbers.
  const std::map<int, std::string> through_o1 = {{67, "w1"}, {68, "b1"}, {73, "w3"}};
  const std::map<int, std::string> through_o2 = {{70, "w2"}, {71, "b2"}, {76, "w4"}};
  for (const auto& entry : through_o1) {
    const int line = entry.first;  // not a structured binding: clang 14's CAPTURE cannot take one
    const std::string& leaf = entry.second;
    CAPTURE(line);
    auto c = claim_at(report, line);
    CHECK(c["verdict"] == "wrong");
    CHECK(c["diagnosis"]["kind"] == "missing-paths");
    CHECK(c["diagnosis"]["kept"] ==
          json{path({"E", "out_o1", "o1", "out_h1", "h1", leaf.c_str()})});
    CHECK(c["diagnosis"]["left_out"] ==
          json{path({"E", "out_o2", "o2", "out_h1", "h1", leaf.c_str()})});
  }
  for (const auto& entry : through_o2) {
    const int line = entry.first;
    const std::string& leaf = entry.second;
    CAPTURE(line);
    auto c = claim_at(report, line);
    CHECK(c["verdict"] == "wrong");
    CHECK(c["diagnosis"]["kept"] ==
          json{path({"E", "out_o2", "o2", "out_h2", "h2", leaf.c_str()})});
    CHECK(c["diagnosis"]["left_out"] ==
          json{path({"E", "out_o1", "o1", "out_h2", "h2", leaf.c_str()})});
  }
  // w7: 0.4991321865... against 0.498139526; dE/dw7 has one path, so no subset to
  // blame, and -v is far off: wrong with no diagnosis.
  CHECK(claim_at(report, 83)["verdict"] == "wrong");
  // Candidates: dE/dw7's sign (1), -v (1), the factor changes of its three partials
  // (∂E/∂out_o1: negated, left out, doubled, halved; ∂out_o1/∂o1: negated, left out, σ for
  // σ′; ∂o1/∂w7: negated, left out: 9), float32 and double (2): 13, none of them C.
  CHECK(claim_at(report, 83)["diagnosis"] == json{{"kind", "none"}, {"tried", 13}});
  // b4 = 0.60039353434 (true 0.600393534345754...), w5 (0.3991173595...) and w8
  // (0.5502346577...) are cut off, not rounded; b3, w6 and the error 0.2539 are right.
  for (int line : {77, 79, 85}) CHECK(claim_at(report, line)["verdict"] == "truncated");
  for (int line : {74, 81, 91}) CHECK(claim_at(report, line)["verdict"] == "ok");
}

TEST_CASE("deliberately broken claims each get their verdict and diagnosis") {
  auto report = chainrule_json("check tests/expected/broken_claims.chain", 1);
  // Sign dropped: dE2/dy2 = -0.06878889 published as positive; the claim is the derivative
  // term itself, so the diagnosis names it.
  CHECK(claim_at(report, 27)["verdict"] == "wrong");
  CHECK(claim_at(report, 27)["diagnosis"] == json{{"kind", "sign"}, {"derivative", "dE2/dy2"}});
  // dE/dw1 through out_y1 only: one of two paths.
  auto w1 = claim_at(report, 29);
  CHECK(w1["diagnosis"]["kind"] == "missing-paths");
  CHECK(w1["diagnosis"]["kept"] == json{path({"E", "E1", "out_y1", "y1", "out_h1", "h1", "w1"})});
  CHECK(w1["diagnosis"]["left_out"] ==
        json{path({"E", "E2", "out_y2", "y2", "out_h1", "h1", "w1"})});
  // dE/db1 has four paths (b1 feeds h1 and h2); the claim keeps the two through h1, the
  // only one of the 14 proper subsets that reproduces it.
  auto b1 = claim_at(report, 31);
  CHECK(b1["diagnosis"]["kind"] == "missing-paths");
  CHECK(b1["diagnosis"]["kept"].size() == 2);
  CHECK(b1["diagnosis"]["left_out"].size() == 2);
  for (const auto& p : b1["diagnosis"]["kept"]) CHECK(p[p.size() - 2] == "h1");
  for (const auto& p : b1["diagnosis"]["left_out"]) CHECK(p[p.size() - 2] == "h2");
  // Third digit off, no derivative to blame: wrong with no diagnosis.
  CHECK(claim_at(report, 33)["verdict"] == "wrong");
  // Candidates: -v, float32 and double (no derivative term to change).
  CHECK(claim_at(report, 33)["diagnosis"] == json{{"kind", "none"}, {"tried", 3}});
  CHECK(claim_at(report, 35)["verdict"] == "truncated");
  CHECK(claim_at(report, 37)["verdict"] == "last-digit");
  // y1 from the published out_h1 = 0.603 and out_h2 = 0.609: 0.97764 exactly.
  CHECK(claim_at(report, 43)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 43)["diagnosis"]["using"] == json{39, 41});
  // dE/dy1 = 0.717 * 0.199 from the two published factors (downward from E).
  CHECK(claim_at(report, 49)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 49)["diagnosis"]["using"] == json{45, 47});
}

TEST_CASE("verdicts are the same at 30, 50 and 1000 digits, and in double for these files") {
  for (const char* file :
       {"examples/derivations/tutorial_a.chain", "examples/derivations/tutorial_b.chain",
        "tests/expected/broken_claims.chain"}) {
    CAPTURE(file);
    std::vector<json> verdicts;
    for (const char* digits : {"--digits 30", "--digits 50", "--digits 1000"}) {
      auto r = run_chainrule(std::string("check ") + file + " " + digits + " --json");
      auto report = json::parse(r.out);
      json v = json::array();
      for (const auto& c : report["claims"])
        v.push_back(json::array({c["verdict"], c["diagnosis"]}));
      verdicts.push_back(v);
    }
    CHECK(verdicts[0] == verdicts[1]);
    CHECK(verdicts[1] == verdicts[2]);
  }
}

TEST_CASE("the check table: aligned rows, a reason under every claim that is not ok, a summary") {
  auto r = run_chainrule("check examples/derivations/tutorial_b.chain");
  CHECK(r.status == 1);
  CHECK(r.out.find("13 claims: 3 ok, 3 truncated, 0 carried-rounding, 0 carried-error, 0 "
                   "last-digit, 7 wrong") != std::string::npos);
  CHECK(r.out.find("dE/dw1 matches only the path E ← out_o1 ← o1 ← out_h1 ← h1 ← w1; leaves out "
                   "E ← out_o2 ← o2 ← out_h1 ← h1 ← w1") != std::string::npos);
  CHECK(r.out.find("truncated, not rounded: correctly rounded it is 0.60039353435") !=
        std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);  // NO_COLOR and a pipe: no colour
  auto strict = run_chainrule("check examples/derivations/tutorial_a.chain --strict");
  CHECK(strict.status == 1);  // two truncated and one carried-rounding claim
  CHECK(run_chainrule("check examples/derivations/tutorial_a.chain").status == 0);
}
