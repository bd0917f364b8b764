// `chainrule dot FILE [--of E]`: the graph as Graphviz DOT (or --json). Named nodes are boxes
// showing name, value and sensitivity to E at the digits shown; inputs are filled and
// rounded, the derivative terms dashed; edges carry local partials and nodes their claims'
// verdicts; --svg/--png run Graphviz's `dot` where it is installed.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "tools/dot_graph.hpp"
#include "tools/explain_common.hpp"
#include "tools/json_text.hpp"
#include "tools/output_file.hpp"
#include "tools/runs.hpp"

namespace chainrule::tools {

namespace {

using engine::Op;

std::string dot_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out + "\"";
}

std::string claim_mark(verify::Verdict v) {
  if (v == verify::Verdict::Ok) return "\u2713";
  const bool wrong = v == verify::Verdict::Wrong || v == verify::Verdict::CarriedError ||
                     v == verify::Verdict::Undecided;
  return wrong ? "\u2717" : "\u2248";
}

// The DOT text: named nodes as boxes with name, value and sensitivity, anonymous ones as
// ellipses with their op and value, each edge with its local partial, claims on their nodes.
class DotWriter {
 public:
  DotWriter(const DotGraph& g, const ExplainOptions& o) : g_(g), o_(o) {}

  std::string write() const {
    std::ostringstream out;
    out << "digraph chainrule {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=11];\n"
        << "  edge [color=\"#555555\", arrowsize=0.7, fontname=\"Helvetica\", fontsize=9];\n";
    for (const DotNode& n : g_.nodes) out << "  n" << n.id << " " << attributes(n) << ";\n";
    for (const DotEdge& e : g_.edges) {
      out << "  n" << e.below << " -> n" << e.above;
      if (e.derivative)
        out << " [style=dashed]";
      else
        out << " [label=" << dot_string(shown(e.partial, o_.show)) << "]";
      out << ";\n";
    }
    out << "}\n";
    return out.str();
  }

 private:
  std::string label(const DotNode& n) const {
    const std::string value = shown(n.value, o_.show);
    if (n.op == Op::Constant) return value;
    std::string text = n.name.empty() ? op_symbol(n.op) + "  " + value : n.name + "\n= " + value;
    if (!o_.of.empty() && !n.top) {
      text +=
          "\n" +
          (n.name.empty() ? std::string("sensitivity") : verify::derivative_text(o_.of, n.name)) +
          " = ";
      text += n.through_derivative ? std::string("(through a derivative term)")
                                   : shown(n.sensitivity, o_.show);
    }
    return text + claims_text(n);
  }

  // One line for the claims on the node that are ok ("✓ lines 72, 74 ok"), then one for each
  // other claim: "✗ line 7: dg/dx claimed 11, is 12 (wrong)".
  std::string claims_text(const DotNode& n) const {
    std::string ok, others;
    std::size_t ok_count = 0;
    for (std::size_t k : n.claims) {
      const DotClaim& c = g_.claims[k];
      if (c.verdict == verify::Verdict::Ok) {
        ok += (ok_count++ ? ", " : "") + std::to_string(c.line);
        continue;
      }
      others += "\n" + claim_mark(c.verdict) + " line " + std::to_string(c.line) + ": " + c.expr +
                " claimed " + c.published + ", is " + c.rounded + " (" +
                std::string(verify::verdict_name(c.verdict)) + ")";
    }
    if (ok_count > 0) ok = "\n\u2713 line" + std::string(ok_count > 1 ? "s " : " ") + ok + " ok";
    return ok + others;
  }

  // The colour of the worst verdict among the node's claims: red for a wrong one, amber for
  // a rounding verdict; empty when every claim is ok (or there is none).
  std::string claim_colour(const DotNode& n) const {
    std::string worst;
    for (std::size_t k : n.claims) {
      const std::string mark = claim_mark(g_.claims[k].verdict);
      if (mark == "\u2717") return "#dc2626";
      if (mark == "\u2248") worst = "#d97706";
    }
    return worst;
  }

  std::string attributes(const DotNode& n) const {
    std::string style;
    if (n.op == Op::Input)
      style = "shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\"";
    else if (n.op == Op::Constant)
      style = "shape=plaintext";
    else if (n.op == Op::Derivative)
      style = "shape=box, style=\"dashed,filled\", fillcolor=\"#f3e8ff\"";
    else if (!n.name.empty())
      style = "shape=box";
    else
      style = "shape=ellipse, fontsize=9";
    if (n.top) style += ", style=\"filled,bold\", fillcolor=\"#fef3c7\", penwidth=2";
    const std::string colour = claim_colour(n);
    if (!colour.empty()) style += ", color=\"" + colour + "\"" + (n.top ? "" : ", penwidth=2");
    return "[" + style + ", label=" + dot_string(label(n)) + "]";
  }

  const DotGraph& g_;
  const ExplainOptions& o_;
};

// The same graph as one JSON object (docs/derivation-files.md has the shape).
nlohmann::ordered_json graph_json(const DotGraph& g, const ExplainOptions& o) {
  using Json = nlohmann::ordered_json;
  Json nodes = Json::array(), edges = Json::array(), claims = Json::array();
  for (const DotNode& n : g.nodes) {
    Json sensitivity = nullptr;
    if (n.top)
      sensitivity = "1";
    else if (n.has_sensitivity)
      sensitivity = shown_in_full(n.sensitivity, o);
    nodes.push_back({{"id", n.id},
                     {"name", n.name.empty() ? Json(nullptr) : Json(n.name)},
                     {"op", engine::rule<Number>(n.op).name},
                     {"value", shown_in_full(n.value, o)},
                     {"sensitivity", std::move(sensitivity)}});
  }
  for (const DotEdge& e : g.edges)
    edges.push_back(
        {{"from", e.below},
         {"to", e.above},
         {"partial", e.derivative ? Json(nullptr) : Json(shown_in_full(e.partial, o))}});
  for (const DotClaim& c : g.claims)
    claims.push_back({{"line", c.line},
                      {"expr", c.expr},
                      {"published", c.published},
                      {"value", shown_in_full(c.value, o)},
                      {"verdict", verify::verdict_name(c.verdict)},
                      {"node", c.node == engine::kNoNode ? Json(nullptr) : Json(c.node)}});
  return {{"of", o.of.empty() ? Json(nullptr) : Json(o.of)},
          {"digits", o.digits},
          {"nodes", std::move(nodes)},
          {"edges", std::move(edges)},
          {"claims", std::move(claims)}};
}

// Runs `dot -T<format> -o <writing>` with the DOT text on its standard input; messages name
// the file the user asked for, `shown`. A pipe that cannot be made fails without a message.
Result<void> render(const std::string& text, const std::string& format, const std::string& writing,
                    const std::string& shown) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return Failure{""};
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(pipe_fds[0], STDIN_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    const std::string type = "-T" + format;
    ::execlp("dot", "dot", type.c_str(), "-o", writing.c_str(), static_cast<char*>(nullptr));
    _exit(127);  // dot is not installed
  }
  ::close(pipe_fds[0]);
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(pipe_fds[1], text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(pipe_fds[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return Failure{"error: Graphviz's `dot` is not installed, so " + shown +
                   " was not written (on Debian: apt-get install graphviz, or run "
                   "scripts/setup.sh); without --svg/--png the DOT text is printed\n"};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Failure{"error: `dot -T" + format + "` failed to write " + shown + "\n"};
  return {};
}

// Refuses an output that is the input, or the other picture, before anything is read.
Result<void> check_outputs(const ExplainOptions& o) {
  for (const auto& [flag, path] : {std::pair{"--svg", o.svg}, std::pair{"--png", o.png}}) {
    if (path.empty()) continue;
    if (auto allowed = check_output_path(flag, path, o.file); !allowed) return allowed;
  }
  if (!o.svg.empty() && o.svg == o.png)
    return Failure{"--png: '" + o.png + "' is also the --svg file\n"};
  return {};
}

Result<void> write_picture(const std::string& text, const std::string& format,
                           const std::string& path) {
  auto out = OutputFile::create("--" + format, path);
  if (!out) return Failure{out.error()};
  if (auto rendered = render(text, format, out->writing_path(), path); !rendered) return rendered;
  return out->commit();
}

// The pictures --svg and --png ask for, each written whole or not at all.
Result<void> write_pictures(const std::string& text, const ExplainOptions& o) {
  if (!o.svg.empty()) {
    if (auto svg = write_picture(text, "svg", o.svg); !svg) return svg;
  }
  if (!o.png.empty()) return write_picture(text, "png", o.png);
  return {};
}

}  // namespace

int run_dot(const ExplainOptions& o) {
  if (auto allowed = check_outputs(o); !allowed) {
    std::cerr << allowed.error();
    return 2;
  }
  set_precision_for(o);
  auto d = o.of.empty() ? load_differentiable(o, "") : load_differentiable(o, o.of);
  if (!d) {
    std::cerr << d.error();
    return 2;
  }
  const DotGraph graph = dot_graph(*d, o);
  if (o.json) {
    std::cout << json_text(graph_json(graph, o)) << "\n";
    return 0;
  }
  const std::string text = DotWriter(graph, o).write();
  if (o.svg.empty() && o.png.empty()) {
    std::cout << text;
    return 0;
  }
  if (auto written = write_pictures(text, o); !written) {
    std::cerr << written.error();
    return 2;
  }
  return 0;
}

}  // namespace chainrule::tools
