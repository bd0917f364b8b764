// What `chainrule dot` draws, apart from how it is written (DOT or JSON): the nodes shown,
// each with its value and sensitivity, the edges between them with their local partials, and
// the file's claims with their verdicts and the node each is marked on.
#pragma once

#include <string>
#include <vector>

#include "tools/explain_common.hpp"
#include "verify/judge.hpp"

namespace chainrule::tools {

struct DotClaim {
  int line = 0;
  std::string expr, published;
  std::string rounded;  // the exact value rounded as the claim is written
  verify::Verdict verdict = verify::Verdict::Ok;
  Number value;
  NodeIndex node = engine::kNoNode;  // the drawn node it is marked on, if any
};

struct DotNode {
  NodeIndex id = 0;
  std::string name;  // empty for an anonymous node
  engine::Op op = engine::Op::Input;
  Number value;
  bool top = false;                 // the node --of names
  bool has_sensitivity = false;     // --of was given and the sensitivity is known
  bool through_derivative = false;  // --of was given, but it passes an unrecorded derivative
  Number sensitivity;               // d(of)/d(node)
  std::vector<std::size_t> claims;  // into DotGraph::claims
};

struct DotEdge {
  NodeIndex below = 0, above = 0;
  bool derivative = false;  // from a derivative term's two names: no chain-rule partial
  Number partial;           // ∂above/∂below, every other drawn node held fixed
};

struct DotGraph {
  std::vector<DotNode> nodes;  // in tape order
  std::vector<DotEdge> edges;  // by the node above, then the node below
  std::vector<DotClaim> claims;
};

// The graph of `d` as options.of and options.all_nodes choose it, with the claims judged.
DotGraph dot_graph(const verify::Derivation<Number>& d, const ExplainOptions& options);

// How a node's op is drawn: + − × ÷ ^, or the function's name.
std::string op_symbol(engine::Op op);

}  // namespace chainrule::tools
