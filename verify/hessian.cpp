#include "verify/hessian.hpp"

#include "engine/recorded_sweep.hpp"
#include "verify/limits.hpp"
#include "verify/query.hpp"

namespace chainrule::verify {

template <class T>
std::optional<std::string> hessian(Derivation<T>& d, const std::string& of,
                                   const std::vector<std::string>& wrt, HessianMatrix<T>& out) {
  const NamedValue* top = d.find(of);
  if (!top) return not_defined_message(d, of);
  if (wrt.size() > kMaxHessianNames)
    return "the hessian over " + std::to_string(wrt.size()) + " names is more than the limit of " +
           std::to_string(kMaxHessianNames);
  std::vector<NodeIndex> nodes;
  for (const auto& name : wrt) {
    const NamedValue* w = d.find(name);
    if (!w) return not_defined_message(d, name);
    nodes.push_back(w->node);
  }
  if (auto error = nonfinite_partial(d, of, engine::sweep(d.tape, top->node))) return error;
  // The gradient is recorded on the tape first: within the graph's node limit.
  const std::uint64_t node_limit = graph_node_limit<T>(CompileLimits{});
  if (const std::uint64_t could = d.tape.size() + kRecordedNodesPerNode * (top->node + 1);
      could > node_limit)
    return "recording the gradient of '" + of + "' could take the graph to " +
           std::to_string(could) + " nodes, more than the limit of " + std::to_string(node_limit) +
           " at this precision";
  auto gradient = engine::record_adjoints(d.tape, top->node, std::span<const NodeIndex>(nodes));
  if (!gradient)
    return "'" + of + "' depends on a derivative term whose own derivative is not recorded";
  // One sweep per name, each over the tape with the gradient recorded on it.
  const std::uint64_t visits = std::uint64_t{wrt.size()} * d.tape.size();
  if (const std::uint64_t limit = sweep_visit_limit<T>(CompileLimits{}); visits > limit)
    return "the hessian over " + std::to_string(wrt.size()) + " names would sweep " +
           std::to_string(visits) + " nodes in all, more than the limit of " +
           std::to_string(limit);
  out.wrt = wrt;
  out.gradient.clear();
  out.rows.assign(wrt.size(), std::vector<T>(wrt.size(), T(0)));
  engine::Sensitivities<T> s;
  for (std::size_t i = 0; i < wrt.size(); ++i) {
    const NodeIndex g = (*gradient)[i];
    out.gradient.push_back(d.tape.value(g));
    engine::sweep(d.tape, g, s);
    for (std::size_t j = 0; j < wrt.size(); ++j) {
      out.rows[i][j] = s[nodes[j]];
      if (!engine::is_finite(out.rows[i][j]))
        return "the second derivative d²(" + of + ")/d(" + wrt[i] + ")d(" + wrt[j] +
               ") is not finite here (a local second derivative is infinite, as sqrt's at 0)";
    }
  }
  return std::nullopt;
}

template std::optional<std::string> hessian<double>(Derivation<double>&, const std::string&,
                                                    const std::vector<std::string>&,
                                                    HessianMatrix<double>&);
template std::optional<std::string> hessian<engine::Real>(Derivation<engine::Real>&,
                                                          const std::string&,
                                                          const std::vector<std::string>&,
                                                          HessianMatrix<engine::Real>&);
template std::optional<std::string> hessian<engine::Certified>(Derivation<engine::Certified>&,
                                                               const std::string&,
                                                               const std::vector<std::string>&,
                                                               HessianMatrix<engine::Certified>&);

}  // namespace chainrule::verify
