#include "verify/hessian.hpp"

#include "engine/recorded_sweep.hpp"
#include "verify/limits.hpp"
#include "verify/query.hpp"

namespace chainrule::verify {

namespace {

// The nodes of the names the hessian is taken over, in the order given.
template <class T>
Outcome<std::vector<NodeIndex>> wrt_nodes(const Derivation<T>& d,
                                          const std::vector<std::string>& wrt) {
  if (wrt.size() > kMaxHessianNames)
    return Error{"the hessian over " + std::to_string(wrt.size()) +
                 " names is more than the limit of " + std::to_string(kMaxHessianNames)};
  std::vector<NodeIndex> nodes;
  for (const auto& name : wrt) {
    const NamedValue* w = d.find(name);
    if (!w) return Error{not_defined_message(d, name)};
    nodes.push_back(w->node);
  }
  return nodes;
}

// The gradient of `top` recorded on `tape` (a copy of the derivation's) as one node per name,
// within the graph's node limit at T's precision.
template <class T>
Outcome<std::vector<NodeIndex>> recorded_gradient(engine::Tape<T>& tape, const std::string& of,
                                                  NodeIndex top,
                                                  const std::vector<NodeIndex>& nodes) {
  const std::uint64_t node_limit = graph_node_limit<T>(CompileLimits{});
  if (const std::uint64_t could = tape.size() + kRecordedNodesPerNode * (top + 1);
      could > node_limit)
    return Error{"recording the gradient of '" + of + "' could take the graph to " +
                 std::to_string(could) + " nodes, more than the limit of " +
                 std::to_string(node_limit) + " at this precision"};
  auto gradient = engine::record_adjoints(tape, top, std::span<const NodeIndex>(nodes));
  if (!gradient)
    return Error{"'" + of + "' depends on a derivative term whose own derivative is not recorded",
                 std::nullopt, ErrorKind::NotRecorded};
  return std::move(*gradient);
}

}  // namespace

template <class T>
Outcome<HessianMatrix<T>> hessian(const Derivation<T>& d, const std::string& of,
                                  const std::vector<std::string>& wrt) {
  const NamedValue* top = d.find(of);
  if (!top) return Error{not_defined_message(d, of)};
  const auto nodes = wrt_nodes(d, wrt);
  if (!nodes) return nodes.error();
  if (auto finite = partials_finite(d, of, engine::sweep(d.tape, top->node)); !finite)
    return finite.error();
  // The gradient is recorded first, on a copy: the derivation stays as compiled.
  engine::Tape<T> tape = d.tape;
  const auto gradient = recorded_gradient(tape, of, top->node, *nodes);
  if (!gradient) return gradient.error();
  // One sweep per name, each over the tape with the gradient recorded on it.
  const std::uint64_t visits = std::uint64_t{wrt.size()} * tape.size();
  if (const std::uint64_t limit = sweep_visit_limit<T>(CompileLimits{}); visits > limit)
    return Error{"the hessian over " + std::to_string(wrt.size()) + " names would sweep " +
                 std::to_string(visits) + " nodes in all, more than the limit of " +
                 std::to_string(limit)};
  HessianMatrix<T> out;
  out.wrt = wrt;
  out.rows.assign(wrt.size(), std::vector<T>(wrt.size(), T(0)));
  engine::Sensitivities<T> s;
  for (std::size_t i = 0; i < wrt.size(); ++i) {
    const NodeIndex g = (*gradient)[i];
    out.gradient.push_back(tape.value(g));
    engine::sweep(tape, g, s);
    for (std::size_t j = 0; j < wrt.size(); ++j) {
      out.rows[i][j] = s[(*nodes)[j]];
      if (!engine::is_finite(out.rows[i][j]))
        return Error{"the second derivative d²(" + of + ")/d(" + wrt[i] + ")d(" + wrt[j] +
                     ") is not finite here (a local second derivative is infinite, as sqrt's "
                     "at 0)"};
    }
  }
  return out;
}

template Outcome<HessianMatrix<double>> hessian<double>(const Derivation<double>&,
                                                        const std::string&,
                                                        const std::vector<std::string>&);
template Outcome<HessianMatrix<engine::Real>> hessian<engine::Real>(
    const Derivation<engine::Real>&, const std::string&, const std::vector<std::string>&);
template Outcome<HessianMatrix<engine::Certified>> hessian<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&, const std::vector<std::string>&);

}  // namespace chainrule::verify
