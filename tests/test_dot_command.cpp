// `chainrule dot`: Graphviz DOT of a derivation's graph, with values and sensitivities at the
// digits asked for, accepted by Graphviz's own `dot -Tsvg` wherever it is installed.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

const std::string tutorial_a = "examples/derivations/tutorial_a.chain";

struct Graph {
  std::map<std::string, std::string> labels;            // node id -> label
  std::set<std::pair<std::string, std::string>> edges;  // by first label line: (from, to)
  std::map<std::string, std::string> lines;             // node id -> its whole line
};

Graph read_dot(const std::string& dot) {
  Graph g;
  static const std::regex node(R"re(^  (n\d+) \[.*label="([^"]*)"\];$)re");
  static const std::regex edge(R"(^  (n\d+) -> (n\d+)( \[.*\])?;$)");
  std::vector<std::pair<std::string, std::string>> ids;
  std::size_t start = 0;
  while (start < dot.size()) {
    const std::size_t end = dot.find('\n', start);
    const std::string line = dot.substr(start, end - start);
    start = end == std::string::npos ? dot.size() : end + 1;
    std::smatch m;
    if (std::regex_match(line, m, node)) {
      g.labels[m[1]] = m[2];
      g.lines[m[1]] = line;
    } else if (std::regex_match(line, m, edge)) {
      ids.emplace_back(m[1], m[2]);
    }
  }
  auto name = [&](const std::string& id) {
    return g.labels[id].substr(0, g.labels[id].find("\\n"));
  };
  for (const auto& [from, to] : ids) g.edges.emplace(name(from), name(to));
  return g;
}

bool graphviz_installed() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("dot of tutorial A: named boxes with value and dE/d(node), leaves apart, 30 edges") {
  auto run = run_chainrule("dot " + tutorial_a + " --of E --show 6");
  REQUIRE(run.status == 0);
  CHECK(run.out.rfind("digraph chainrule {\n", 0) == 0);
  const Graph g = read_dot(run.out);
  CHECK(g.labels.size() == 25);  // 14 inputs E depends on (not eta), 10 intermediates, E
  // Values and sensitivities to 6 digits, from tests/expected/tutorials.md (mpmath); then
  // the claims on each node with their verdicts, from the same file's table: a claim on a
  // named value is on its node, one on d(A)/d(B) on B's. Line 102 (dE/d(out_h1) =
  // 0.04681348) is carried-rounding, exact 0.04681347; line 93 (0.21904039) truncated, rounded
  // 0.21904040; every other is ok.
  std::map<std::string, std::string> expected = {
      {"w5", "w5\\n= 0.44\\ndE/dw5 = 0.0858253\u2026\\n\u2713 lines 72, 74 ok"},
      {"out_h1",
       "out_h1\\n= 0.602909\u2026\\ndE/d(out_h1) = 0.0468135\u2026\\n\u2713 lines 28, 83, 85, 97, 99 "
       "ok\\n\u2248 line 102: dE/d(out_h1) claimed 0.04681348, is 0.04681347 (carried-rounding)"},
      {"y2",
       "y2\\n= 0.735237\u2026\\ndE/dy2 = -0.0687889\u2026\\n\u2713 lines 46, 95 ok\\n\u2248 line 93: "
       "d(out_y2)/d(y2) claimed 0.21904039, is 0.21904040 (truncated)"},
      {"h1", "h1\\n= 0.4176\\ndE/dh1 = 0.0112076\u2026\\n\u2713 lines 25, 106 ok"},
      {"E", "E\\n= 0.306083\u2026\\n\u2713 line 60 ok"}};
  int found = 0;
  for (const auto& [id, label] : g.labels) {
    const std::string name = label.substr(0, label.find("\\n"));
    if (!expected.contains(name)) continue;
    ++found;
    CHECK(label == expected[name]);
    // Inputs are filled and rounded; intermediates are plain boxes; E is marked as the top,
    // and the nodes with a claim that is not ok are outlined in amber.
    const std::string& line = g.lines.at(id);
    CHECK((line.find("rounded,filled") != std::string::npos) == (name == "w5"));
    const bool amber = name == "out_h1" || name == "y2";
    CHECK((line.find("penwidth=2") != std::string::npos) == (name == "E" || amber));
    CHECK((line.find("color=\"#d97706\"") != std::string::npos) == amber);
  }
  CHECK(found == 5);
  CHECK(g.edges.size() == 30);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"w5", "y1"},
                                                                                 {"out_h1", "y1"},
                                                                                 {"out_h1", "y2"},
                                                                                 {"b1", "h2"},
                                                                                 {"y1", "out_y1"},
                                                                                 {"T1", "E1"},
                                                                                 {"out_y1", "E1"},
                                                                                 {"E1", "E"},
                                                                                 {"E2", "E"}})
    CHECK(g.edges.contains({from, to}));
  CHECK_FALSE(g.edges.contains({"w5", "out_y1"}));  // only through y1
}

TEST_CASE("dot without --of shows every named value; derivative terms are dashed nodes") {
  auto run = run_chainrule("dot " + tutorial_a);
  REQUIRE(run.status == 0);
  const Graph g = read_dot(run.out);
  // The 29 named values and the derivative terms inside w5_new and w1_new (not the claims').
  CHECK(g.labels.size() == 29 + 2);
  CHECK(g.edges.contains({"dE/dw5", "w5_new"}));
  CHECK(g.edges.contains({"E", "dE/dw5"}));
  CHECK(g.edges.contains({"w5", "dE/dw5"}));
  CHECK(g.edges.contains({"eta", "w5_new"}));
}

TEST_CASE("Graphviz's dot -Tsvg accepts the DOT, and the committed picture shows tutorial A") {
  const std::string svg = slurp(std::string(CHAINRULE_SOURCE_DIR) + "/docs/tutorial_a_graph.svg");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("dE/dw5 = 0.08582532696\u2026") != std::string::npos);
  CHECK(svg.find("dE/d(out_h1) = 0.04681347343\u2026") != std::string::npos);
  if (!graphviz_installed()) {
    MESSAGE("skipped: Graphviz's `dot` is not installed here (scripts/setup.sh installs it)");
    auto missing = run_chainrule("dot " + tutorial_a + " --svg " + temp_file("", ".svg"));
    CHECK(missing.status == 2);
    CHECK(missing.err.find("Graphviz's `dot` is not installed") != std::string::npos);
    return;
  }
  for (const char* options : {" --of E", " --of E --all-nodes --show 30", "", " --of E_after"}) {
    CAPTURE(options);
    const std::string out = temp_file("", ".svg");
    auto run = run_chainrule("dot " + tutorial_a + options + " --svg " + out);
    CHECK_MESSAGE(run.status == 0, run.err);
    const std::string picture = slurp(out);
    CHECK(picture.find("<svg") != std::string::npos);
    CHECK(picture.find("</svg>") != std::string::npos);
    // The DOT text itself, through dot directly.
    const std::string dot = temp_file(run_chainrule("dot " + tutorial_a + options).out, ".dot");
    CHECK(std::system(("dot -Tsvg " + dot + " -o /dev/null").c_str()) == 0);
  }
  const std::string png = temp_file("", ".png");
  CHECK(run_chainrule("dot " + tutorial_a + " --of E --png " + png).status == 0);
  CHECK(slurp(png).substr(1, 3) == "PNG");
}
