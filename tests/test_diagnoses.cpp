// The carried-error verdict and the diagnoses of wrong claims, each on a small derivation
// whose published numbers were worked out by hand with the slip applied (the comments say
// how), checked in the JSON report and in the table's line of words.
#include <doctest/doctest.h>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using chainrule::testing::claim_at;
using nlohmann::json;

namespace {


bool prints(const std::string& out, const std::string& text) {
  return out.find(text) != std::string::npos;
}

// y = 6, z = 7, q = 14, u = 2/3, s = 6 + 2/3 exactly. The author got y wrong (5) and then
// carried that 5 on correctly: z = 5 + 1 = 6, q = 2·6 = 12, s = 5 + 0.67 = 5.67.
const std::string carried_error_file =
    "x = 2\n"
    "w = 3\n"
    "y = w*x\n"
    "z = y + 1\n"
    "q = 2*z\n"
    "u = x/3\n"
    "s = y + u\n"
    "check y = 5\n"      // line 8
    "check z = 6\n"      // line 9
    "check q = 12\n"     // line 10
    "check u = 0.67\n"   // line 11
    "check s = 5.67\n";  // line 12

}  // namespace

TEST_CASE("carried-error: later claims that follow correctly from a wrong number") {
  const std::string file = temp_file(carried_error_file);
  auto report = chainrule_json("check " + file, 1);
  // y = 6 against 5: one whole unit off (not last-digit, which needs less than u), not a
  // truncation, and nothing earlier to carry.
  CHECK(claim_at(report, 8)["verdict"] == "wrong");
  // z from the published y: 5 + 1 = 6; the exact 7 is not 6.
  CHECK(claim_at(report, 9)["verdict"] == "carried-error");
  CHECK(claim_at(report, 9)["diagnosis"] ==
        json{{"kind", "carried-error"}, {"using", {8}}, {"from_wrong", {8}}});
  // q from the published z (itself a carried error): 2·6 = 12; exact 14.
  CHECK(claim_at(report, 10)["diagnosis"] ==
        json{{"kind", "carried-error"}, {"using", {9}}, {"from_wrong", {9}}});
  // u = 0.666... rounds to 0.67: ok.
  CHECK(claim_at(report, 11)["verdict"] == "ok");
  // s from the published y and u: 5 + 0.67 = 5.67; only line 8 is wrong, line 11 is ok.
  CHECK(claim_at(report, 12)["diagnosis"] ==
        json{{"kind", "carried-error"}, {"using", {8, 11}}, {"from_wrong", {8}}});
  CHECK(report["summary"] == json{{"ok", 1},
                                  {"truncated", 0},
                                  {"carried-rounding", 0},
                                  {"carried-error", 3},
                                  {"last-digit", 0},
                                  {"wrong", 1}});
  auto text = run_chainrule("check " + file);
  CHECK(text.status == 1);
  CHECK(prints(text.out,
               "carried-error\n      \u21b3 error carried forward from the wrong number on line 8: "
               "what the published numbers on line 8 give; the exact value is 7\n"));
  CHECK(prints(text.out,
               "what the published numbers on lines 8, 11 give; the exact value is 6.67\n"));
  CHECK(prints(
      text.out,
      "5 claims: 1 ok, 0 truncated, 0 carried-rounding, 3 carried-error, 0 last-digit, 1 wrong\n"));
}

TEST_CASE("carried-rounding: only rounded or truncated numbers carried stay carried-rounding") {
  // y = 1.26, z = 126 exactly. y published cut off as 1.2 (truncated: 1.26 rounds to 1.3);
  // z = 100·1.2 = 120 from it. A truncated number is only rounded, so z is carried-rounding.
  const std::string file =
      temp_file("x = 0.126\ny = 10*x\nz = 100*y\ncheck y = 1.2\ncheck z = 120\n");
  auto report = chainrule_json("check " + file, 0);
  CHECK(claim_at(report, 4)["verdict"] == "truncated");
  CHECK(claim_at(report, 5)["verdict"] == "carried-rounding");
  CHECK(claim_at(report, 5)["diagnosis"] == json{{"kind", "carried-rounding"}, {"using", {4}}});
  CHECK(report["summary"]["carried-error"] == 0);
  auto text = run_chainrule("check " + file);
  CHECK(text.status == 0);
  CHECK(prints(
      text.out,
      "2 claims: 0 ok, 1 truncated, 1 carried-rounding, 0 carried-error, 0 last-digit, 0 wrong\n"));
}

TEST_CASE("sign: a derivative term inside a definition enters with its sign flipped") {
  // E = (w·x − 1)² = 25 at w = 2, x = 3; dE/dw = 2·(w·x − 1)·x = 30, so w_new = 2 − 0.1·30 =
  // −1. The author added the step instead: 2 + 0.1·30 = 5. −v = 1 is not 5, so only pinning
  // dE/dw to −30 and recomputing w_new explains it.
  const std::string file =
      temp_file("x = 3\nw = 2\nlr = 0.1\nE = (w*x - 1)^2\nw_new = w - lr*dE/dw\ncheck w_new = 5\n");
  auto report = chainrule_json("check " + file, 1);
  CHECK(claim_at(report, 6)["verdict"] == "wrong");
  CHECK(claim_at(report, 6)["diagnosis"] == json{{"kind", "sign"}, {"derivative", "dE/dw"}});
  auto text = run_chainrule("check " + file);
  CHECK(prints(text.out, "wrong\n      \u21b3 matches dE/dw with its sign flipped\n"));
}

TEST_CASE("factor: one local partial left out, taken as sigma, or off by the square's 2") {
  // y = w·x = 0.4, out = σ(0.4) = 0.598687660112452..., E = ½(T − out)², T = 0.2, so
  // dE/dw = (out − T)·out·(1 − out)·x = 0.0478944972682815... (mpmath, 30 digits). Each
  // published number below is that product with one slip, computed in mpmath and rounded to
  // 8 significant digits.
  const std::string file = temp_file(
      "x = 0.5\nw = 0.8\nT = 0.2\ny = w*x\nout = sigmoid(y)\nE = 1/2*(T - out)^2\n"
      "check dE/dw = 0.12013037\n"   // line 7: out·(1 − out)·x, (out − T) left out
      "check dE/dw = 0.11934469\n"   // line 8: (out − T)·out·x, σ for σ′
      "check dE/dw = 0.095788995\n"  // line 9: 2·(out − T)·out·(1 − out)·x, the ½ dropped
      "check dE/dw = 0.023947249\n");  // line 10: the 2 of d(u²)/du dropped: half of it
  auto report = chainrule_json("check " + file, 1);
  for (int line : {7, 8, 9, 10}) CHECK(claim_at(report, line)["verdict"] == "wrong");
  auto factor = [](const char* of_wrt, const char* formula, const char* slip) {
    return json{{"kind", "factor"},
                {"derivative", "dE/dw"},
                {"factor", of_wrt},
                {"formula", formula},
                {"slip", slip}};
  };
  CHECK(claim_at(report, 7)["diagnosis"] == factor("\u2202E/\u2202out", "out - T", "left-out"));
  CHECK(claim_at(report, 8)["diagnosis"] ==
        factor("\u2202out/\u2202y", "out * (1 - out)", "sigmoid-value"));
  CHECK(claim_at(report, 9)["diagnosis"] == factor("\u2202E/\u2202out", "out - T", "doubled"));
  CHECK(claim_at(report, 10)["diagnosis"] == factor("\u2202E/\u2202out", "out - T", "halved"));
  auto text = run_chainrule("check " + file);
  CHECK(prints(text.out, "\u21b3 dE/dw matches \u2202E/\u2202out = out \u2212 T left out\n"));
  CHECK(prints(text.out,
               "\u21b3 dE/dw matches \u2202out/\u2202y = out\u00b7(1 \u2212 out) with "
               "\u03c3\u2032 written as \u03c3 (out in place of out\u00b7(1 \u2212 out))\n"));
  CHECK(prints(text.out,
               "\u21b3 dE/dw matches \u2202E/\u2202out = out \u2212 T doubled (the \u00bd "
               "before a square left out)\n"));
}

TEST_CASE("factor: on one of two paths, a partial negated or tanh's derivative slipped") {
  // h = w·x = 0.4, a = tanh(0.4) = 0.379948962255224..., F = a − 3h: two paths, so
  // dF/dw = (1 − a²)·x − 3x = −1.07218060695941... The slips change only the path through a
  // (or b), so no whole-derivative sign explains them (mpmath, rounded to 8 digits):
  const std::string file = temp_file(
      "x = 0.5\nw = 0.8\nh = w*x\na = tanh(h)\nb = 3*h\nF = a - b\n"
      "check dF/dw = 1.9278194\n"     // line 7: (1 − a²)·x + 3x, ∂F/∂b = −1 taken as +1
      "check dF/dw = -1.3100255\n"    // line 8: a·x − 3x, tanh a in place of 1 − a²
      "check dF/dw = -1.1899745\n");  // line 9: (1 − a)·x − 3x
  auto report = chainrule_json("check " + file, 1);
  CHECK(claim_at(report, 7)["diagnosis"] == json{{"kind", "factor"},
                                                 {"derivative", "dF/dw"},
                                                 {"factor", "\u2202F/\u2202b"},
                                                 {"formula", "-1"},
                                                 {"slip", "negated"}});
  CHECK(claim_at(report, 8)["diagnosis"]["slip"] == "tanh-value");
  CHECK(claim_at(report, 8)["diagnosis"]["factor"] == "\u2202a/\u2202h");
  CHECK(claim_at(report, 9)["diagnosis"]["slip"] == "tanh-linear");
  auto text = run_chainrule("check " + file);
  CHECK(prints(text.out, "\u21b3 dF/dw matches \u2202F/\u2202b = \u22121 with its sign flipped\n"));
  CHECK(prints(text.out,
               "\u21b3 dF/dw matches \u2202a/\u2202h = 1 \u2212 a^2 with 1 \u2212 a in "
               "place of 1 \u2212 a\u00b2\n"));
}

TEST_CASE("float32 and double: the claim is the file computed in IEEE arithmetic") {
  // In float, 0.1 is 0.100000001490116119384765625; x·x rounds to 0.010000000707805157 and
  // dy/dx = x + x to 0.20000000298023224 (Python's struct 'f' rounding), printed with 9
  // significant digits as PyTorch would. In double, 3·0.1 is 0.30000000000000004 (Python).
  // The exact values 0.01, 0.2 and 0.3 are not ok to those digits.
  const std::string file = temp_file(
      "x = 0.1\ny = x*x\ncheck y = 0.0100000007\ncheck dy/dx = 0.200000003\n"
      "z = 3*x\ncheck z = 0.30000000000000004\n");
  auto report = chainrule_json("check " + file, 1);
  for (int line : {3, 4, 6}) CHECK(claim_at(report, line)["verdict"] == "wrong");
  CHECK(claim_at(report, 3)["diagnosis"] == json{{"kind", "float32"}});
  CHECK(claim_at(report, 4)["diagnosis"] == json{{"kind", "float32"}});
  CHECK(claim_at(report, 6)["diagnosis"] == json{{"kind", "double"}});
  auto text = run_chainrule("check " + file);
  CHECK(prints(text.out,
               "\u21b3 matches the file computed in IEEE single precision (float32), "
               "rounded to the digits published; correctly rounded it is 0.0100000000\n"));
  CHECK(prints(text.out,
               "\u21b3 matches the file computed in IEEE double precision, rounded to "
               "the digits published; correctly rounded it is 0.30000000000000000\n"));
}

TEST_CASE("none fits: the candidates tried are counted, IEEE types that fail are not") {
  // exp(100) = 2.69e43 is finite in double but not in float, so the float32 candidate is not
  // there: the candidates are -v and the double value, 2 in all; neither is 1.
  auto report = chainrule_json("check " + temp_file("x = 100\ny = exp(x)\ncheck y = 1\n"), 1);
  CHECK(report["claims"][0]["diagnosis"] == json{{"kind", "none"}, {"tried", 2}});
}

TEST_CASE("missing-paths with carried rounding: a path left out and a rounded number used") {
  // h = σ(0.4) = 0.59868766…, σ'(0.4) = h(1 − h); E = h² + 2h has two paths from w:
  // dE/dw = (2h + 2)·σ'(0.4)·x. The author kept only E ← y1 ← h ← w, whose partial ∂y1/∂h = 2h
  // they took with their own h = 0.5987: 2·0.5987·σ'(0.4)·0.5 = 0.14384410… (mpmath), 0.143844
  // at 6 places. With the exact h the same path gives 0.14384114…, 0.143841; with both paths
  // 0.38410189…: neither slip alone explains 0.143844.
  const std::string base =
      "x = 0.5\nw = 0.8\nh = sigmoid(w*x)\ny1 = h*h\ny2 = 2*h\nE = y1 + y2\n";
  const std::string file = temp_file(base + "check h = 0.5987\ncheck dE/dw = 0.143844\n");
  auto report = chainrule_json("check " + file, 1);
  const json dx = claim_at(report, 8)["diagnosis"];
  CHECK(dx["kind"] == "missing-paths");
  CHECK(dx["derivative"] == "dE/dw");
  CHECK(dx["kept"] == json::array({json::array({"E", "y1", "h", "w"})}));
  CHECK(dx["left_out"] == json::array({json::array({"E", "y2", "h", "w"})}));
  CHECK(dx["using"] == json::array({7}));
  CHECK(prints(run_chainrule("check " + file).out,
               "leaves out E \u2190 y2 \u2190 h \u2190 w, from the published numbers on line 7"));
  // The exact one-path value 0.143841 is missing-paths alone: nothing carried, no "using".
  const std::string exact = temp_file(base + "check h = 0.5987\ncheck dE/dw = 0.143841\n");
  const json alone = claim_at(chainrule_json("check " + exact, 1), 8)["diagnosis"];
  CHECK(alone["kind"] == "missing-paths");
  CHECK_FALSE(alone.contains("using"));
}
