// The edges of a drawn graph with their local partials: for a node, the drawn nodes directly
// below it (through nodes that are not drawn) and ∂node/∂below holding every other drawn node
// fixed — what `chainrule dot` writes on each edge. With every node drawn these are the op's
// own partials; with only the named nodes drawn, the local partials `explain` shows.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/local_partials.hpp"
#include "engine/tape.hpp"

namespace chainrule::verify {

using engine::NodeIndex;

template <class T>
struct GraphEdge {
  NodeIndex below;
  T partial;
};

template <class T>
class GraphEdges {
 public:
  // `drawn[i]`: node i is drawn, so edges stop at it.
  GraphEdges(const engine::Tape<T>& tape, std::vector<std::uint8_t> drawn)
      : partials_(tape, std::move(drawn)) {}

  // The drawn nodes `from` uses through undrawn ones, lowest first, each with its partial.
  std::vector<GraphEdge<T>> below(NodeIndex from) {
    std::vector<GraphEdge<T>> edges;
    auto found = partials_.below(from);
    for (auto it = found.rbegin(); it != found.rend(); ++it)
      edges.push_back({it->first, std::move(it->second)});
    return edges;
  }

 private:
  engine::LocalPartials<T> partials_;
};

}  // namespace chainrule::verify
