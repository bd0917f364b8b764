// `chainrule dot FILE [--of E]`: the graph as Graphviz DOT. Named nodes are boxes showing
// name, value and sensitivity to E at the chosen digits; inputs are filled and rounded, the
// derivative terms dashed; --svg/--png run Graphviz's `dot` where it is installed.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "tools/command.hpp"
#include "tools/explain_common.hpp"
#include "tools/output_file.hpp"

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

class DotWriter {
 public:
  DotWriter(const verify::Derivation<Number>& d, const ExplainOptions& o) : d_(d), o_(o) {}

  std::string write() {
    const NodeIndex top =
        o_.of.empty() ? static_cast<NodeIndex>(d_.tape.size() - 1) : d_.node_of(o_.of);
    if (!o_.of.empty()) sensitivity_ = engine::sweep(d_.tape, top);
    // Derivative terms the file's claims ask about stand alone; those a definition uses count.
    used_.assign(top + 1, 0);
    for (NodeIndex i = 0; i <= top; ++i)
      for (NodeIndex n : {d_.tape.lhs(i), d_.tape.rhs(i)})
        if (!d_.tape.is_leaf(i) && n != engine::kNoNode) used_[n] = 1;
    shown_.assign(top + 1, 0);
    for (NodeIndex i = 0; i <= top; ++i)
      shown_[i] = displayed(i) && (o_.of.empty() || sensitivity_.depends_on(i));
    std::ostringstream out;
    out << "digraph chainrule {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=11];\n"
        << "  edge [color=\"#555555\", arrowsize=0.7];\n";
    for (NodeIndex i = 0; i <= top; ++i)
      if (shown_[i]) out << "  n" << i << " " << attributes(i, i == top && !o_.of.empty()) << ";\n";
    for (NodeIndex i = 0; i <= top; ++i)
      if (shown_[i]) edges(out, i);
    out << "}\n";
    return out.str();
  }

 private:
  bool displayed(NodeIndex i) const {
    if (o_.all_nodes) return true;
    return d_.tape.has_name(i) ||
           (d_.tape.op(i) == Op::Sensitivity && i < used_.size() && used_[i]);
  }

  std::string name(NodeIndex i) const {
    if (d_.tape.has_name(i)) return std::string(d_.tape.name(i));
    if (d_.tape.op(i) == Op::Sensitivity)
      return verify::derivative_text(name(d_.tape.lhs(i)), name(d_.tape.rhs(i)));
    if (d_.tape.op(i) == Op::Constant) return shown(d_.tape.value(i), o_.show);
    return std::string(engine::rule<Number>(d_.tape.op(i)).name);
  }

  std::string attributes(NodeIndex i, bool is_top) const {
    const auto& tape = d_.tape;
    std::string label = name(i);
    if (tape.op(i) != Op::Constant) label += "\n= " + shown(tape.value(i), o_.show);
    if (!o_.of.empty() && !is_top && tape.op(i) != Op::Constant) {
      label += "\n" + verify::derivative_text(o_.of, name(i)) + " = ";
      label += sensitivity_.incomplete(i) ? std::string("(through a derivative term)")
                                          : shown(sensitivity_[i], o_.show);
    }
    std::string style;
    if (tape.op(i) == Op::Input)
      style = "shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\"";
    else if (tape.op(i) == Op::Constant)
      style = "shape=plaintext";
    else if (tape.op(i) == Op::Sensitivity)
      style = "shape=box, style=\"dashed,filled\", fillcolor=\"#f3e8ff\"";
    else if (tape.has_name(i))
      style = "shape=box";
    else
      style = "shape=ellipse, fontsize=9";
    if (is_top) style += ", style=\"filled,bold\", fillcolor=\"#fef3c7\", penwidth=2";
    return "[" + style + ", label=" + dot_string(label) + "]";
  }

  // Edges into node i from the shown nodes directly below it: through anonymous nodes when
  // only named nodes are shown, dashed from a derivative node's two names.
  void edges(std::ostringstream& out, NodeIndex i) {
    const auto& tape = d_.tape;
    if (tape.is_leaf(i)) return;
    if (tape.op(i) == Op::Sensitivity) {
      for (NodeIndex n : {tape.lhs(i), tape.rhs(i)})
        out << "  n" << n << " -> n" << i << " [style=dashed];\n";
      return;
    }
    std::vector<NodeIndex> below;
    std::vector<NodeIndex> pending{tape.lhs(i), tape.rhs(i)};
    std::vector<std::uint8_t> seen(i, 0);
    while (!pending.empty()) {
      const NodeIndex n = pending.back();
      pending.pop_back();
      if (n == engine::kNoNode || seen[n]) continue;
      seen[n] = 1;
      if (shown_[n] || displayed(n)) {
        if (shown_[n]) below.push_back(n);
        continue;
      }
      if (!tape.is_leaf(n)) pending.insert(pending.end(), {tape.lhs(n), tape.rhs(n)});
    }
    std::sort(below.begin(), below.end());
    for (NodeIndex n : below) out << "  n" << n << " -> n" << i << ";\n";
  }

  const verify::Derivation<Number>& d_;
  const ExplainOptions& o_;
  engine::Sensitivities<Number> sensitivity_;
  std::vector<std::uint8_t> shown_;
  std::vector<std::uint8_t> used_;  // an operand of a later node
};

// Runs `dot -T<format> -o <writing>` with the DOT text on its standard input; messages name
// the file the user asked for, `shown`.
int render(const std::string& text, const std::string& format, const std::string& writing,
           const std::string& shown) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return 2;
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
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    std::cerr << "error: Graphviz's `dot` is not installed, so " << shown
              << " was not written (on Debian: apt-get install graphviz, or run scripts/setup.sh); "
              << "without --svg/--png the DOT text is printed\n";
    return 2;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "error: `dot -T" << format << "` failed to write " << shown << "\n";
    return 2;
  }
  return 0;
}

// Refuses an output that is the input, or the other picture, before anything is read.
bool outputs_allowed(const ExplainOptions& o) {
  for (const auto& [flag, path] : {std::pair{"--svg", o.svg}, std::pair{"--png", o.png}}) {
    if (path.empty()) continue;
    if (auto error = output_path_error(flag, path, o.file)) {
      std::cerr << *error << "\n";
      return false;
    }
  }
  if (!o.svg.empty() && o.svg == o.png) {
    std::cerr << "--png: '" << o.png << "' is also the --svg file\n";
    return false;
  }
  return true;
}

int write_picture(const std::string& text, const std::string& format, const std::string& path) {
  auto out = OutputFile::create("--" + format, path);
  if (!out) return 2;
  if (render(text, format, out->writing_path(), path) != 0) return 2;
  return out->commit() ? 0 : 2;
}

int run_dot(const ExplainOptions& o) {
  if (!outputs_allowed(o)) return 2;
  set_precision_for(o);
  auto d = o.of.empty() ? load_differentiable(o, "") : load_differentiable(o, o.of);
  if (!d) return 2;
  const std::string text = DotWriter(*d, o).write();
  if (o.svg.empty() && o.png.empty()) {
    std::cout << text;
    return 0;
  }
  if (!o.svg.empty() && write_picture(text, "svg", o.svg) != 0) return 2;
  if (!o.png.empty() && write_picture(text, "png", o.png) != 0) return 2;
  return 0;
}

}  // namespace

Command add_dot_command(CLI::App& parent) {
  return make_explain_command(
      parent,
      {.name = "dot",
       .help = "the graph as Graphviz DOT, with values and sensitivities",
       .before_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             sub.add_option(
                 "--of", o.of,
                 "show each node's sensitivity d(OF)/d(node), and only what OF depends on");
             sub.add_flag("--all-nodes", o.all_nodes, "show anonymous nodes and constants too");
           },
       .after_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             add_path_option(sub, "--svg", o.svg, "write an SVG picture with Graphviz's dot");
             add_path_option(sub, "--png", o.png, "write a PNG picture with Graphviz's dot");
           },
       .run = run_dot});
}

}  // namespace chainrule::tools
