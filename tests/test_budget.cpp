// The work budget of the commands (docs/derivation-files.md, "Work limits"): each limit
// refused with a message that says the number asked for and the limit, exit 2, before the
// work starts; and what is within a limit still works.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

const std::string kA = "examples/derivations/tutorial_a.chain";  // E over w1..w8, b1, b2

// d(d(...d(dE/dw1)/dw1...)/dw1)/dw1 with `depth` derivatives.
std::string nested_query(int depth) {
  std::string query = "dE/dw1";
  for (int k = 1; k < depth; ++k) query = "d(" + query + ")/dw1";
  return query;
}

}  // namespace

TEST_CASE("hessian refuses more names than its limit, saying how many --wrt matched") {
  // 1001 inputs x1..x1001, all of which E uses (a pattern matches only the leaves E depends
  // on): one more than the 1000 names a hessian is taken over.
  std::string text;
  for (int k = 1; k <= 1001; ++k) text += "x" + std::to_string(k) + " = 0.5\n";
  text += "s2 = x1*x2\n";
  for (int k = 3; k <= 1001; ++k)
    text += "s" + std::to_string(k) + " = s" + std::to_string(k - 1) + " + x" + std::to_string(k) +
            "\n";
  text += "E = s1001\n";
  const std::string file = temp_file(text);
  auto r = run_chainrule("hessian " + file + " --of E --wrt 'x*'");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == file +
                     ": error: --wrt 'x*' matches 1001 names; the hessian is limited to 1000 (a "
                     "matrix of 1000000 entries)\n");
  // Within the limit it works: d²(x1·x2)/dx1dx2 = 1, d²/dx1² = 0.
  auto two = run_chainrule("hessian " + file + " --of E --wrt x1,x2 --json");
  REQUIRE(two.status == 0);
  const auto h = nlohmann::json::parse(two.out)["hessian"];
  CHECK(std::stod(h[0][1].get<std::string>()) == 1.0);
  CHECK(std::stod(h[0][0].get<std::string>()) == 0.0);
  std::remove(file.c_str());
}

TEST_CASE("a derivative on the command line nests at most 9 deep, as in a file") {
  // 10 derivatives: one past the file format's limit of 9; refused before anything is recorded,
  // for explain and formula alike (a 30-deep query made formula run out of memory).
  for (const char* command : {"formula", "explain"}) {
    for (int depth : {10, 30}) {
      const std::string query = nested_query(depth);
      auto r = run_chainrule(std::string(command) + " " + kA + " '" + query + "'");
      CHECK(r.status == 2);
      CHECK(r.err == kA + ": error: '" + query +
                         "' needs derivatives nested more than 9 deep; they are not supported\n");
    }
  }
  // Two deep still works: d(dE/dw5)/dw5 of tutorial A is a number.
  auto second = run_chainrule("formula " + kA + " 'd(dE/dw5)/dw5'");
  CHECK(second.status == 0);
}

TEST_CASE("a nested query that would record too many nodes is refused before it records them") {
  // At 100000 digits a node takes some 83 KB (two values of 41.5 KB of limbs), so the graph
  // limit of 1 GiB is about 12900 nodes: recording the sweep of a 2001-node chain for
  // d(dv2000/dx)/dx may take 8 nodes per node, some 16000, and is refused.
  std::string text = "x = 0.5\nv0 = x\n";
  for (int k = 1; k <= 2000; ++k)
    text += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * x\n";
  const std::string file = temp_file(text);
  auto r = run_chainrule("formula " + file + " 'd(dv2000/dx)/dx' --digits 100000");
  CHECK(r.status == 2);
  std::smatch m;
  REQUIRE(std::regex_match(r.err, m,
                           std::regex(file + ": error: 'd\\(dv2000/dx\\)/dx' could record ([0-9]+) "
                                             "graph nodes for its inner derivatives, more than "
                                             "the limit of ([0-9]+) at this precision\n")));
  CHECK(std::stoull(m[1]) > 16000);
  CHECK(std::stoull(m[2]) > 12000);
  CHECK(std::stoull(m[2]) < 14000);
  std::remove(file.c_str());
}

TEST_CASE("network: a shape too large is refused at once; one with 1000 inputs reads back") {
  auto huge = run_chainrule("network 1000000-1000000-1");
  CHECK(huge.status == 2);
  CHECK(huge.out.empty());
  // 1000000·1000000 + 1000000·1 weights.
  CHECK(huge.err ==
        "error: the network 1000000-1000000-1 is too large: 1000001000000 weights, more than "
        "the 100000 whose derivation file chainrule reads back in seconds\n");
  // 1000 inputs: the net input's sum of 1000 products was one expression 1000 levels deep,
  // which eval refused; it is written in groups of 300 now.
  auto wide = run_chainrule("network 1000-1-1");
  REQUIRE(wide.status == 0);
  const std::string file = temp_file(wide.out);
  auto eval = run_chainrule("eval " + file + " --double");
  REQUIRE(eval.status == 0);
  // h1 = Σ x_i·w_i + b1 over the leaf values the file gives, summed here in long double.
  std::map<std::string, long double> leaf;
  const std::regex assignment(R"(^([xwb][0-9]+) = ([-0-9.e]+)$)");
  std::istringstream lines(wide.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, assignment)) leaf[m[1]] = std::stold(m[2]);
  }
  long double h1 = leaf.at("b1");
  for (int i = 1; i <= 1000; ++i)
    h1 += leaf.at("x" + std::to_string(i)) * leaf.at("w" + std::to_string(i));
  std::smatch m;
  REQUIRE(std::regex_search(eval.out, m, std::regex(R"(\nh1\s+= ([-0-9.e]+)\n)")));
  CHECK(std::fabs(std::stold(m[1]) - h1) <= 1e-13L * std::fabs(h1));
  std::remove(file.c_str());
}

TEST_CASE("network refuses a shape whose file chainrule could not read back") {
  // 30 rows of a 300-300-1 network: each row's copy of the hidden layer's sums is some 300 ·
  // 600 expression nodes, so 30 copies pass the parser's 4,000,000.
  std::string rows;
  for (int row = 0; row < 30; ++row) {
    for (int column = 0; column < 301; ++column)
      rows += (column ? "," : "") + std::to_string((row + column) % 7) + ".5";
    rows += "\n";
  }
  const std::string csv = temp_file(rows, ".csv");
  auto r = run_chainrule("network 300-300-1 --rows " + csv);
  std::remove(csv.c_str());
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("error: the network 300-300-1 would make a derivation file chainrule cannot "
                    "read back: line ",
                    0) == 0);
  CHECK(r.err.find("the file has more than 4000000 expression nodes") != std::string::npos);
}

TEST_CASE("a scaffold's dE/dw terms read one sweep: 100-100-1 --lr reads back") {
  // --lr writes dE/dw for each of 100·100 + 100 + 1 parameters. Each term is one node whose
  // value comes from the one sweep from E (Tape::swept_from), so the sweep budget counts one
  // sweep of the graph below E, not 10,101.
  auto written = run_chainrule("network 100-100-1 --lr 0.1");
  REQUIRE(written.status == 0);
  const std::string file = temp_file(written.out);
  auto eval = run_chainrule("eval --double " + file);
  std::remove(file.c_str());
  CHECK(eval.status == 0);
  CHECK(eval.err.empty());
  // Every parameter's update is printed: w1_new … w10100_new and b1_new … b101_new.
  CHECK(eval.out.find("\nw10100_new ") != std::string::npos);
  CHECK(eval.out.find("\nb101_new ") != std::string::npos);
}

TEST_CASE("train refuses steps past its work estimate, which grows with the precision") {
  const std::string csv = "/tmp/chainrule-budget-" + std::to_string(::getpid()) + ".csv";
  auto r = run_chainrule("train " + kA + " --loss E --wrt 'w*' --lr 0.5 --steps 1000000000 " +
                         "--digits 10000 --csv " + csv);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  std::smatch m;
  REQUIRE(std::regex_match(
      r.err, m,
      std::regex("--steps: 1000000000 steps of this ([0-9]+)-node graph at 10000 digits are "
                 "about ([0-9.e+]+) node operations \\(counted at 50 digits\\), more than the "
                 "limit of 20000000000; at most ([0-9]+) steps here\n")));
  // 10010 working digits are 10010·log2(10)/64 + 1 = 520 limbs: an operation costs 130 at
  // 50 digits' 4 limbs; a step evaluates and sweeps the graph once.
  const double nodes = std::stod(m[1]);
  CHECK(std::stod(m[2]) == doctest::Approx(1e9 * 2 * nodes * 130).epsilon(1e-5));
  CHECK(std::stoull(m[3]) == static_cast<unsigned long long>(2e10 / (2 * nodes * 130)));
  CHECK(slurp(csv).empty());  // refused before the output was created
  // At 50 digits the same graph allows 130 times as many.
  auto fifty = run_chainrule("train " + kA + " --loss E --wrt 'w*' --lr 0.5 --steps 1000000000");
  REQUIRE(std::regex_search(fifty.err, m, std::regex("at most ([0-9]+) steps here")));
  CHECK(std::stoull(m[1]) == static_cast<unsigned long long>(2e10 / (2 * nodes)));
}

TEST_CASE("check --json, written a claim at a time, is the JSON nlohmann would print") {
  for (const std::string& text :
       {std::string("x = 0.5\ncheck x = 0.5\ncheck x*2 = 1.1\n"), std::string("x = 0.5\n")}) {
    const std::string file = temp_file(text);
    auto r = run_chainrule("check " + file + " --json");
    const auto parsed = nlohmann::ordered_json::parse(r.out);
    CHECK(r.out == parsed.dump(2) + "\n");
    CHECK(parsed["claims"].size() == (text.size() > 10 ? 2u : 0u));
    std::remove(file.c_str());
  }
}

TEST_CASE("explain refuses to print more terms than its output budget") {
  // A ladder of diamonds v_k = sigmoid(v_{k-1})·tanh(v_{k-1}): the local partials of the
  // second derivative d(dE/dx)/dx are unshared trees that double with each rung, past a
  // million terms at 20 rungs (22 rungs printed 1.09 GB).
  std::string text = "x = 0.3\nv0 = x\n";
  for (int k = 1; k <= 20; ++k) {
    const std::string below = "v" + std::to_string(k - 1), n = std::to_string(k);
    text += "a" + n + " = sigmoid(" + below + "); b" + n + " = tanh(" + below + "); v" + n +
            " = a" + n + "*b" + n + "\n";
  }
  text += "E = v20\n";
  const std::string file = temp_file(text);
  auto r = run_chainrule("explain " + file + " 'd(dE/dx)/dx'");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == file +
                     ": error: the explanation of d(dE/dx)/dx would print more than 1000000 "
                     "terms of local partials, the limit (ask for a derivative lower in the "
                     "graph, or fewer paths with --max-paths)\n");
  std::remove(file.c_str());
}

TEST_CASE("hessian records its gradient and sweeps it within the graph's limits") {
  // At 100000 digits the graph holds some 12900 nodes and a sweep budget of some 7700 node
  // visits (20 million × 4 limbs / (2 × 5191 limbs): hessian computes with intervals, two
  // bounds an operation). v1000 = x1^1000 as a chain of 1000 products:
  // 1010 nodes, whose recorded gradient may take 8 nodes per node (9090 in all: allowed), but
  // 8 sweeps over the graph with the gradient on it are more than 7700 visits.
  std::string text;
  for (int k = 1; k <= 8; ++k) text += "x" + std::to_string(k) + " = 0.5\n";
  text += "v0 = x1\n";
  for (int k = 1; k <= 1000; ++k)
    text += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * x1\n";
  text += "E = v1000 + x2 + x3 + x4 + x5 + x6 + x7 + x8\n";
  const std::string file = temp_file(text);
  auto sweeps = run_chainrule("hessian " + file + " --of E --wrt 'x*' --digits 100000");
  CHECK(sweeps.status == 2);
  std::smatch m;
  REQUIRE(std::regex_match(sweeps.err, m,
                           std::regex(file + ": error: the hessian over 8 names would sweep "
                                             "([0-9]+) nodes in all, more than the limit of "
                                             "([0-9]+)\n")));
  CHECK(std::stoull(m[1]) > std::stoull(m[2]));
  CHECK(std::stoull(m[1]) % 8 == 0);  // 8 sweeps over the same tape
  // A 2001-node chain: 2001 + 8·2001 nodes could be recorded, more than some 12900.
  std::string chain = "x = 0.5\nv0 = x\n";
  for (int k = 1; k <= 2000; ++k)
    chain += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * x\n";
  const std::string long_file = temp_file(chain);
  auto record = run_chainrule("hessian " + long_file + " --of v2000 --wrt x --digits 100000");
  CHECK(record.status == 2);
  REQUIRE(
      std::regex_match(record.err, m,
                       std::regex(long_file + ": error: recording the gradient of 'v2000' "
                                              "could take the graph to ([0-9]+) nodes, more "
                                              "than the limit of ([0-9]+) at this precision\n")));
  CHECK(std::stoull(m[1]) > 16000);
  CHECK(std::stoull(m[2]) < 14000);
  std::remove(file.c_str());
  std::remove(long_file.c_str());
}

namespace {

// Four sigmoid/tanh diamonds: E = v4 has 2^4 = 16 chain-rule paths from x, so a wrong claim on
// dE/dx has 2^16 - 2 = 65534 subsets of paths for missing-paths to try.
std::string diamonds() {
  std::string text = "x = 0.3\nv0 = x\n";
  for (int k = 1; k <= 4; ++k) {
    const std::string p = std::to_string(k - 1), n = std::to_string(k);
    text += "a" + n + " = sigmoid(v" + p + ")\nb" + n + " = tanh(v" + p + ")\nv" + n + " = a" + n +
            "*b" + n + "\n";
  }
  return text + "E = v4\n";
}

}  // namespace

TEST_CASE("the diagnosis search stops at its budget, per claim and per file") {
  // One claim on the sum of ten 16-path terms: the last term is the claim's operand, so each
  // subset tried costs 1 + 2·1 work units (the claim re-evaluated with the term pinned), and
  // the claim's 100000 units buy 33333 of them before the search stops.
  std::string sum = "dE/dx";
  for (int k = 1; k < 10; ++k) sum += " + dE/dx";
  const std::string one = temp_file(diamonds() + "check " + sum + " = 12.5\n");
  auto r = run_chainrule("check " + one);
  CHECK(r.status == 1);
  CHECK(r.out.find("no diagnosis fits (33333 candidates tried; the search stopped at its "
                   "budget)") != std::string::npos);
  auto j = chainrule::testing::chainrule_json("check " + one, 1);
  CHECK(j["claims"][0]["diagnosis"]["stopped"] == true);
  // 300 wrong claims on dE/dx itself: each full search costs one unit a candidate, so the
  // file's 400000 units cover about six claims; the rest are not searched at all.
  std::string many = diamonds();
  for (int k = 0; k < 300; ++k) many += "check dE/dx = 1." + std::to_string(k) + "\n";
  const std::string file = temp_file(many);
  auto report = chainrule::testing::chainrule_json("check " + file, 1);
  const auto& claims = report["claims"];
  REQUIRE(claims.size() == 300);
  CHECK_FALSE(claims[0]["diagnosis"].contains("stopped"));
  CHECK(claims[299]["diagnosis"]["tried"] == 0);
  CHECK(claims[299]["diagnosis"]["stopped"] == true);
  std::uint64_t tried = 0;
  for (const auto& c : claims) tried += c["diagnosis"]["tried"].get<std::uint64_t>();
  CHECK(tried <= 400000);
  CHECK(tried > 300000);  // the budget is used, not refused at the first claim
}
