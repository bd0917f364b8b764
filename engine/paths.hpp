// Chain-rule paths over the named nodes of a tape: the way a tutorial writes
// dE/dw1 = dE/dOut_h1 * dOut_h1/dh1 * dh1/dw1, with anonymous intermediate nodes folded into
// the local partial between two named ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "engine/local_partials.hpp"
#include "engine/reverse_sweep.hpp"
#include "engine/sweep_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

// One step of a path: `to` appears (through anonymous nodes only) in `from`, and `partial`
// is d(from)/d(to) holding every other named node fixed.
template <class T>
struct NamedEdge {
  NodeIndex to;
  T partial;
};

template <class T>
struct ChainRulePath {
  std::vector<NodeIndex> nodes;  // from `of` down to `wrt`
  T product;                     // the product of the local partials along it
};

template <class T>
struct ChainRulePaths {
  std::uint64_t count = 0;              // how many paths there are (saturating at count_limit + 1)
  std::vector<ChainRulePath<T>> paths;  // all of them when count <= limit, else none
  bool complete() const { return count == paths.size(); }
};

// The named nodes directly below `from` on the way to `wrt`, with their local partials,
// for many nodes of one tape: `towards[i]` says whether node i depends on `wrt` (paths
// through derivative nodes excluded). A call costs the anonymous part of the graph below `from`,
// not all of it, so that explaining a chain of 100000 named nodes is linear, not quadratic. Only
// nodes from `wrt` up are swept (nothing below can pass anything to a node on the way), in the
// order the full sweep takes.
template <class T>
class NamedOperands {
 public:
  NamedOperands(const Tape<T>& tape, NodeIndex wrt, const std::vector<std::uint8_t>& towards)
      : wrt_(wrt), towards_(towards), partials_(tape, stops(tape, wrt), wrt) {}

  std::vector<NamedEdge<T>> of(NodeIndex from) {
    std::vector<NamedEdge<T>> edges;
    for (auto& [i, partial] : partials_.below(from))
      if (towards_[i - wrt_]) edges.push_back({i, std::move(partial)});
    return edges;
  }

 private:
  static std::vector<std::uint8_t> stops(const Tape<T>& tape, NodeIndex wrt) {
    std::vector<std::uint8_t> named(tape.size(), 0);
    for (NodeIndex i = wrt; i < tape.size(); ++i) named[i] = i == wrt || tape.has_name(i);
    return named;
  }

  NodeIndex wrt_;
  const std::vector<std::uint8_t>& towards_;
  LocalPartials<T> partials_;
};

// Every chain-rule path from `wrt` up to `of` over named nodes, up to `limit` of them. The
// count is exact up to `count_limit` (at least `limit`), so that a caller can say how many
// paths there are without listing them.
template <class T>
ChainRulePaths<T> chain_rule_paths(const Tape<T>& tape, NodeIndex of, NodeIndex wrt,
                                   std::uint64_t limit, std::uint64_t count_limit = 0) {
  count_limit = std::max(count_limit, limit);
  ChainRulePaths<T> result;
  if (wrt > of) return result;
  // towards[i - wrt]: node i depends on wrt (through a derivative node only if it is recorded).
  const NodeIndex seeds[] = {wrt};
  const auto towards =
      dependents(tape, wrt, of, std::span<const NodeIndex>(seeds), Unrecorded::OnNothing);
  if (!towards[of - wrt]) return result;
  // Edges of every named node on some path, and path counts from wrt up (saturating).
  std::unordered_map<NodeIndex, std::vector<NamedEdge<T>>> edges;
  std::unordered_map<NodeIndex, std::uint64_t> count{{wrt, 1}};
  NamedOperands<T> operands(tape, wrt, towards);
  for (NodeIndex i = wrt + 1; i <= of; ++i) {
    if (!towards[i - wrt] || (i != of && !tape.has_name(i))) continue;
    auto& out = edges[i] = operands.of(i);
    std::uint64_t total = 0;
    for (const auto& e : out) total = std::min(count_limit + 1, total + count[e.to]);
    count[i] = total;
  }
  result.count = count[of];
  if (result.count > limit) return result;
  // Depth-first, with an explicit stack of (node, next edge to take).
  std::vector<std::pair<NodeIndex, std::size_t>> stack{{of, 0}};
  std::vector<T> products{T(1)};
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (node == wrt) {
      ChainRulePath<T> path{{}, products.back()};
      for (const auto& frame : stack) path.nodes.push_back(frame.first);
      result.paths.push_back(std::move(path));
      stack.pop_back();
      products.pop_back();
      continue;
    }
    const auto& out = edges[node];
    if (next == out.size()) {
      stack.pop_back();
      products.pop_back();
      continue;
    }
    const NamedEdge<T>& edge = out[next++];
    products.push_back(products.back() * edge.partial);
    stack.emplace_back(edge.to, 0);
  }
  return result;
}

}  // namespace chainrule::engine
