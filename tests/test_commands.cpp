// `chainrule eval`, `grad` and `train`, their JSON, and errors, run as a user runs them.
#include <doctest/doctest.h>

#include <set>

#include "cli.hpp"
#include "engine/number.hpp"

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::engine::to_decimal;
using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using nlohmann::json;

namespace {

Real r(const char* text) { return parse_decimal<Real>(text); }

std::string gradient_of(const json& report, const std::string& leaf) {
  for (const auto& g : report["gradient"])
    if (g["wrt"] == leaf) return g["value"];
  FAIL("no gradient for " << leaf);
  return {};
}

// The published 20-digit value is `value` correctly rounded: within half a unit of 1e-20.
bool rounds_to_20_digits(const json& value, const std::string& published) {
  chainrule::engine::set_working_digits(60);
  return abs(r(value.get<std::string>().c_str()) - r(published.c_str())) <= r("0.5e-20");
}

}  // namespace

TEST_CASE("grad of tutorial A's E agrees with the chain rule's closed forms to 45 digits") {
  chainrule::engine::set_working_digits(60);
  // The forward pass and the two textbook chains, written out by hand at 60 digits.
  auto s = [](const Real& x) { return Real(1 / (1 + exp(-x))); };
  const Real x1 = r("0.03"), x2 = r("0.09"), w1 = r("0.11"), w2 = r("0.27"), w3 = r("0.19"),
             w4 = r("0.52"), w5 = r("0.44"), w6 = r("0.48"), w7 = r("0.23"), w8 = r("0.29"),
             b1 = r("0.39"), b2 = r("0.42"), t1 = r("0.01"), t2 = r("0.99");
  const Real oh1 = s(x1 * w1 + x2 * w2 + b1), oh2 = s(x1 * w3 + x2 * w4 + b1);
  const Real oy1 = s(oh1 * w5 + oh2 * w6 + b2), oy2 = s(oh1 * w7 + oh2 * w8 + b2);
  const Real delta1 = (oy1 - t1) * oy1 * (1 - oy1), delta2 = (oy2 - t2) * oy2 * (1 - oy2);
  const Real dw5 = delta1 * oh1;
  const Real dw1 = (delta1 * w5 + delta2 * w7) * oh1 * (1 - oh1) * x1;

  auto report = chainrule_json("grad examples/derivations/tutorial_a.chain --of E");
  CHECK(report["of"] == "E");
  CHECK(report["gradient"].size() == 14);  // x1 x2 w1..w8 b1 b2 T1 T2; eta is not used by E
  auto agrees_to_45_digits = [](const std::string& value, const Real& exact) {
    return abs(r(value.c_str()) - exact) <= abs(exact) * r("1e-45");
  };
  CHECK(agrees_to_45_digits(gradient_of(report, "w5"), dw5));
  CHECK(agrees_to_45_digits(gradient_of(report, "w1"), dw1));
  auto text = run_chainrule("grad examples/derivations/tutorial_a.chain --of E");
  CHECK(text.out.find("d(E)/d(w5) = 0.08582532695633651707446429922719500893923442884425") !=
        std::string::npos);
}

TEST_CASE("eval prints 0.03 as 0.03 at 50 and 10000 digits, and e to 1000 digits") {
  auto file = temp_file("x = 0.03\ne = exp(1)\nthird = 1/3\n");
  for (const char* digits : {"50", "10000"}) {
    auto report = chainrule_json("eval " + file + " --digits " + digits);
    CHECK(report["values"][0] == json{{"name", "x"}, {"line", 1}, {"value", "0.03"}});
    CHECK(report["values"][2]["value"].get<std::string>().size() ==
          std::stoul(digits) + 2);  // "0." + digits
  }
  auto report = chainrule_json("eval " + file + " --digits 1000");
  // e summed as its series at 1100 digits, independently of MPFR's exp.
  chainrule::engine::set_working_digits(1100);
  Real e = 0, term = 1;
  for (int k = 1; k < 480; ++k) {
    e += term;
    term /= k;
  }
  CHECK(report["values"][1]["value"] == to_decimal(e, 1000));
  auto plain = run_chainrule("eval " + file + " --double");
  CHECK(plain.out.find("x     = 0.029999999999999999") != std::string::npos);
}

TEST_CASE("sensitivities to intermediate nodes: dE/d(out_h1) = dE1/d(out_h1) + dE2/d(out_h1)") {
  auto file = temp_file(
      chainrule::testing::slurp(std::string(CHAINRULE_SOURCE_DIR) +
                                "/examples/derivations/tutorial_a.chain") +
      "\ntotal = dE/d(out_h1)\nparts = dE1/d(out_h1) + dE2/d(out_h1)\ndiff = total - parts\n");
  auto report = chainrule_json("eval " + file);
  const auto& values = report["values"];
  // total and parts are equal in exact arithmetic but computed by different sweeps, so their
  // intervals overlap without being one point: the difference's enclosure holds 0 and no
  // digit of it is certain at any precision of the budget, so a bound on its size prints,
  // "[±6.8e-1111]" after the last doubling (a true statement, where -4.97e-60 was a false one).
  const std::string diff = values[values.size() - 1]["value"];
  REQUIRE(diff.rfind("[±", 0) == 0);
  const std::size_t e_at = diff.find("e-");
  REQUIRE(e_at != std::string::npos);
  CHECK(std::stoi(diff.substr(e_at + 2)) > 1000);  // the bound is below 1e-1000
  CHECK(values[values.size() - 3]["value"] == values[values.size() - 2]["value"]);
  CHECK(values[values.size() - 3]["value"].get<std::string>().substr(0, 14) == "0.046813473433");
}

TEST_CASE("train on tutorial B reproduces the ten losses a Keras fit(epochs=10) prints") {
  // Keras' mean squared error over two outputs is 1/2 * sum (t - o)^2, tutorial B's E, and
  // fit() prints each epoch's loss from the forward pass before that epoch's update: the
  // loss before step k + 1 here. Exact values from tests/expected/tutorials.md (mpmath, bc).
  const std::vector<std::string> keras = {"0.25432532302042955818", "0.25393111827430680570",
                                          "0.25353687868402442885", "0.25314260712156631565",
                                          "0.25274830646493673907", "0.25235397959803702589",
                                          "0.25195962941054155638", "0.25156525879777310609",
                                          "0.25117087066057754063", "0.25077646790519787516"};
  auto report = chainrule_json(
      "train examples/derivations/tutorial_b.chain --loss E --wrt 'w*,b*' --lr 0.01 --steps 10");
  REQUIRE(report["history"].size() == 11);
  for (std::size_t k = 0; k < keras.size(); ++k) {
    CAPTURE(k);
    CHECK(report["history"][k]["step"] == k);
    CHECK(rounds_to_20_digits(report["history"][k]["loss"], keras[k]));
  }
  CHECK(rounds_to_20_digits(report["history"][10]["loss"], "0.25038205344314770962"));
  // `w*` names the leaves w1 ... w8, never the defined w1_new.
  auto csv_path = temp_file("", ".csv");
  auto run = run_chainrule(
      "train examples/derivations/tutorial_b.chain --loss E --wrt 'w*,b*' --lr 0.01 --steps 3 "
      "--csv " +
      csv_path);
  CHECK(run.status == 0);
  CHECK(chainrule::testing::slurp(csv_path).rfind("step,loss\n0,0.2543253230204295581", 0) == 0);
}

TEST_CASE("train steps re-evaluate what the loss depends on; every value is current at the end") {
  // w' = w - 1/4 · 2(w - 1): w goes 3 -> 2 -> 1.5. g and twice are not ancestors of E, so the
  // steps skip them, and the final report must still show them at w = 1.5.
  auto file = temp_file("w = 3\nE = (w - 1)^2\ng = dE/dw\ntwice = 2*w\n");
  auto report = chainrule_json("train " + file + " --loss E --wrt w --lr 0.25 --steps 2");
  std::map<std::string, std::string> value;
  for (const auto& v : report["values"]) value[v["name"]] = v["value"];
  CHECK(value["w"] == "1.5");
  CHECK(value["E"] == "0.25");
  CHECK(value["g"] == "1");
  CHECK(value["twice"] == "3");
  // A value off the loss's path that leaves its domain is still reported, as a bad input.
  auto off_path = temp_file("w = 3\nE = (w - 1)^2\ny = log(w - 1.75)\n");
  auto run = run_chainrule("train " + off_path + " --loss E --wrt w --lr 0.25 --steps 2");
  CHECK(run.status == 2);
  CHECK(run.err.find(off_path + ":3:5: error: log of a non-positive number") == 0);
}

TEST_CASE("bad input: FILE:LINE:COLUMN: error and exit status 2") {
  auto file = temp_file("x = 1\ny = log(x - 1)\n");
  auto domain = run_chainrule("eval " + file);
  CHECK(domain.status == 2);
  CHECK(domain.err ==
        file + ":2:5: error: log of a non-positive number: log(0), in the definition of 'y'\n"
               "    2 | y = log(x - 1)\n"
               "      |     ^\n");
  auto missing = run_chainrule("check /nonexistent/file.chain");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("/nonexistent/file.chain: error: cannot read the file") == 0);
  auto typo = temp_file("out_h1 = 0.5\ny = out_h2 * 2\n");
  auto unknown = run_chainrule("eval " + typo);
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find(typo + ":2:5: error: unknown name 'out_h2'; did you mean 'out_h1'?") == 0);
  // Differentiating through a derivative term records its sweep: d(w - dw/dw)/dw = 1 - 0.
  auto second = temp_file("w = 0.5\ng = d(w)/d(w)\nh = w - g\nk = d(h)/d(w)\n");
  auto through = run_chainrule("eval " + second);
  CHECK(through.status == 0);
  CHECK(through.out.find("k = 1\n") != std::string::npos);
  // ... up to derivatives nested 9 deep; the 11th derivative of exp is still an error.
  std::string nested = "x = 0.5\nf0 = exp(x)\n";
  for (int k = 1; k <= 11; ++k) nested += "f" + std::to_string(k) + " = d(f" + std::to_string(k - 1) + ")/d(x)\n";
  auto deep_file = temp_file(nested);
  auto deep = run_chainrule("eval " + deep_file);
  CHECK(deep.status == 2);
  CHECK(deep.err.find(deep_file + ":13:7: error: d(f10)/d(x) would differentiate through a derivative term (on line 12)") == 0);
  CHECK(run_chainrule("grad " + typo + " --of nothing").status == 2);
  // sqrt'(0) is infinite: grad says where instead of printing inf.
  auto root = temp_file("x = 0\ny = sqrt(x) + x\n");
  auto infinite = run_chainrule("grad " + root + " --of y");
  CHECK(infinite.status == 2);
  CHECK(infinite.err == root +
                            ": error: the gradient of 'y' is not finite: the local derivative of "
                            "sqrt at line 2, column 5 is infinite there\n");
  CHECK(run_chainrule("eval").status == 2);
}

namespace {

// The keys of a JSON object, as a set: the spec fixes the keys, not their order.
using Keys = std::set<std::string>;

Keys keys_of(const json& object) {
  Keys keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

}  // namespace

TEST_CASE("--json output has the spec's shape for check, eval, grad and train") {
  auto check = chainrule_json("check examples/derivations/tutorial_b.chain", 1);
  CHECK(keys_of(check) == Keys{"file", "digits", "claims", "summary"});
  CHECK(check["file"] == "examples/derivations/tutorial_b.chain");
  CHECK(check["digits"] == 50);
  CHECK(keys_of(check["summary"]) ==
        Keys{"ok", "truncated", "carried-rounding", "carried-error", "last-digit", "wrong"});
  for (const auto& c : check["claims"]) {
    CHECK(keys_of(c) == Keys{"line", "expr", "published", "value", "verdict", "diagnosis"});
    CHECK(c["line"].is_number_integer());
    CHECK(c["published"].is_string());
    CHECK(c["value"].get<std::string>().size() > 45);  // the full working precision
    const auto& d = c["diagnosis"];
    CHECK((d.is_null() || d["kind"] == "none" || d["kind"] == "missing-paths"));
    if (c["verdict"] == "ok" || c["verdict"] == "truncated") CHECK(d.is_null());
    if (!d.is_null() && d["kind"] == "none") CHECK(d["tried"].is_number_unsigned());
    if (!d.is_null() && d["kind"] == "missing-paths") {
      CHECK(d["kept"].is_array());
      CHECK(d["left_out"].is_array());
      CHECK(d["kept"][0].is_array());
    }
  }
  auto carried = chainrule_json("check examples/derivations/tutorial_a.chain");
  for (const auto& c : carried["claims"])
    if (c["verdict"] == "carried-rounding") CHECK(keys_of(c["diagnosis"]) == Keys{"kind", "using"});
  auto eval = chainrule_json("eval examples/derivations/tutorial_a.chain");
  CHECK(keys_of(eval) == Keys{"values"});
  for (const auto& v : eval["values"]) CHECK(keys_of(v) == Keys{"name", "line", "value"});
  auto grad = chainrule_json("grad examples/derivations/tutorial_a.chain --of E");
  CHECK(keys_of(grad) == Keys{"of", "gradient"});
  for (const auto& g : grad["gradient"]) CHECK(keys_of(g) == Keys{"wrt", "value"});
  auto train = chainrule_json(
      "train examples/derivations/tutorial_b.chain --loss E --wrt 'w*' --lr 0.5 --steps 4 --every "
      "2");
  // The original shape, then the trained leaves, the number of steps and the update rule.
  CHECK(keys_of(train) == Keys{"loss", "history", "values", "trained", "steps", "optimizer"});
  CHECK(keys_of(train["optimizer"]) == Keys{"name", "lr"});
  CHECK(train["history"].size() == 3);  // steps 0, 2 and 4
  for (const auto& h : train["history"]) CHECK(keys_of(h) == Keys{"step", "loss"});
  for (const auto& v : train["values"]) CHECK(keys_of(v) == Keys{"name", "value"});
}

TEST_CASE("grad through a derivative term: d(E_after)/d(eta) agrees with a central difference") {
  // E_after = E[w5 := w5 - eta*dE/dw5, w1 := w1 - eta*dE/dw1] depends on eta only through
  // derivative terms, so its gradient needs second derivatives. Check it against
  // (E_after(eta + h) - E_after(eta - h)) / 2h at 80 digits with h = 1e-25: the error is
  // O(h^2) = 1e-50, and the cancellation costs 25 of the 80 digits.
  const std::string source = chainrule::testing::slurp(std::string(CHAINRULE_SOURCE_DIR) +
                                                       "/examples/derivations/tutorial_a.chain");
  auto with_eta = [&](const std::string& eta) {
    std::string text = source;
    text.replace(text.find("\neta = 0.3\n"), 11, "\neta = " + eta + "\n");
    return temp_file(text);
  };
  auto e_after = [&](const std::string& eta) {
    const json report = chainrule_json("eval " + with_eta(eta) + " --digits 80");
    for (const auto& v : report["values"])
      if (v["name"] == "E_after") return r(v["value"].get<std::string>().c_str());
    FAIL("no E_after");
    return Real(0);
  };
  auto report = chainrule_json("grad examples/derivations/tutorial_a.chain --of E_after --digits 80");
  chainrule::engine::set_working_digits(80);
  const Real numeric = (e_after("0.3000000000000000000000001") - e_after("0.2999999999999999999999999")) /
                       r("2e-25");
  const Real taped = r(gradient_of(report, "eta").c_str());
  CHECK(abs(taped - numeric) <= abs(numeric) * r("1e-40"));
  CHECK(taped < 0);  // a larger step lowers the error further here
}
