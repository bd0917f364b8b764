#include "verify/missing_paths_carried.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/paths.hpp"
#include "verify/diagnose_common.hpp"
#include "verify/hand.hpp"

namespace chainrule::verify {

namespace {

bool passes_edge(const std::vector<NodeIndex>& path, NodeIndex user, NodeIndex used) {
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    if (path[i] == user && path[i + 1] == used) return true;
  return false;
}

}  // namespace

template <class T>
std::optional<Diagnosis> missing_paths_carried(const Derivation<T>& d, std::size_t k, NodeIndex s,
                                               const Published<T>& c, std::uint64_t& tried) {
  const auto [of, wrt] = d.tape.differentiated(s);
  // By hand, only derivatives of named values are expanded (not a substitution's copies).
  if (wrt > of || !d.tape.has_name(of) || !d.tape.has_name(wrt)) return std::nullopt;
  if (!paths_affordable(d, of, wrt)) return std::nullopt;
  const auto paths =
      engine::chain_rule_paths(d.tape, of, wrt, kMaxDiagnosedPaths, kMaxCountedPaths);
  if (!paths.complete() || paths.paths.size() < 2) return std::nullopt;
  // Paths list their nodes from `of` down to `wrt`: each adjacent pair is a named edge.
  std::set<std::pair<NodeIndex, NodeIndex>> edges;
  for (const auto& p : paths.paths)
    for (std::size_t i = 0; i + 1 < p.nodes.size(); ++i) edges.emplace(p.nodes[i], p.nodes[i + 1]);
  const NamedGraph graph = named_graph(d);
  const int line = d.claim(k).pos.line;
  for (const auto& edge : edges) {
    const NodeIndex user = edge.first, used = edge.second;  // captured below: no binding
    const std::size_t through = static_cast<std::size_t>(
        std::count_if(paths.paths.begin(), paths.paths.end(),
                      [&](const auto& p) { return passes_edge(p.nodes, user, used); }));
    if (through == paths.paths.size()) continue;  // nothing would be left: not a slip
    // A call's node ("f(x + h)") is labelled but is no name of the file: no hand expansion.
    const auto user_at = d.index.find(std::string(d.tape.name(user)));
    const auto used_at = d.index.find(std::string(d.tape.name(used)));
    if (user_at == d.index.end() || used_at == d.index.end()) continue;
    const auto user_name = static_cast<int>(user_at->second);
    const auto used_name = static_cast<int>(used_at->second);
    for (Expansion expansion : {Expansion::Upward, Expansion::Downward}) {
      // A hand recomputation visits about every named value once.
      if (!try_candidate(tried, 1 + d.named.size())) return std::nullopt;
      std::optional<HandValue<T>> v;
      const bool fits = proved([&] {
        HandRecomputation<T> hand(d, graph, line, expansion);
        hand.leave_out_edge(user_name, used_name);
        v = hand.evaluate(d.claim(k).expr);
        return v && !v->lines.empty() && rounds_to(v->value, c);
      });
      if (!fits) continue;
      Diagnosis found = diagnosis_of(DiagnosisKind::MissingPaths);
      found.derivative = derivative_text(d, s);
      for (const auto& p : paths.paths)
        (passes_edge(p.nodes, user, used) ? found.left_out : found.kept)
            .push_back(path_names(d.tape, p.nodes));
      found.using_lines = v->lines;
      return found;
    }
  }
  return std::nullopt;
}

#define CHAINRULE_INSTANTIATE_MISSING_PATHS_CARRIED(T)        \
  template std::optional<Diagnosis> missing_paths_carried<T>( \
      const Derivation<T>&, std::size_t, NodeIndex, const Published<T>&, std::uint64_t&);

CHAINRULE_INSTANTIATE_MISSING_PATHS_CARRIED(double)
CHAINRULE_INSTANTIATE_MISSING_PATHS_CARRIED(engine::Real)
CHAINRULE_INSTANTIATE_MISSING_PATHS_CARRIED(engine::Certified)

}  // namespace chainrule::verify
