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

std::size_t batches_per_epoch(const Document& document, std::size_t batch) {
  if (!document.data || batch == 0 || batch >= document.data->rows) return 1;
  return (document.data->rows + batch - 1) / batch;
}

namespace {

// The per-row nodes whose gradients make step s's update: one set per batch, in row order,
// each with the weight its gradient gets (1/K for mean, 1 for sum); empty for the full batch.
template <class T>
struct BatchPlan {
  std::vector<std::vector<NodeIndex>> rows;  // per batch
  std::vector<T> weight;                     // per batch
};

template <class T>
std::optional<std::string> plan_batches(const Derivation<T>& d, const std::string& loss,
                                        std::size_t batch, BatchPlan<T>& plan) {
  const auto& data = d.document.data;
  if (batch == 0 || (data && batch >= data->rows)) return std::nullopt;
  if (!data) return "--batch takes rows of the data table, and " + d.document.file + " has none";
  const auto found = data->aggregates.find(loss);
  if (found == data->aggregates.end())
    return "--batch needs the loss defined as mean(E) or sum(E) of a quantity E per row; " +
           quoted_name(loss) + " is not";
  const std::size_t count = batches_per_epoch(d.document, batch);
  for (std::size_t b = 0; b < count; ++b) {
    std::vector<NodeIndex> nodes;
    for (std::size_t r = b * batch + 1; r <= std::min(data->rows, (b + 1) * batch); ++r)
      nodes.push_back(d.node_of(row_name(found->second.of, r)));
    plan.weight.push_back(found->second.mean ? T(1) / T(static_cast<long>(nodes.size())) : T(1));
    plan.rows.push_back(std::move(nodes));
  }
  return std::nullopt;
}

// d(loss)/d(leaf) for step `step`: the loss's own sweep, or the batch's rows' sweeps added up.
template <class T>
std::optional<std::string> step_gradient(Derivation<T>& d, const std::string& loss, NodeIndex of,
                                         const std::vector<std::size_t>& leaves,
                                         const BatchPlan<T>& plan, long step,
                                         engine::Sensitivities<T>& s, std::vector<T>& gradient) {
  if (plan.rows.empty()) {
    engine::sweep(d.tape, of, s);
    if (auto error = through_derivative(d, loss, s)) return error;
    for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] = s[d.named[leaves[k]].node];
    return std::nullopt;
  }
  const std::size_t b = static_cast<std::size_t>(step - 1) % plan.rows.size();
  for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] = T(0);
  for (NodeIndex row : plan.rows[b]) {
    engine::sweep(d.tape, row, s);
    if (auto error = through_derivative(d, loss, s)) return error;
    for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] += s[d.named[leaves[k]].node];
  }
  for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] *= plan.weight[b];
  return std::nullopt;
}

}  // namespace

template <class T>
std::optional<TrainError> train(Derivation<T>& d, const std::string& loss,
                                const std::vector<std::size_t>& leaves,
                                const engine::OptimizerSettings<T>& optimizer, long steps,
                                const std::function<void(const TrainStep<T>&)>& on_step,
                                std::size_t batch) {
  const NamedValue* of = d.find(loss);
  if (!of) return TrainError{not_defined_message(d, loss), {}};
  BatchPlan<T> plan;
  if (auto error = plan_batches(d, loss, batch, plan)) return TrainError{*error, {}};
  engine::Sensitivities<T> s;
  engine::Optimizer<T> rule(optimizer, leaves.size());
  std::vector<T> values(leaves.size()), gradient(leaves.size()), updated(leaves.size());
  // A step changes only what the loss depends on: a sweep from the loss says which nodes those
  // are, and the steps re-evaluate just them. Every other value is brought up to date at the end.
  std::vector<NodeIndex> ancestors;
  engine::sweep(d.tape, of->node, s);
  if (auto error = through_derivative(d, loss, s)) return TrainError{*error, {}};
  for (NodeIndex i = 0; i <= of->node; ++i)
    if (s.depends_on(i) && !d.tape.is_leaf(i)) ancestors.push_back(i);
  on_step({0, d.tape.value(of->node)});
  for (long step = 1; step <= steps; ++step) {
    if (auto error = step_gradient(d, loss, of->node, leaves, plan, step, s, gradient))
      return TrainError{*error, {}};
    for (std::size_t k = 0; k < leaves.size(); ++k)
      values[k] = d.tape.value(d.named[leaves[k]].node);
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

#define CHAINRULE_INSTANTIATE_QUERY(T)                                                            \
  template std::optional<std::string> nonfinite_partial<T>(                                       \
      const Derivation<T>&, const std::string&, const engine::Sensitivities<T>&);                 \
  template std::optional<std::string> gradient<T>(const Derivation<T>&, const std::string&,       \
                                                  std::vector<LeafSensitivity<T>>&);              \
  template std::optional<std::string> match_leaves<T>(const Derivation<T>&, const std::string&,   \
                                                      std::vector<std::size_t>&);                 \
  template std::optional<TrainError> train<T>(                                                    \
      Derivation<T>&, const std::string&, const std::vector<std::size_t>&,                        \
      const engine::OptimizerSettings<T>&, long, const std::function<void(const TrainStep<T>&)>&, \
      std::size_t);

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
