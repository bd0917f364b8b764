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
Outcome<void> partials_finite(const Derivation<T>& d, const std::string& name,
                              const engine::Sensitivities<T>& s) {
  if (s.nonfinite_partial == engine::kNoNode) return {};
  const NodeIndex node = s.nonfinite_partial;
  const auto& rule = engine::rule<T>(d.tape.op(node));
  // The place is in the message, not in `at`: the error is about the gradient asked for.
  return Error{"the gradient of '" + name + "' is not finite: the local derivative of " +
               std::string(rule.name) + " at line " + std::to_string(d.origin[node].pos.line) +
               ", column " + std::to_string(d.origin[node].pos.column) + " is infinite there"};
}

namespace {

template <class T>
Outcome<void> through_derivative(const Derivation<T>& d, const std::string& name,
                                 const engine::Sensitivities<T>& s) {
  if (auto finite = partials_finite(d, name, s); !finite) return finite;
  if (const NamedValue* leaf = input_behind_unrecorded_derivative(d, s))
    return Error{"the gradient of '" + name +
                     "' would differentiate through a derivative term (d(" + name + ")/d(" +
                     leaf->name + ") needs second derivatives, not supported yet)",
                 std::nullopt, ErrorKind::NotRecorded};
  return {};
}

}  // namespace

template <class T>
Outcome<std::vector<LeafSensitivity<T>>> gradient(const Derivation<T>& d, const std::string& name) {
  const NamedValue* of = d.find(name);
  if (!of) return Error{not_defined_message(d, name)};
  auto s = engine::sweep(d.tape, of->node);
  if (auto swept = through_derivative(d, name, s); !swept) return swept.error();
  std::vector<LeafSensitivity<T>> out;
  for (const auto& named : d.named)
    if (named.is_input && s.depends_on(named.node)) out.push_back({named.name, s[named.node]});
  return out;
}

namespace {

// "'w*' matches no input of FILE; did you mean 'w1'?"
template <class T>
Error matches_no_input(const Derivation<T>& d, const std::string& pattern) {
  std::vector<std::string> inputs;
  for (const auto& n : d.named)
    if (n.is_input) inputs.push_back(n.name);
  std::string message = quoted_name(pattern) + " matches no input of " + d.document.file;
  if (auto suggestion = closest_name(pattern, inputs))
    message += "; did you mean " + quoted_name(*suggestion) + "?";
  return Error{message};
}

}  // namespace

template <class T>
Outcome<std::vector<std::size_t>> match_leaves(const Derivation<T>& d,
                                               const std::string& patterns) {
  std::vector<std::size_t> leaves;
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
    if (!any) return matches_no_input(d, pattern);
  }
  std::sort(leaves.begin(), leaves.end());
  return leaves;
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
Outcome<BatchPlan<T>> plan_batches(const Derivation<T>& d, const std::string& loss,
                                   std::size_t batch) {
  const auto& data = d.document.data;
  BatchPlan<T> plan;
  if (batch == 0 || (data && batch >= data->rows)) return plan;
  if (!data)
    return Error{"--batch takes rows of the data table, and " + d.document.file + " has none"};
  const auto found = data->aggregates.find(loss);
  if (found == data->aggregates.end())
    return Error{"--batch needs the loss defined as mean(E) or sum(E) of a quantity E per row; " +
                 quoted_name(loss) + " is not"};
  const std::size_t count = batches_per_epoch(d.document, batch);
  for (std::size_t b = 0; b < count; ++b) {
    std::vector<NodeIndex> nodes;
    for (std::size_t r = b * batch + 1; r <= std::min(data->rows, (b + 1) * batch); ++r)
      nodes.push_back(d.node_of(row_name(found->second.of, r)));
    plan.weight.push_back(found->second.mean ? T(1) / T(static_cast<long>(nodes.size())) : T(1));
    plan.rows.push_back(std::move(nodes));
  }
  return plan;
}

// d(loss)/d(leaf) for step `step` into `gradient`: the loss's own sweep, or the batch's rows'
// sweeps added up. `s` and `gradient` are the caller's, reused from step to step so that a step
// allocates nothing (an MPFR number per leaf, a sensitivity per node); `s_is_current` says
// that `s` is already the loss's sweep at today's values (step 1, after train's first sweep).
template <class T>
Outcome<void> step_gradient(Derivation<T>& d, const std::string& loss, NodeIndex of,
                            const std::vector<std::size_t>& leaves, const BatchPlan<T>& plan,
                            long step, engine::Sensitivities<T>& s, std::vector<T>& gradient,
                            bool s_is_current) {
  if (plan.rows.empty()) {
    if (!s_is_current) {
      engine::sweep(d.tape, of, s);
      if (auto swept = through_derivative(d, loss, s); !swept) return swept;
    }
    for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] = s[d.named[leaves[k]].node];
    return {};
  }
  const std::size_t b = static_cast<std::size_t>(step - 1) % plan.rows.size();
  for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] = T(0);
  for (NodeIndex row : plan.rows[b]) {
    engine::sweep(d.tape, row, s);
    if (auto swept = through_derivative(d, loss, s); !swept) return swept;
    for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] += s[d.named[leaves[k]].node];
  }
  for (std::size_t k = 0; k < leaves.size(); ++k) gradient[k] *= plan.weight[b];
  return {};
}

}  // namespace

template <class T>
Outcome<void> train(Derivation<T>& d, const std::string& loss,
                    const std::vector<std::size_t>& leaves,
                    const engine::OptimizerSettings<T>& optimizer, long steps,
                    const std::function<void(const TrainStep<T>&)>& on_step, std::size_t batch) {
  const NamedValue* of = d.find(loss);
  if (!of) return Error{not_defined_message(d, loss)};
  const auto plan = plan_batches(d, loss, batch);
  if (!plan) return plan.error();
  engine::Sensitivities<T> s;
  engine::Optimizer<T> rule(optimizer, leaves.size());
  std::vector<T> values(leaves.size()), gradient(leaves.size()), updated(leaves.size());
  // A step changes only what the loss depends on: a sweep from the loss says which nodes those
  // are, and the steps re-evaluate just them. Every other value is brought up to date at the end.
  std::vector<NodeIndex> ancestors;
  engine::sweep(d.tape, of->node, s);
  if (auto swept = through_derivative(d, loss, s); !swept) return swept;
  for (NodeIndex i = 0; i <= of->node; ++i)
    if (s.depends_on(i) && !d.tape.is_leaf(i)) ancestors.push_back(i);
  on_step({0, d.tape.value(of->node)});
  for (long step = 1; step <= steps; ++step) {
    if (auto stepped =
            step_gradient(d, loss, of->node, leaves, *plan, step, s, gradient, step == 1);
        !stepped)
      return stepped;
    for (std::size_t k = 0; k < leaves.size(); ++k)
      values[k] = d.tape.value(d.named[leaves[k]].node);
    rule.step(values, gradient, updated);
    for (std::size_t k = 0; k < leaves.size(); ++k)
      d.tape.set_value(d.named[leaves[k]].node, updated[k]);
    if (auto done = reevaluate(d, std::span<const NodeIndex>(ancestors)); !done) return done;
    on_step({step, d.tape.value(of->node)});
  }
  return reevaluate(d);
}

#define CHAINRULE_INSTANTIATE_QUERY(T)                                                \
  template Outcome<void> partials_finite<T>(const Derivation<T>&, const std::string&, \
                                            const engine::Sensitivities<T>&);         \
  template Outcome<std::vector<LeafSensitivity<T>>> gradient<T>(const Derivation<T>&, \
                                                                const std::string&);  \
  template Outcome<std::vector<std::size_t>> match_leaves<T>(const Derivation<T>&,    \
                                                             const std::string&);     \
  template Outcome<void> train<T>(Derivation<T>&, const std::string&,                 \
                                  const std::vector<std::size_t>&,                    \
                                  const engine::OptimizerSettings<T>&, long,          \
                                  const std::function<void(const TrainStep<T>&)>&, std::size_t);

CHAINRULE_INSTANTIATE_QUERY(double)
CHAINRULE_INSTANTIATE_QUERY(engine::Real)
// explain, hessian and dot print certified values: every query but train.
template Outcome<std::vector<LeafSensitivity<engine::Certified>>> gradient<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&);
template Outcome<void> partials_finite<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&,
    const engine::Sensitivities<engine::Certified>&);
template Outcome<std::vector<std::size_t>> match_leaves<engine::Certified>(
    const Derivation<engine::Certified>&, const std::string&);

}  // namespace chainrule::verify
