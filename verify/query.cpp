#include "verify/query.hpp"

#include <algorithm>

#include "verify/parser.hpp"

namespace chainrule::verify {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with one backtrack point: linear in practice, no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A local partial that is infinite (sqrt at 0) makes the gradient meaningless: say where.
template <class T>
std::optional<std::string> nonfinite_partial(const Derivation<T>& d, const std::string& name,
                                             const engine::Sensitivities<T>& s) {
  if (s.nonfinite_partial == engine::kNoNode) return std::nullopt;
  const NodeIndex node = s.nonfinite_partial;
  const auto& rule = engine::rule<T>(d.tape.op(node));
  return "the gradient of '" + name + "' is not finite: the local derivative of " +
         std::string(rule.name) + " at line " + std::to_string(d.origin[node].pos.line) +
         ", column " + std::to_string(d.origin[node].pos.column) + " is infinite there";
}

namespace {

template <class T>
std::optional<std::string> through_derivative(const Derivation<T>& d, const std::string& name,
                                              const engine::Sensitivities<T>& s) {
  if (auto error = nonfinite_partial(d, name, s)) return error;
  if (const NamedValue* leaf = input_behind_unrecorded_derivative(d, s))
    return "the gradient of '" + name + "' would differentiate through a derivative term (d(" +
           name + ")/d(" + leaf->name + ") needs second derivatives, not supported yet)";
  return std::nullopt;
}

}  // namespace

template <class T>
std::optional<std::string> gradient(const Derivation<T>& d, const std::string& name,
                                    std::vector<LeafSensitivity<T>>& out) {
  const NamedValue* of = d.find(name);
  if (!of) return not_defined_message(d, name);
  auto s = engine::sweep(d.tape, of->node);
  if (auto error = through_derivative(d, name, s)) return error;
  out.clear();
  for (const auto& named : d.named)
    if (named.is_input && s.depends_on(named.node)) out.push_back({named.name, s[named.node]});
  return std::nullopt;
}

template <class T>
std::optional<std::string> match_leaves(const Derivation<T>& d, const std::string& patterns,
                                        std::vector<std::size_t>& leaves) {
  leaves.clear();
  std::size_t start = 0;
  while (start <= patterns.size()) {
    std::size_t comma = std::min(patterns.find(',', start), patterns.size());
    std::string pattern = patterns.substr(start, comma - start);
    start = comma + 1;
    bool any = false;
    for (std::size_t i = 0; i < d.named.size(); ++i) {
      if (!d.named[i].is_input || !glob_match(pattern, d.named[i].name)) continue;
      any = true;
      if (std::find(leaves.begin(), leaves.end(), i) == leaves.end()) leaves.push_back(i);
    }
    if (!any) {
      std::vector<std::string> inputs;
      for (const auto& n : d.named)
        if (n.is_input) inputs.push_back(n.name);
      std::string message = quoted_name(pattern) + " matches no input of " + d.document.file;
      if (auto suggestion = closest_name(pattern, inputs))
        message += "; did you mean " + quoted_name(*suggestion) + "?";
      return message;
    }
  }
  std::sort(leaves.begin(), leaves.end());
  return std::nullopt;
}

template <class T>
std::optional<TrainError> train(Derivation<T>& d, const std::string& loss,
                                const std::vector<std::size_t>& leaves,
                                const engine::OptimizerSettings<T>& optimizer, long steps,
                                const std::function<void(const TrainStep<T>&)>& on_step) {
  const NamedValue* of = d.find(loss);
  if (!of) return TrainError{not_defined_message(d, loss), {}};
  engine::Sensitivities<T> s;
  engine::Optimizer<T> rule(optimizer, leaves.size());
  std::vector<T> values(leaves.size()), gradient(leaves.size()), updated(leaves.size());
  // A step changes only what the loss depends on: the first sweep says which nodes those are,
  // and the steps re-evaluate just them. Every other value is brought up to date at the end.
  std::vector<NodeIndex> ancestors;
  on_step({0, d.tape.value(of->node)});
  for (long step = 1; step <= steps; ++step) {
    engine::sweep(d.tape, of->node, s);
    if (step == 1) {
      if (auto error = through_derivative(d, loss, s)) return TrainError{*error, {}};
      for (NodeIndex i = 0; i <= of->node; ++i)
        if (s.depends_on(i) && !d.tape.is_leaf(i)) ancestors.push_back(i);
    }
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      const NodeIndex leaf = d.named[leaves[k]].node;
      values[k] = d.tape.value(leaf);
      gradient[k] = s[leaf];
    }
    rule.step(values, gradient, updated);
    for (std::size_t k = 0; k < leaves.size(); ++k)
      d.tape.set_value(d.named[leaves[k]].node, updated[k]);
    if (auto error = reevaluate(d, std::span<const NodeIndex>(ancestors)))
      return TrainError{{}, error};
    on_step({step, d.tape.value(of->node)});
  }
  if (auto error = reevaluate(d)) return TrainError{{}, error};
  return std::nullopt;
}

#define CHAINRULE_INSTANTIATE_QUERY(T)                                                          \
  template std::optional<std::string> nonfinite_partial<T>(                                     \
      const Derivation<T>&, const std::string&, const engine::Sensitivities<T>&);               \
  template std::optional<std::string> gradient<T>(const Derivation<T>&, const std::string&,     \
                                                  std::vector<LeafSensitivity<T>>&);            \
  template std::optional<std::string> match_leaves<T>(const Derivation<T>&, const std::string&, \
                                                      std::vector<std::size_t>&);               \
  template std::optional<TrainError> train<T>(                                                  \
      Derivation<T>&, const std::string&, const std::vector<std::size_t>&,                      \
      const engine::OptimizerSettings<T>&, long, const std::function<void(const TrainStep<T>&)>&);

CHAINRULE_INSTANTIATE_QUERY(double)
CHAINRULE_INSTANTIATE_QUERY(engine::Real)
// explain, hessian and dot print certified values: every query but train.
template std::optional<std::string> gradient<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&,
    std::vector<LeafSensitivity<engine::Certified>>&);
template std::optional<std::string> nonfinite_partial<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&,
    const engine::Sensitivities<engine::Certified>&);
template std::optional<std::string> match_leaves<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&, std::vector<std::size_t>&);

}  // namespace chainrule::verify
