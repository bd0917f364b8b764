// Second derivatives: derivative terms record their reverse sweep on the tape, so files can
// differentiate them again (d(dE/dw5)/dw1) and `chainrule hessian` prints the matrix. Checked
// against central differences of first derivatives at 200 digits, and for symmetry.
#include <doctest/doctest.h>

#include "cli.hpp"
#include "compiled_derivation.hpp"
#include "engine/number.hpp"
#include "verify/hessian.hpp"
#include "verify/parser.hpp"

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::testing::chainrule_json;
using chainrule::testing::compiled;
using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;
using chainrule::testing::value_of;
namespace verify = chainrule::verify;

namespace {

Real r(const char* text) { return parse_decimal<Real>(text); }

std::string tutorial_a() {
  std::string text =
      slurp(std::string(CHAINRULE_SOURCE_DIR) + "/examples/derivations/tutorial_a.chain");
  return text.substr(0, text.find("# Output:"));
}

// (g(leaf + h) - g(leaf - h)) / 2h for the named value g, re-evaluating the whole graph.
Real central_difference(verify::Derivation<Real>& d, const std::string& g, const std::string& leaf,
                        const Real& h) {
  const auto node = d.node_of(leaf);
  const Real saved = d.tape.value(node);
  d.tape.set_value(node, saved + h);
  REQUIRE(verify::reevaluate(d).has_value());
  const Real up = value_of(d, g);
  d.tape.set_value(node, saved - h);
  REQUIRE(verify::reevaluate(d).has_value());
  const Real down = value_of(d, g);
  d.tape.set_value(node, saved);
  REQUIRE(verify::reevaluate(d).has_value());
  return (up - down) / (2 * h);
}

bool agree_to_digits(const Real& x, const Real& y, int digits) {
  const Real scale = std::max(abs(x), abs(y));
  return scale == 0 || abs(x - y) <= scale * pow(Real(10), -digits);
}

}  // namespace

TEST_CASE(
    "d(dE/dw5)/dw1 and friends in a file agree with 200-digit central differences to 80 digits") {
  chainrule::engine::set_working_digits(200);
  // Central differences with h = 1e-60: truncation error O(h^2) = 1e-120 relative, and the
  // cancellation costs about 60 of the 200 digits; both far from the 80 compared.
  const Real h = r("1e-60");
  std::string text = tutorial_a();
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"w5", "w1"}, {"w1", "w1"}, {"w5", "w5"}, {"w1", "w8"},
      {"b2", "x1"}, {"b1", "T2"}, {"w6", "b2"}};
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto& [first, second] = pairs[k];
    text += "g" + std::to_string(k) + " = dE/d" + first + "\n";
    text += "nested" + std::to_string(k) + " = d(dE/d" + first + ")/d" + second + "\n";
    text += "named" + std::to_string(k) + " = d(g" + std::to_string(k) + ")/d(" + second + ")\n";
  }
  auto d = compiled(text);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    // Named copies, not a structured binding: clang 14's CAPTURE cannot take one.
    const auto& first = pairs[k].first;
    const auto& second = pairs[k].second;
    CAPTURE(first);
    CAPTURE(second);
    const std::string index = std::to_string(k);
    const Real exact = value_of(d, "named" + index);
    CHECK(value_of(d, "nested" + index) == exact);
    CHECK(exact != 0);
    CHECK(agree_to_digits(exact, central_difference(d, "g" + index, second, h), 80));
  }
}

TEST_CASE(
    "the Hessian of tutorial A's E is symmetric to all working digits and matches differences") {
  chainrule::engine::set_working_digits(50);
  auto d = compiled(tutorial_a());
  const std::vector<std::string> wrt = {"w1", "w2", "w3", "w4", "w5", "w6",
                                        "w7", "w8", "b1", "b2", "x1", "T1"};
  const auto hessian = verify::hessian(d, "E", wrt);
  REQUIRE(hessian.has_value());
  const verify::HessianMatrix<Real>& m = *hessian;
  for (std::size_t i = 0; i < wrt.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      CAPTURE(wrt[i]);
      CAPTURE(wrt[j]);
      CHECK(agree_to_digits(m.rows[i][j], m.rows[j][i], 50));
    }
  // w7 reaches E only through y2: d2E/dw5dw7 = 0 exactly, and so is the entry.
  CHECK(m.rows[4][6] == 0);
  // A row against differences of the file's own dE/dw at 200 digits.
  chainrule::engine::set_working_digits(200);
  auto precise = compiled(tutorial_a() + "g = dE/dw5\n");
  const auto row = verify::hessian(precise, "E", wrt);
  REQUIRE(row.has_value());
  for (std::size_t j = 0; j < wrt.size(); ++j) {
    CAPTURE(wrt[j]);
    CHECK(
        agree_to_digits(row->rows[4][j], central_difference(precise, "g", wrt[j], r("1e-60")), 80));
  }
}

TEST_CASE("chainrule hessian prints the matrix; a derivative through a derivative now works") {
  auto json = chainrule_json("hessian examples/derivations/tutorial_a.chain --of E --wrt w1,w5");
  CHECK(json["wrt"] == nlohmann::json{"w1", "w5"});
  CHECK(json["hessian"][0][1] == json["hessian"][1][0]);
  // d(dE/dw5)/dw1 = 0.000974668181397493003885134670432747449... (mpmath, 60 digits)
  CHECK(json["hessian"][0][1].get<std::string>().substr(0, 24) == "0.0009746681813974930038");
  auto text = run_chainrule("hessian examples/derivations/tutorial_a.chain --of E --wrt 'w*'");
  CHECK(text.status == 0);
  CHECK(text.out.find("w5  ") != std::string::npos);
  CHECK(
      run_chainrule("hessian examples/derivations/tutorial_a.chain --of E --wrt nothing").status ==
      2);
  // Formerly "would differentiate through a derivative term": g = dw/dw = 1, so dh/dw = 1.
  auto through = temp_file("w = 0.5\ng = d(w)/d(w)\nh = w - g * w^2\nk = d(h)/d(w)\n");
  auto values = chainrule_json("eval " + through)["values"];
  CHECK(values[3]["value"] == "0");  // 1 - 2w at w = 0.5
}

TEST_CASE(
    "derivatives nested deeper than the compiler records are still an error naming the line") {
  std::string text = "x = 0.5\nf0 = exp(x)\n";
  for (int k = 1; k <= 11; ++k)
    text += "f" + std::to_string(k) + " = d(f" + std::to_string(k - 1) + ")/d(x)\n";
  auto file = temp_file(text);
  auto deep = run_chainrule("eval " + file);
  CHECK(deep.status == 2);
  CHECK(deep.err.find(
            file +
            ":13:7: error: d(f10)/d(x) would differentiate through a derivative term (on line 12), "
            "which needs derivatives nested more than 9 deep") == 0);
  // The tenth derivative is fine: every derivative of exp is exp.
  auto ten = temp_file(text.substr(0, text.rfind("f11")));
  auto values = chainrule_json("eval " + ten)["values"];
  CHECK(values.size() == 12);
  CHECK(values.back()["value"] == values[1]["value"]);
}

TEST_CASE("hessian --wrt '*': the leaves grad reports, in blocks within 100 columns") {
  // Tutorial A's E depends on x1, x2, w1..w8, b1, b2, T1 and T2; eta is used only by the
  // update lines, so grad leaves it out and the hessian has no row of zeros for it.
  auto h = chainrule_json("hessian examples/derivations/tutorial_a.chain --of E --wrt '*'");
  auto g = chainrule_json("grad examples/derivations/tutorial_a.chain --of E");
  std::vector<std::string> grad_leaves;
  for (const auto& row : g["gradient"]) grad_leaves.push_back(row["wrt"]);
  CHECK(h["wrt"].get<std::vector<std::string>>() == grad_leaves);
  CHECK(grad_leaves.size() == 14);
  // 14 columns of 10 digits would be some 300 columns wide: printed in blocks instead.
  auto table = run_chainrule("hessian examples/derivations/tutorial_a.chain --of E --wrt '*'");
  REQUIRE(table.status == 0);
  std::size_t start = 0, widest = 0, headers = 0;
  while (start < table.out.size()) {
    const std::size_t end = table.out.find('\n', start);
    const std::string line = table.out.substr(start, end - start);
    std::size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    widest = std::max(widest, columns);
    if (line.rfind("    x1", 0) == 0 || line.rfind("    w", 0) == 0 ||
        line.rfind("    b", 0) == 0 || line.rfind("    T", 0) == 0)
      ++headers;
    start = end + 1;
  }
  CHECK(widest <= 100);
  CHECK(headers >= 3);  // at most 4 columns of 22 a block: 14 columns need 4 blocks
}
