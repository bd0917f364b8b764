// `chainrule explain` and `formula` on the seed tutorials, run as a user runs them. Every
// number below comes from the tutorial's own text or from mpmath at 60 digits, independently
// of this code (tests/expected/tutorials.md has the forward pass and gradients).
#include <doctest/doctest.h>

#include <regex>

#include "cli.hpp"
#include "engine/number.hpp"

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

const std::string tutorial_a = "examples/derivations/tutorial_a.chain";

Real r(const std::string& text) { return parse_decimal<Real>(text); }

// Every number the output shows, with its ellipsis removed.
std::vector<std::string> numbers_in(const std::string& text) {
  static const std::regex number(R"(-?\d+\.\d+(e-?\d+)?)");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number);
       it != std::sregex_iterator(); ++it)
    found.push_back(it->str());
  return found;
}

// The published number is a shown one rounded to the published places (`truncated`: cut).
bool shows(const std::string& output, const std::string& published, bool truncated = false) {
  chainrule::engine::set_working_digits(50);
  const auto point = published.find('.');
  const int places = static_cast<int>(published.size() - point - 1);
  const Real unit = pow(Real(10), -places), target = r(published);
  for (const auto& n : numbers_in(output)) {
    const Real v = r(n);
    if (truncated
            ? (abs(v) >= abs(target) && abs(v) < abs(target) + unit && (v < 0) == (target < 0))
            : abs(v - target) <= unit / 2)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("explain dE/dw5 on tutorial A: the tutorial's path and its three factors") {
  // "dE_Total/dw5 = dE_Total/dOut y1 * dOut y1/dy1 * dy1/dw5 = 0.71661785*0.19864435*0.60290881
  // = 0.08582533". mpmath: out_y1 - T1 = 0.71661785322382..., out_y1(1 - out_y1) =
  // 0.19864434860022..., out_h1 = 0.60290880855153..., their running products 0.14235208664893...
  // and 0.085825326956336...
  auto run = run_chainrule("explain " + tutorial_a + " 'dE/dw5'");
  CHECK(run.status == 0);
  CHECK(run.out ==
        "dE/dw5 = 0.08582532696\u2026  (computed at 50 significant digits)\n"
        "1 chain-rule path from w5 up to E over the named nodes (anonymous steps folded into the "
        "local partials)\n"
        "\n"
        "path 1: E \u2190 E1 \u2190 out_y1 \u2190 y1 \u2190 w5\n"
        "  \u2202E/\u2202E1      = 1                   = 1\n"
        "  \u2202E1/\u2202out_y1 = out_y1 \u2212 T1         = 0.7166178532\u2026     so far "
        "0.7166178532\u2026\n"
        "  \u2202out_y1/\u2202y1 = out_y1\u00b7(1 \u2212 out_y1) = 0.1986443486\u2026     so far "
        "0.1423520866\u2026\n"
        "  \u2202y1/\u2202w5     = out_h1              = 0.6029088086\u2026     so far "
        "0.08582532696\u2026\n"
        "\n"
        "dE/dw5 = the product along the path = 0.08582532696\u2026\n");
  for (const char* factor : {"0.71661785", "0.19864435", "0.60290881", "0.08582533"}) {
    CAPTURE(factor);
    CHECK(shows(run.out, factor));
  }
  auto latex = run_chainrule("explain " + tutorial_a + " 'dE/dw5' --latex");
  CHECK(latex.out.rfind("\\begin{align*}\n\\frac{\\partial E}{\\partial w_{5}} &= ", 0) == 0);
  CHECK(latex.out.find("&= \\mathit{out}_{\\mathrm{y1}} \\cdot \\left(1 - "
                       "\\mathit{out}_{\\mathrm{y1}}\\right) = 0.1986443486\\ldots \\\\\n") !=
        std::string::npos);
  CHECK(latex.out.find("\\end{align*}\n") == latex.out.size() - 13);
  // dE/dw1's align* also has the factored form, with dE/dOut_h1 = 0.046813473433591... (mpmath)
  auto w1 = run_chainrule("explain " + tutorial_a + " 'dE/dw1' --latex");
  CHECK(w1.out.find(
            "\\frac{\\partial E}{\\partial w_{1}} &= \\frac{d E}{d \\mathit{out}_{\\mathrm{h1}}} "
            "\\cdot "
            "\\frac{\\partial \\mathit{out}_{\\mathrm{h1}}}{\\partial h_{1}} \\cdot "
            "\\frac{\\partial h_{1}}"
            "{\\partial w_{1}} = 0.04681347343\\ldots \\cdot 0.2394097771\\ldots \\cdot 0.03\n") !=
        std::string::npos);
}

TEST_CASE(
    "explain dE/dw1 on tutorial A: two paths, and every number the tutorial prints for them") {
  auto run = run_chainrule("explain " + tutorial_a + " 'dE/dw1'");
  CHECK(run.status == 0);
  CHECK(run.out.find("2 chain-rule paths from w1 up to E") != std::string::npos);
  CHECK(run.out.find(
            "path 1: E \u2190 E1 \u2190 out_y1 \u2190 y1 \u2190 out_h1 \u2190 h1 \u2190 w1\n") !=
        std::string::npos);
  CHECK(run.out.find(
            "path 2: E \u2190 E2 \u2190 out_y2 \u2190 y2 \u2190 out_h1 \u2190 h1 \u2190 w1\n") !=
        std::string::npos);
  CHECK(run.out.find("\u2202E2/\u2202out_y2 = out_y2 \u2212 T2 ") != std::string::npos);
  CHECK(
      run.out.find("  dE/dw1 = dE/d(out_h1)\u00b7\u2202out_h1/\u2202h1\u00b7\u2202h1/\u2202w1\n") !=
      std::string::npos);
  // The tutorial's factors, in its order (quoted in examples/derivations/tutorial_a.chain).
  for (const char* factor :
       {"0.71661785", "0.19864435", "0.14235209", "0.44", "0.06263492", "-0.31404659",
        "-0.06878889", "0.23", "-0.01582144", "0.23940978", "0.03", "0.00033623"}) {
    CAPTURE(factor);
    CHECK(shows(run.out, factor));
  }
  // Two it prints differently from the exact values: 0.21904039 is 0.2190403975679... cut off,
  // and dE/dOut_h1 = 0.04681348 adds the already rounded 0.06263492 - 0.01582144; exactly it
  // is 0.046813473433591...
  CHECK(shows(run.out, "0.21904039", true));
  CHECK_FALSE(shows(run.out, "0.04681348"));
  CHECK(
      run.out.find("dE/d(out_h1) = (E \u2190 E1 \u2190 out_y1 \u2190 y1 \u2190 out_h1) + (E \u2190 "
                   "E2 \u2190 out_y2 \u2190 y2 \u2190 out_h1)\n"
                   "    = 0.06263491813\u2026 + (-0.01582144469\u2026) = 0.04681347343\u2026\n") !=
      std::string::npos);
}

TEST_CASE("formula prints dE/dw5 in the named nodes, as a person simplifies it") {
  auto run = run_chainrule("formula " + tutorial_a + " 'dE/dw5'");
  CHECK(run.out == "(out_y1 - T1) * out_y1 * (1 - out_y1) * out_h1\n");
  auto w1 = run_chainrule("formula " + tutorial_a + " 'dE/dw1'");
  CHECK(w1.out ==
        "((out_y1 - T1) * out_y1 * (1 - out_y1) * w5 + (out_y2 - T2) * out_y2 * (1 - out_y2) * w7)"
        " * out_h1 * (1 - out_h1) * x1\n");
  auto latex = run_chainrule("formula " + tutorial_a + " 'dE/dw5' --latex");
  CHECK(latex.out ==
        "\\left(\\mathit{out}_{\\mathrm{y1}} - T_{1}\\right) \\cdot \\mathit{out}_{\\mathrm{y1}} "
        "\\cdot "
        "\\left(1 - \\mathit{out}_{\\mathrm{y1}}\\right) \\cdot \\mathit{out}_{\\mathrm{h1}}\n");
  auto unknown = run_chainrule("formula " + tutorial_a + " 'dE/dw9'");
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("'w9' is not defined") != std::string::npos);
}

TEST_CASE("too many paths to list: the chain rule one named node at a time, ending in the sum") {
  // The numbers are tutorial A's (mpmath): dE/dy1 = 0.14235208664893..., dE/dy2 =
  // -0.068788889964964..., dE/d(out_h1) = 0.046813473433591..., dE/dw1 = 0.00033622809723198...
  auto run = run_chainrule("explain " + tutorial_a + " 'dE/dw1' --max-paths 1");
  CHECK(run.status == 0);
  CHECK(run.out.find("more than 1 to list (--max-paths)") != std::string::npos);
  CHECK(
      run.out.find(
          "  dE/d(out_h1) = dE/dy1\u00b7\u2202y1/\u2202out_h1 + dE/dy2\u00b7\u2202y2/\u2202out_h1\n"
          "    \u2202y1/\u2202out_h1 = w5 = 0.44\n"
          "    \u2202y2/\u2202out_h1 = w7 = 0.23\n"
          "    dE/d(out_h1) = 0.1423520866\u2026\u00b70.44 + (-0.06878888996\u2026)\u00b70.23 = "
          "0.04681347343\u2026\n") != std::string::npos);
  CHECK(run.out.find("    dE/dw1 = 0.01120760324\u2026\u00b70.03 = 0.0003362280972\u2026\n") !=
        std::string::npos);
  // A generated network: w1 feeds one hidden unit, then 4 and 2 units, so 8 paths; at 12
  // digits the last line shows grad's value.
  auto generated = run_chainrule("network 2-4-4-2 --activation tanh");
  if (generated.status != 0) return;  // `chainrule network` not built here
  const std::string file = temp_file(generated.out);
  auto wide = run_chainrule("explain " + file + " 'dE/dw1' --max-paths 4 --show 12");
  CHECK(wide.status == 0);
  CHECK(wide.out.find("8 chain-rule paths from w1 up to E") != std::string::npos);
  const auto grad = chainrule::testing::chainrule_json("grad " + file + " --of E");
  std::string expected;
  for (const auto& g : grad["gradient"])
    if (g["wrt"] == "w1") expected = g["value"];
  chainrule::engine::set_working_digits(50);
  const std::string last = wide.out.substr(wide.out.rfind(" = ") + 3);
  CHECK(abs(r(last.substr(0, last.find("\u2026"))) - r(expected)) <= abs(r(expected)) * r("1e-11"));
}
