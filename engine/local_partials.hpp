// Local partials between the nodes a reader sees: for a node, the stop nodes directly below it
// (through nodes that are not stops) and ∂node/∂below holding every other stop fixed. With
// the named nodes as stops these are the steps of explain's chain-rule paths; with the drawn
// nodes as stops, the partials `chainrule dot` writes on its edges.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "engine/sweep_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

// Reuses its scratch across nodes: a call costs the part of the graph between `from` and the
// stops below it, not the whole tape, so that a chain of 100000 named nodes is linear.
template <class T>
class LocalPartials {
 public:
  // stops[i]: edges end at node i. Nothing below `floor` is swept (nothing there can pass
  // anything to a caller that only asks about nodes from `floor` up).
  LocalPartials(const Tape<T>& tape, std::vector<std::uint8_t> stops, NodeIndex floor = 0)
      : tape_(tape), stops_(std::move(stops)), seen_(tape.size(), 0), floor_(floor) {
    local_.adjoint.resize(tape.size());
    local_.flags.assign(tape.size(), Reach::None);
  }

  // The stops `from` depends on through non-stops, highest first, with their partials.
  std::vector<std::pair<NodeIndex, T>> below(NodeIndex from) {
    const NodeIndex low = reach(from);
    local_.of = from;
    local_.nonfinite_partial = kNoNode;
    local_.adjoint[from] = 1;
    local_.flags[from] = Reach::Reached;
    detail::ReverseSweep<T>(tape_, local_, from).run(from, stops_, low);
    std::sort(touched_.begin(), touched_.end(), std::greater<>());
    std::vector<std::pair<NodeIndex, T>> edges;
    for (NodeIndex i : touched_) {
      if (i != from && i >= floor_ && stops_[i] && local_.depends_on(i))
        edges.emplace_back(i, local_.adjoint[i]);
      local_.adjoint[i] = 0;  // all zero again for the next call
      local_.flags[i] = Reach::None;
      seen_[i] = 0;
    }
    return edges;
  }

 private:
  // Every node the sweep from `from` can touch, in touched_; returns the lowest one it passes
  // through (stops and leaves below only receive), at least floor.
  NodeIndex reach(NodeIndex from) {
    touched_.assign(1, from);
    seen_[from] = 1;
    NodeIndex low = from;
    std::vector<NodeIndex> pending{from};
    auto visit = [&](NodeIndex m) {
      if (m == kNoNode || seen_[m]) return;
      seen_[m] = 1;
      touched_.push_back(m);
      pending.push_back(m);
    };
    while (!pending.empty()) {
      const NodeIndex n = pending.back();
      pending.pop_back();
      if (n < floor_ || (n != from && stops_[n]) || tape_.is_leaf(n)) continue;
      low = std::min(low, n);
      if (tape_.op(n) == Op::Derivative && tape_.recording(n) != kNoNode) {
        visit(tape_.recording(n));
      } else {
        for (NodeIndex m : tape_.operands(n)) visit(m);
      }
    }
    return low;
  }

  const Tape<T>& tape_;
  std::vector<std::uint8_t> stops_, seen_;
  NodeIndex floor_;
  std::vector<NodeIndex> touched_;
  Sensitivities<T> local_;
};

}  // namespace chainrule::engine
