#include "verify/explain.hpp"

#include <algorithm>
#include <map>

#include "engine/paths.hpp"
#include "engine/reverse_sweep.hpp"

namespace chainrule::verify {

using engine::kNoNode;
using engine::TermId;

namespace {

// The local partials below one named node, as numbers and as formulas, found on demand.
template <class T>
class LocalPartials {
 public:
  LocalPartials(const Derivation<T>& d, engine::TapeFormulas<T>& formulas, NodeIndex of,
                NodeIndex wrt)
      : d_(d),
        formulas_(formulas),
        wrt_(wrt),
        towards_(towards_of(d, of, wrt)),
        operands_(d.tape, wrt, towards_) {}

  struct Edges {
    std::map<NodeIndex, T> values;  // by the named node below
    std::map<NodeIndex, TermId> formulas;
  };

  // The local partials of `from` in the named nodes directly below it on the way to wrt;
  // nullptr when a derivative node in between has no recorded sweep.
  const Edges* edges_of(NodeIndex from) {
    auto found = edges_.find(from);
    if (found != edges_.end()) return &found->second;
    Edges e;
    std::vector<NodeIndex> below;  // the named nodes below, lowest first
    for (const auto& edge : operands_.of(from)) {
      e.values[edge.to] = edge.partial;
      below.insert(below.begin(), edge.to);
    }
    // The symbolic sweep only from the lowest of them up: every node on the way from `from`
    // to one of them depends on it, so the formulas are those of a sweep down to wrt.
    if (below.empty()) below.push_back(wrt_);
    const NodeIndex low = below.front();
    auto symbolic = formulas_.adjoints(from, low, std::span<const NodeIndex>(below), true);
    if (!symbolic) return nullptr;
    // A partial that is identically 0 (step′, sign′) has no term in the symbolic sweep,
    // which drops zeros; it is the formula 0.
    for (const auto& [node, v] : e.values) {
      const TermId term = (*symbolic)[node - low];
      e.formulas[node] = term == engine::kNoTerm ? formulas_.formula().number(T(0)) : term;
    }
    return &edges_.emplace(from, std::move(e)).first->second;
  }

  // ∂from/∂to holding every other named node fixed.
  bool step(NodeIndex from, NodeIndex to, T& value, TermId& formula) {
    const Edges* e = edges_of(from);
    if (!e) return false;
    value = e->values.at(to);
    formula = e->formulas.at(to);
    return true;
  }

 private:
  static std::vector<std::uint8_t> towards_of(const Derivation<T>& d, NodeIndex of, NodeIndex wrt) {
    const NodeIndex seeds[] = {wrt};
    return engine::dependents(d.tape, wrt, of, std::span<const NodeIndex>(seeds));
  }

  const Derivation<T>& d_;
  engine::TapeFormulas<T>& formulas_;
  NodeIndex wrt_;
  std::vector<std::uint8_t> towards_;
  engine::NamedOperands<T> operands_;
  std::map<NodeIndex, Edges> edges_;
};

template <class T>
std::optional<ExplainedPath<T>> explain_path(const std::vector<NodeIndex>& nodes,
                                             LocalPartials<T>& local) {
  ExplainedPath<T> path{nodes, {}, T(1)};
  for (std::size_t k = 0; k + 1 < nodes.size(); ++k) {
    ExplainedStep<T> step{nodes[k], nodes[k + 1], engine::kNoTerm, T(0), T(0)};
    if (!local.step(step.from, step.to, step.value, step.formula)) return std::nullopt;
    path.product *= step.value;
    step.so_far = path.product;
    path.steps.push_back(std::move(step));
  }
  return path;
}

// The part of `path` from node `top` down to node `bottom`, both on it.
template <class T>
ExplainedPath<T> sub_path(const ExplainedPath<T>& path, NodeIndex top, NodeIndex bottom) {
  auto begin = std::find(path.nodes.begin(), path.nodes.end(), top) - path.nodes.begin();
  auto end = std::find(path.nodes.begin(), path.nodes.end(), bottom) - path.nodes.begin();
  ExplainedPath<T> part{{path.nodes.begin() + begin, path.nodes.begin() + end + 1}, {}, T(1)};
  for (auto k = begin; k < end; ++k) {
    ExplainedStep<T> step = path.steps[k];
    part.product *= step.value;
    step.so_far = part.product;
    part.steps.push_back(std::move(step));
  }
  return part;
}

// The named nodes on every path, in path order, with `of` and `wrt` at the ends; the
// segments between them. Empty when no inner node is on every path.
template <class T>
std::vector<Segment<T>> factored(const std::vector<ExplainedPath<T>>& paths) {
  if (paths.size() < 2) return {};
  std::map<NodeIndex, std::size_t> seen;
  for (const auto& p : paths)
    for (NodeIndex n : p.nodes) ++seen[n];
  std::vector<NodeIndex> cuts;
  for (NodeIndex n : paths[0].nodes)
    if (seen[n] == paths.size()) cuts.push_back(n);
  if (cuts.size() <= 2) return {};
  std::vector<Segment<T>> segments;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    Segment<T> s{cuts[k], cuts[k + 1], {}, T(0)};
    for (const auto& p : paths) {
      ExplainedPath<T> part = sub_path(p, s.top, s.bottom);
      bool known = std::any_of(s.sub_paths.begin(), s.sub_paths.end(),
                               [&](const auto& q) { return q.nodes == part.nodes; });
      if (known) continue;
      s.value += part.product;
      s.sub_paths.push_back(std::move(part));
    }
    segments.push_back(std::move(s));
  }
  return segments;
}

// d(of)/d(node) for every named node between, summed over the named nodes that use it, from
// `of` down: the chain rule one node at a time, for when the paths are too many to list.
template <class T>
std::optional<std::vector<Accumulated<T>>> accumulate(const Derivation<T>& d, NodeIndex of,
                                                      NodeIndex wrt, LocalPartials<T>& local) {
  std::map<NodeIndex, Accumulated<T>, std::greater<>> found;
  found[of] = Accumulated<T>{of, {}, T(1)};
  for (auto it = found.begin(); it != found.end(); ++it) {  // descending: users come first
    const auto& [node, sensitivity] = *it;
    if (node == wrt || (node != of && !d.tape.has_name(node))) continue;
    const auto* edges = local.edges_of(node);
    if (!edges) return std::nullopt;
    for (const auto& [below, partial] : edges->values) {
      auto& target = found.try_emplace(below, Accumulated<T>{below, {}, T(0)}).first->second;
      target.terms.push_back({node, edges->formulas.at(below), partial, sensitivity.value});
      target.value += sensitivity.value * partial;
    }
  }
  std::vector<Accumulated<T>> result;
  for (auto& [node, a] : found) {
    if (node == of) continue;
    std::reverse(a.terms.begin(), a.terms.end());  // users in file order
    result.push_back(std::move(a));
  }
  return result;
}

// The explanation's error: the derivative, by the names of its nodes, and why.
template <class T>
Error passes_unrecorded(const Explanation<T>& e) {
  return Error{derivative_text(e.name(e.of), e.name(e.wrt)) +
                   " passes a derivative term whose own sweep is not recorded",
               std::nullopt, ErrorKind::NotRecorded};
}

}  // namespace

template <class T>
Outcome<Explanation<T>> explain(const Derivation<T>& d, NodeIndex of, NodeIndex wrt,
                                std::uint64_t max_paths) {
  Explanation<T> e;
  e.of = of;
  e.wrt = wrt;
  e.formulas = std::make_unique<engine::TapeFormulas<T>>(d.tape);
  e.value = wrt <= of ? engine::sweep(d.tape, of)[wrt] : T(0);
  auto found = engine::chain_rule_paths(d.tape, of, wrt, max_paths, kMaxCountedPaths);
  e.path_count = found.count;
  if (wrt > of || e.path_count == 0) return e;
  LocalPartials<T> local(d, *e.formulas, of, wrt);
  if (!found.complete()) {
    auto accumulated = accumulate(d, of, wrt, local);
    if (!accumulated) return passes_unrecorded(e);
    e.accumulation = std::move(*accumulated);
    return e;
  }
  // In the order of the file: the path through the earliest named nodes first.
  std::sort(found.paths.begin(), found.paths.end(),
            [](const auto& x, const auto& y) { return x.nodes < y.nodes; });
  for (const auto& p : found.paths) {
    auto path = explain_path(p.nodes, local);
    if (!path) return passes_unrecorded(e);
    e.paths.push_back(std::move(*path));
  }
  e.segments = factored(e.paths);
  return e;
}

template Outcome<Explanation<double>> explain<double>(const Derivation<double>&, NodeIndex,
                                                      NodeIndex, std::uint64_t);
template Outcome<Explanation<engine::Real>> explain<engine::Real>(const Derivation<engine::Real>&,
                                                                  NodeIndex, NodeIndex,
                                                                  std::uint64_t);
template Outcome<Explanation<engine::Certified>> explain<engine::Certified>(
    const Derivation<engine::Certified>&, NodeIndex, NodeIndex, std::uint64_t);

}  // namespace chainrule::verify
