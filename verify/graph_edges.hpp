// The edges of a drawn graph with their local partials: for a node, the drawn nodes directly
// below it (through nodes that are not drawn) and ∂node/∂below holding every other drawn node
// fixed — what `chainrule dot` writes on each edge. With every node drawn these are the op's
// own partials; with only the named nodes drawn, the local partials `explain` shows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/sweep_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::verify {

using engine::NodeIndex;

template <class T>
struct GraphEdge {
  NodeIndex below;
  T partial;
};

// Reuses its scratch across nodes: a call costs the part of the graph between `from` and the
// drawn nodes below it, so that drawing a long chain is linear.
template <class T>
class GraphEdges {
 public:
  // `drawn[i]`: node i is drawn, so edges stop at it.
  GraphEdges(const engine::Tape<T>& tape, std::vector<std::uint8_t> drawn)
      : tape_(tape), drawn_(std::move(drawn)), seen_(tape.size(), 0) {
    local_.adjoint.resize(tape.size());
    local_.flags.assign(tape.size(), engine::Reach::None);
  }

  // The drawn nodes `from` uses through undrawn ones, lowest first, each with its partial.
  std::vector<GraphEdge<T>> below(NodeIndex from) {
    const NodeIndex low = reach(from);
    local_.of = from;
    local_.nonfinite_partial = engine::kNoNode;
    local_.adjoint[from] = 1;
    local_.flags[from] = engine::Reach::Reached;
    engine::detail::ReverseSweep<T>(tape_, local_, from)
        .run(from, std::span<const std::uint8_t>(drawn_), low);
    std::sort(touched_.begin(), touched_.end());
    std::vector<GraphEdge<T>> edges;
    for (NodeIndex i : touched_) {
      if (i != from && drawn_[i] && local_.depends_on(i)) edges.push_back({i, local_.adjoint[i]});
      local_.adjoint[i] = 0;  // all zero again for the next call
      local_.flags[i] = engine::Reach::None;
      seen_[i] = 0;
    }
    return edges;
  }

 private:
  // Every node the sweep from `from` can touch, in touched_; returns the lowest one it passes
  // through (the sweep need not start lower).
  NodeIndex reach(NodeIndex from) {
    touched_.assign(1, from);
    seen_[from] = 1;
    NodeIndex low = from;
    std::vector<NodeIndex> pending{from};
    auto visit = [&](NodeIndex m) {
      if (m == engine::kNoNode || seen_[m]) return;
      seen_[m] = 1;
      touched_.push_back(m);
      pending.push_back(m);
    };
    while (!pending.empty()) {
      const NodeIndex n = pending.back();
      pending.pop_back();
      if ((n != from && drawn_[n]) || tape_.is_leaf(n)) continue;
      low = std::min(low, n);  // swept through: drawn nodes and leaves below only receive
      if (tape_.op(n) == engine::Op::Sensitivity && tape_.expansion(n) != engine::kNoNode) {
        visit(tape_.expansion(n));
      } else if (tape_.op(n) == engine::Op::Dot) {
        const auto terms = tape_.dot_terms(n);
        for (NodeIndex m : terms.weights) visit(m);
        for (NodeIndex m : terms.inputs) visit(m);
        visit(terms.bias);
      } else {
        visit(tape_.lhs(n));
        visit(tape_.rhs(n));
      }
    }
    return low;
  }

  const engine::Tape<T>& tape_;
  std::vector<std::uint8_t> drawn_, seen_;
  std::vector<NodeIndex> touched_;
  engine::Sensitivities<T> local_;
};

}  // namespace chainrule::verify
