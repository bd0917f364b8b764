#include "tools/dot_graph.hpp"

#include "verify/derivative_query.hpp"
#include "verify/graph_edges.hpp"
#include "verify/published.hpp"

namespace chainrule::tools {

namespace {

using engine::Op;

// Which nodes are drawn (`displayed`) and, of those, which are shown: with --of, only what it
// depends on. Derivative terms the file's claims ask about stand alone; those a definition
// uses are drawn.
struct Selection {
  NodeIndex top = 0;
  std::vector<std::uint8_t> displayed, shown;
};

Selection select(const verify::Derivation<Number>& d, const ExplainOptions& o,
                 const engine::Sensitivities<Number>& sensitivity) {
  const auto& tape = d.tape;
  Selection s;
  s.top = o.of.empty() ? static_cast<NodeIndex>(tape.size() - 1) : d.node_of(o.of);
  std::vector<std::uint8_t> used(s.top + 1, 0);  // an operand of a later node
  for (NodeIndex i = 0; i <= s.top; ++i)
    for (NodeIndex n : tape.operands(i)) used[n] = 1;
  s.displayed.assign(tape.size(), 0);
  s.shown.assign(tape.size(), 0);
  for (NodeIndex i = 0; i <= s.top; ++i) {
    s.displayed[i] = o.all_nodes || tape.has_name(i) || (tape.op(i) == Op::Derivative && used[i]);
    s.shown[i] = s.displayed[i] && (o.of.empty() || sensitivity.depends_on(i));
  }
  return s;
}

// A node's name, or for an anonymous derivative node the term it is (d(dE/dw5)/dw1).
std::string node_name(const verify::Derivation<Number>& d, NodeIndex i) {
  if (d.tape.has_name(i)) return std::string(d.tape.name(i));
  if (d.tape.op(i) != Op::Derivative) return "";
  const auto term = d.tape.differentiated(i);
  return verify::derivative_text(node_name(d, term.of), node_name(d, term.wrt));
}

DotNode node_of(const verify::Derivation<Number>& d, const ExplainOptions& o, NodeIndex i,
                const Selection& s, const engine::Sensitivities<Number>& sensitivity) {
  DotNode n;
  n.id = i;
  n.name = node_name(d, i);
  n.op = d.tape.op(i);
  n.value = d.tape.value(i);
  n.top = !o.of.empty() && i == s.top;
  if (!o.of.empty()) {
    n.through_derivative = sensitivity.incomplete(i);
    n.has_sensitivity = !n.through_derivative;
    if (n.has_sensitivity) n.sensitivity = sensitivity[i];
  }
  return n;
}

void add_edges(const verify::Derivation<Number>& d, const Selection& s, DotGraph& g) {
  const auto& tape = d.tape;
  verify::GraphEdges<Number> below(tape, s.displayed);
  for (const DotNode& n : g.nodes) {
    if (tape.is_leaf(n.id)) continue;
    if (n.op == Op::Derivative) {
      for (NodeIndex m : tape.operands(n.id))
        if (s.shown[m]) g.edges.push_back({m, n.id, true, Number(0)});
      continue;
    }
    for (const auto& e : below.below(n.id))
      if (s.shown[e.below]) g.edges.push_back({e.below, n.id, false, e.partial});
  }
}

// The node a claim is marked on: its own, or for a derivative term not drawn, the node it
// differentiates with respect to (whose label shows that sensitivity).
NodeIndex marked_node(const verify::Derivation<Number>& d, NodeIndex node, const Selection& s) {
  if (node < s.shown.size() && s.shown[node]) return node;
  if (d.tape.op(node) != Op::Derivative) return engine::kNoNode;
  const NodeIndex wrt = d.tape.differentiated(node).wrt;
  if (s.shown[wrt]) return wrt;
  return engine::kNoNode;
}

void add_claims(const verify::Derivation<Number>& d, const Selection& s, DotGraph& g) {
  if (d.claim_nodes.empty()) return;
  std::vector<std::size_t> position(d.tape.size(), g.nodes.size());
  for (std::size_t k = 0; k < g.nodes.size(); ++k) position[g.nodes[k].id] = k;
  for (const auto& j : verify::judge(d)) {
    const auto& claim = d.claim(j.claim);
    DotClaim c{claim.pos.line,
               claim.expr_text,
               claim.published,
               verify::rounded_like(j.value, j.published),
               j.verdict,
               j.value,
               marked_node(d, d.claim_nodes[j.claim], s)};
    if (c.node != engine::kNoNode) g.nodes[position[c.node]].claims.push_back(g.claims.size());
    g.claims.push_back(std::move(c));
  }
}

}  // namespace

DotGraph dot_graph(const verify::Derivation<Number>& d, const ExplainOptions& o) {
  DotGraph g;
  engine::Sensitivities<Number> sensitivity;
  if (!o.of.empty()) sensitivity = engine::sweep(d.tape, d.node_of(o.of));
  const Selection s = select(d, o, sensitivity);
  for (NodeIndex i = 0; i <= s.top; ++i)
    if (s.shown[i]) g.nodes.push_back(node_of(d, o, i, s, sensitivity));
  add_edges(d, s, g);
  add_claims(d, s, g);
  return g;
}

std::string op_symbol(Op op) {
  switch (op) {
    case Op::Subtract:
    case Op::Negate:
      return "\u2212";
    case Op::Multiply:
      return "\u00d7";
    case Op::Divide:
      return "\u00f7";
    default:
      return std::string(engine::rule<Number>(op).name);
  }
}

}  // namespace chainrule::tools
