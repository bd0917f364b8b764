// Issue 16's command-line edges, each with its exact output: --digits is the working
// precision everywhere and --show the digits shown; check shows no more digits than asked;
// --json for explain, formula and dot; dot's labels, edge partials and claims' verdicts.
// Expected values are derived beside each assertion (closed forms, mpmath), not copied.
#include <doctest/doctest.h>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

const std::string tutorial_a = "examples/derivations/tutorial_a.chain";
const std::string kUsageTail = "Run with --help for more information.\n";

// f = exp(x) at x = 0.3: f' = f'' = e^0.3 = 1.349858807576003103983744313328 (mpmath, 40
// digits).
const std::string kExp = "x = 0.3\nf = exp(x)\n";

}  // namespace

TEST_CASE("--show sets the digits shown; --digits the working precision, as in check") {
  // dE/dw5 of tutorial A is 0.0858253269563365170744642992 (tests/expected/tutorials.md,
  // mpmath): 0.08583 at 4 significant digits, not exact, so "…".
  auto four = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --show 4");
  REQUIRE(four.status == 0);
  CHECK(four.out.rfind("dE/dw5 = 0.08583\u2026  (computed at 50 significant digits)\n", 0) == 0);
  auto precise = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --digits 80 --show 4");
  CHECK(precise.out.rfind("dE/dw5 = 0.08583\u2026  (computed at 80 significant digits)\n", 0) == 0);
  // --digits below --show: the work is done at --show digits (10 by default).
  auto low = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --digits 3");
  CHECK(low.out.rfind("dE/dw5 = 0.08582532696\u2026  (computed at 10 significant digits)\n", 0) ==
        0);
  // e^0.3 to 3 digits is 1.35 (the 4th digit is 9, rounding 1.349 up).
  auto table = run_chainrule("hessian " + temp_file(kExp) + " --of f --wrt x --show 3");
  CHECK(table.out ==
        "d\u00b2(f)/d(row)d(column) at 50 significant digits, shown to 3\n"
        "\n"
        "   x\n"
        "x  1.35\u2026\n");
  // --json: the values at --digits digits, as check --json: e^0.3 to 12 is 1.34985880758.
  const auto json = chainrule_json("hessian " + temp_file(kExp) + " --of f --wrt x --digits 12");
  CHECK(json["digits"] == 12);
  CHECK(json["gradient"][0] == "1.34985880758");
  CHECK(json["hessian"][0][0] == "1.34985880758");
}

TEST_CASE("--show out of range, and on formula, which shows no values: exit 2") {
  const std::string file = temp_file(kExp);
  for (const std::string& args :
       {"explain " + file + " df/dx", "hessian " + file + " --of f --wrt x", "dot " + file}) {
    CAPTURE(args);
    auto zero = run_chainrule(args + " --show 0");
    CHECK(zero.status == 2);
    CHECK(zero.err == "--show: Value 0 not in range 1 to 100000\n" + kUsageTail);
    auto word = run_chainrule(args + " --show many");
    CHECK(word.status == 2);
    CHECK(word.err == "--show: 'many' is not a number\n" + kUsageTail);
  }
  auto formula = run_chainrule("formula " + file + " df/dx --show 3");
  CHECK(formula.status == 2);
  CHECK(formula.err == "The following arguments were not expected: 3 --show\n" + kUsageTail);
}

namespace {

// g = 2f, f = a·b, a = 2x, b = 3x at x = 0.5, so a = 1, b = 1.5, f = 6x² = 1.5: two paths
// x → a → f → g and x → b → f → g, both through f. By hand: ∂g/∂f = 2, ∂f/∂a = b = 1.5,
// ∂a/∂x = 2 (path 1: 2·1.5·2 = 6), ∂f/∂b = a = 1, ∂b/∂x = 3 (path 2: 2·1·3 = 6); dg/dx = 24x
// = 12, factored ∂g/∂f·df/dx = 2·(3 + 3). Every value is exact, so every string is too.
const std::string kTwoPaths = "x = 0.5\na = 2*x\nb = 3*x\nf = a*b\ng = 2*f\n";

nlohmann::ordered_json step(const char* of, const char* wrt, const char* formula, const char* value,
                            const char* so_far) {
  return {{"of", of}, {"wrt", wrt}, {"formula", formula}, {"value", value}, {"so_far", so_far}};
}

// The same step as chainrule_json's plain json, which clang does not compare with an
// ordered_json.
nlohmann::json plain_step(const char* of, const char* wrt, const char* formula, const char* value,
                          const char* so_far) {
  return nlohmann::json::parse(step(of, wrt, formula, value, so_far).dump());
}

}  // namespace

TEST_CASE("explain --json: the paths, their steps, the factored form, exactly") {
  auto r = run_chainrule("explain " + temp_file(kTwoPaths) + " dg/dx --json");
  REQUIRE(r.status == 0);
  using Json = nlohmann::ordered_json;
  const Json expected{{"derivative", "dg/dx"},
                      {"of", "g"},
                      {"wrt", "x"},
                      {"digits", 50},
                      {"value", "12"},
                      {"path_count", 2},
                      {"path_count_exceeded", false},
                      {"paths",
                       {{{"nodes", {"g", "f", "a", "x"}},
                         {"steps",
                          {step("g", "f", "2", "2", "2"), step("f", "a", "b", "1.5", "3"),
                           step("a", "x", "2", "2", "6")}},
                         {"product", "6"}},
                        {{"nodes", {"g", "f", "b", "x"}},
                         {"steps",
                          {step("g", "f", "2", "2", "2"), step("f", "b", "a", "1", "2"),
                           step("b", "x", "3", "3", "6")}},
                         {"product", "6"}}}},
                      {"factored",
                       {{{"top", "g"},
                         {"bottom", "f"},
                         {"sub_paths", {{{"nodes", {"g", "f"}}, {"product", "2"}}}},
                         {"value", "2"}},
                        {{"top", "f"},
                         {"bottom", "x"},
                         {"sub_paths",
                          {{{"nodes", {"f", "a", "x"}}, {"product", "3"}},
                           {{"nodes", {"f", "b", "x"}}, {"product", "3"}}}},
                         {"value", "6"}}}},
                      {"accumulation", Json::array()}};
  CHECK(Json::parse(r.out) == expected);
}

TEST_CASE("explain --json past --max-paths: each named node's sensitivity over its users") {
  // dg/df = 2; dg/db = dg/df·∂f/∂b = 2·a = 2; dg/da = 2·b = 3; dg/dx = 3·2 + 2·3 = 12.
  const auto e = chainrule_json("explain " + temp_file(kTwoPaths) + " dg/dx --max-paths 1");
  CHECK(e["paths"].empty());
  CHECK(e["path_count"] == 2);
  REQUIRE(e["accumulation"].size() == 4);
  CHECK(e["accumulation"][3] ==
        nlohmann::json{
            {"node", "x"},
            {"terms",
             {{{"user", "a"}, {"formula", "2"}, {"partial", "2"}, {"user_sensitivity", "3"}},
              {{"user", "b"}, {"formula", "3"}, {"partial", "3"}, {"user_sensitivity", "2"}}}},
            {"value", "12"}});
}

TEST_CASE("explain --json of tutorial A's dE/dw5 at 12 digits, and --json with --latex refused") {
  // mpmath at 60 digits from the tutorial's inputs: out_y1 − T1 = 0.716617853224|,
  // σ′ = out_y1(1 − out_y1) = 0.198644348600|2 (12 digits, trailing zeros dropped:
  // 0.1986443486), out_h1 = 0.602908808552|, products 0.142352086649 and 0.0858253269563.
  const auto e = chainrule_json("explain " + tutorial_a + " 'dE/dw5' --digits 12");
  CHECK(e["value"] == "0.0858253269563");
  CHECK(e["digits"] == 12);
  REQUIRE(e["paths"].size() == 1);
  CHECK(e["paths"][0]["nodes"] == nlohmann::json{"E", "E1", "out_y1", "y1", "w5"});
  CHECK(e["paths"][0]["steps"][1] ==
        plain_step("E1", "out_y1", "out_y1 - T1", "0.716617853224", "0.716617853224"));
  CHECK(e["paths"][0]["steps"][2] ==
        plain_step("out_y1", "y1", "out_y1 * (1 - out_y1)", "0.1986443486", "0.142352086649"));
  CHECK(e["paths"][0]["steps"][3] ==
        plain_step("y1", "w5", "out_h1", "0.602908808552", "0.0858253269563"));
  auto both = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --json --latex");
  CHECK(both.status == 2);
  CHECK(both.err == "--latex excludes --json\n" + kUsageTail);
}

TEST_CASE("formula --json: the formula, its LaTeX and its value") {
  // The README's formula; its value is dE/dw5 to 50 digits (tests/expected/tutorials.md:
  // 0.08582532695633651707446429922719500893923|4288…, mpmath).
  const auto f = chainrule_json("formula " + tutorial_a + " 'dE/dw5'");
  CHECK(f ==
        nlohmann::json{
            {"derivative", "dE/dw5"},
            {"formula", "(out_y1 - T1) * out_y1 * (1 - out_y1) * out_h1"},
            {"latex",
             "\\left(\\mathit{out}_{\\mathrm{y1}} - T_{1}\\right) \\cdot "
             "\\mathit{out}_{\\mathrm{y1}} \\cdot \\left(1 - \\mathit{out}_{\\mathrm{y1}}\\right) "
             "\\cdot \\mathit{out}_{\\mathrm{h1}}"},
            {"digits", 50},
            {"value", "0.085825326956336517074464299227195008939234428844251"}});
  // d(f)/d(x) of f = x² at x = 3 by hand: 2x = 6, exactly.
  const auto square = chainrule_json("formula " + temp_file("x = 3\nf = x^2\n") + " df/dx");
  CHECK(square["formula"] == "2 * x");
  CHECK(square["value"] == "6");
}

namespace {

// y = σ(x² − 1) at x = 0.5: x² = 0.25, x² − 1 = −0.75, y = σ(−0.75) = 1/(1 + e^0.75) =
// 0.3208213008246070268 and σ′(−0.75) = y(1 − y) = 0.2178949937618140295 (mpmath, 30
// digits). Local partials: ∂(x·x)/∂x = 2x = 1, ∂(a − 1)/∂a = 1, ∂(a − 1)/∂1 = −1,
// ∂y/∂(x² − 1) = σ′ = 0.2179; dy/dx = 2x·σ′ = 0.2179 too. The claim y = 0.31 is wrong
// (|0.3208 − 0.31| > 0.005; rounded as written, 0.32), dy/dx = 0.2179 is ok.
const std::string kSigmoid =
    "x = 0.5\ny = sigmoid(x*x - 1)\ncheck y = 0.31\ncheck dy/dx = 0.2179\n";

}  // namespace

TEST_CASE("dot --all-nodes: anonymous nodes by op and value, partials on edges, verdicts") {
  // Node ids are tape positions: the literal 0.5 is node 0, x node 1, x·x 2, the constant 1
  // node 3, the subtraction 4, y 5 (y does not depend on node 0, so it is not drawn).
  auto r = run_chainrule("dot " + temp_file(kSigmoid) + " --all-nodes --of y --show 4");
  REQUIRE(r.status == 0);
  CHECK(r.out ==
        "digraph chainrule {\n"
        "  rankdir=BT;\n"
        "  node [fontname=\"Helvetica\", fontsize=11];\n"
        "  edge [color=\"#555555\", arrowsize=0.7, fontname=\"Helvetica\", fontsize=9];\n"
        "  n1 [shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\", "
        "label=\"x\\n= 0.5\\ndy/dx = 0.2179\u2026\\n\u2713 line 4 ok\"];\n"
        "  n2 [shape=ellipse, fontsize=9, label=\"\u00d7  0.25\\nsensitivity = 0.2179\u2026\"];\n"
        "  n3 [shape=plaintext, label=\"1\"];\n"
        "  n4 [shape=ellipse, fontsize=9, label=\"\u2212  -0.75\\nsensitivity = 0.2179\u2026\"];\n"
        "  n5 [shape=box, style=\"filled,bold\", fillcolor=\"#fef3c7\", penwidth=2, "
        "color=\"#dc2626\", label=\"y\\n= 0.3208\u2026\\n\u2717 line 3: y claimed 0.31, is 0.32 "
        "(wrong)\"];\n"
        "  n1 -> n2 [label=\"1\"];\n"
        "  n2 -> n4 [label=\"1\"];\n"
        "  n3 -> n4 [label=\"-1\"];\n"
        "  n4 -> n5 [label=\"0.2179\u2026\"];\n"
        "}\n");
}

TEST_CASE("dot --json: nodes, edges with the local partial over the named nodes, claims") {
  // Over the named nodes only, the edge x → y folds x·x − 1 into one local partial:
  // ∂y/∂x = 2x·σ′(−0.75) = 0.217895 at 6 digits.
  const auto g = chainrule_json("dot " + temp_file(kSigmoid) + " --of y --digits 6");
  using Json = nlohmann::json;
  CHECK(g == Json{{"of", "y"},
                  {"digits", 6},
                  {"nodes",
                   {{{"id", 1},
                     {"name", "x"},
                     {"op", "input"},
                     {"value", "0.5"},
                     {"sensitivity", "0.217895"}},
                    {{"id", 5},
                     {"name", "y"},
                     {"op", "sigmoid"},
                     {"value", "0.320821"},
                     {"sensitivity", "1"}}}},
                  {"edges", {{{"from", 1}, {"to", 5}, {"partial", "0.217895"}}}},
                  {"claims",
                   {{{"line", 3},
                     {"expr", "y"},
                     {"published", "0.31"},
                     {"value", "0.320821"},
                     {"verdict", "wrong"},
                     {"node", 5}},
                    {{"line", 4},
                     {"expr", "dy/dx"},
                     {"published", "0.2179"},
                     {"value", "0.217895"},
                     {"verdict", "ok"},
                     {"node", 1}}}}});
  // Without --of: no sensitivities; an anonymous node has no name; a derivative term's edges
  // (dashed in DOT) have no partial. f = 2x at x = 3: df/dx = 2, g = x·df/dx = 6.
  const auto d =
      chainrule_json("dot " + temp_file("x = 3\nf = 2*x\ng = x*df/dx\n") + " --all-nodes");
  for (const auto& n : d["nodes"]) CHECK(n["sensitivity"].is_null());
  bool anonymous = false, derivative_edge = false;
  for (const auto& n : d["nodes"]) anonymous = anonymous || n["name"].is_null();
  for (const auto& e : d["edges"]) derivative_edge = derivative_edge || e["partial"].is_null();
  CHECK(anonymous);  // the constant 2
  CHECK(derivative_edge);
  CHECK(d["nodes"].back() == Json{{"id", d["nodes"].back()["id"]},
                                  {"name", "g"},
                                  {"op", "*"},
                                  {"value", "6"},
                                  {"sensitivity", nullptr}});
  auto both = run_chainrule("dot " + temp_file(kSigmoid) + " --json --svg out.svg");
  CHECK(both.status == 2);
}

TEST_CASE("check shows no more digits than --digits asks, and its header says how it judged") {
  // y = σ(−0.75) = 0.32082130082460702684 (mpmath): 0.321 at 3 digits; at 8 digits the
  // claims' own digits plus four (0.3208 → 8: 0.32082130, trailing zero dropped; 0.31 → 6:
  // 0.320821). 0.3208 is y rounded (ok); 0.31 is 0.0108 away, more than u/2 = 0.005 (wrong,
  // rounded as written 0.32). The verdicts are the same at both precisions: exact arithmetic.
  const std::string file =
      temp_file("x = 0.5\ny = sigmoid(x*x - 1)\ncheck y = 0.3208\ncheck y = 0.31\n");
  const std::string tail =
      "      \u21b3 correctly rounded it is 0.32; no diagnosis fits (3 candidates tried)\n"
      "\n"
      "2 claims: 1 ok, 0 truncated, 0 carried-rounding, 0 carried-error, 0 last-digit, 1 wrong\n";
  auto three = run_chainrule("check " + file + " --digits 3");
  CHECK(three.status == 1);
  CHECK(three.out == file +
                         ": 2 claims judged in exact arithmetic, computed values shown to 3 "
                         "significant digits\n"
                         "\n"
                         "line  claim  published  computed  verdict\n"
                         "   3  y      0.3208     0.321     ok\n"
                         "   4  y      0.31       0.321     wrong\n" +
                         tail);
  auto eight = run_chainrule("check " + file + " --digits 8");
  CHECK(eight.out == file +
                         ": 2 claims judged at 8 significant digits\n"
                         "\n"
                         "line  claim  published  computed   verdict\n"
                         "   3  y      0.3208     0.3208213  ok\n"
                         "   4  y      0.31       0.320821   wrong\n" +
                         tail);
  // --json: every value at --digits digits, as before.
  CHECK(chainrule_json("check " + file + " --digits 3", 1)["claims"][0]["value"] == "0.321");
}

TEST_CASE("the README's check --digits 3: out_h1 shows 0.603 under a header that says so") {
  // out_h1 = σ(0.4176) = 0.60290880855… (tests/expected/tutorials.md): 0.603 at 3 digits.
  auto r = run_chainrule("check " + tutorial_a + " --digits 3");
  CHECK(r.out.rfind(tutorial_a +
                        ": 35 claims judged in exact arithmetic, computed values shown to 3 "
                        "significant digits\n",
                    0) == 0);
  CHECK(r.out.find("  28  out_h1                 0.60290881   0.603     ok\n") !=
        std::string::npos);
}

TEST_CASE("explain through sign and step: a partial that is identically 0 is the formula 0") {
  // L = sign(x)·x at x = 0.3 (this was a crash: the symbolic sweep drops zero terms). By
  // hand: z = sign(0.3) = 1, ∂L/∂x holding z = z = 1, ∂L/∂z = x = 0.3, ∂z/∂x = sign′ = 0.
  for (const char* f : {"sign", "step"}) {
    CAPTURE(f);
    auto r = run_chainrule(
        "explain " + temp_file("x = 0.3\nz = " + std::string(f) + "(x)\nL = z*x\n") + " dL/dx");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("path 2: L \u2190 z \u2190 x\n"
                     "  \u2202L/\u2202z = x = 0.3\n"
                     "  \u2202z/\u2202x = 0 = 0                 so far 0\n") != std::string::npos);
  }
}

TEST_CASE("LaTeX of a derivative of a derivative term: nested fractions, one subscript a name") {
  // M = h·d(ds/da_b_c)/dx_1, so ∂M/∂h is that derivative term. Its LaTeX was the raw text
  // d(s)/d(a_b_c) in parentheses, whose a_b_c KaTeX rejects ("Double subscript"); now each
  // name is latex_name's: a_b_c is a_{\mathrm{b\_c}}, x_1 is x_{\mathrm{1}}. Its value by hand:
  // ds/da = 1/(2√(a + x²)), d/dx of that = −x/(2(a + x²)^{3/2}) = −0.3/(2·0.34^1.5) =
  // −0.7566114050… (mpmath).
  const std::string file = temp_file(
      "a_b_c = 0.25\nx_1 = 0.3\ns = sqrt(a_b_c + x_1^2)\nh = 2\nM = h*d(ds/da_b_c)/dx_1\n");
  const std::string term =
      "\\frac{\\partial \\left(\\frac{\\partial s}{\\partial "
      "a_{\\mathrm{b\\_c}}}\\right)}{\\partial "
      "x_{\\mathrm{1}}}";
  CHECK(run_chainrule("formula " + file + " dM/dh --latex").out == term + "\n");
  CHECK(run_chainrule("explain " + file + " dM/dh --latex")
            .out.find("\\frac{\\partial M}{\\partial h} &= " + term + " = -0.756611405\\ldots\n") !=
        std::string::npos);
}

TEST_CASE("formula of c·z/(1 + z): the sign of a quotient of a product no longer loops") {
  // Negating (c·z)/(1 + z) moved the sign into c·z, which keeps it outside, -(c·z), and the
  // quotient moved it out again: the formula store filled up ("too large to build"). By hand,
  // d/dz c·z/(1 + z) = c/(1 + z) − c·z/(1 + z)² = c/(1 + z)² = 0.4/1.69 = 40/169 at z = 0.3.
  const auto f =
      chainrule_json("formula " + temp_file("z = 0.3\nc = 0.4\nL = c*z/(1+z)\n") + " dL/dz");
  CHECK(f["formula"] == "1 / (1 + z) * c - c * z / (1 + z)^2");
  CHECK(f["value"] == "0.23668639053254437869822485207100591715976331360947");  // 40/169
}
