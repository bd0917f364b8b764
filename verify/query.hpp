// What the `eval`, `grad` and `train` commands ask of a compiled derivation, as a library.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/optimizer.hpp"
#include "verify/derivation.hpp"
#include "verify/outcome.hpp"

namespace chainrule::verify {

template <class T>
struct LeafSensitivity {
  std::string leaf;
  T value;
};

// Done when every local partial of the gradient of `name` (the sweep `s`) is finite; else an
// error saying why the gradient is not, naming the op whose local derivative is infinite
// (sqrt at 0).
template <class T>
Outcome<void> partials_finite(const Derivation<T>& d, const std::string& name,
                              const engine::Sensitivities<T>& s);

// d(name)/d(leaf) for every input leaf `name` depends on, in file order. An error when the
// name is not defined, when a local partial is infinite, or when the sweep would pass through
// a derivative term compiled without its sweep (ErrorKind::NotRecorded).
template <class T>
Outcome<std::vector<LeafSensitivity<T>>> gradient(const Derivation<T>& d, const std::string& name);

// The first input leaf whose d(of)/d(leaf) would pass through a derivative term compiled
// without its sweep on the tape (so not differentiable), or nullptr. Compiling with
// RecordPolicy::All makes every such term differentiable.
template <class T>
const NamedValue* input_behind_unrecorded_derivative(const Derivation<T>& d,
                                                     const engine::Sensitivities<T>& of) {
  if (!d.tape.has_derivative_nodes()) return nullptr;  // nothing else marks a node Incomplete
  for (const auto& named : d.named)
    if (named.is_input && of.incomplete(named.node)) return &named;
  return nullptr;
}

// The input leaves whose names match any comma-separated pattern, where `*` matches any run
// of characters ("w*,b*"), as positions in d.named, ascending. An error names a pattern that
// matches no leaf.
template <class T>
Outcome<std::vector<std::size_t>> match_leaves(const Derivation<T>& d, const std::string& patterns);

template <class T>
struct TrainStep {
  long step;
  T loss;
};

// Gradient descent on the file's own graph: every step computes d(loss)/d(p) for each leaf p
// from the current values, updates them all at once by `optimizer`'s rule
// (engine/optimizer.hpp), and re-evaluates what the loss depends on; every other value is
// re-evaluated once, after the last step. The optimizer's state (momentum's b, Adam's m and
// v) is one per trained leaf. `on_step` is called with the loss before step 1 and after every
// step, when the trained leaves in d.tape hold that step's values.
//
// `batch` (K >= 1) trains on the data table's rows K at a time: the loss must be defined as
// `mean(E)` or `sum(E)` of a per-row E, and step s updates from rows b·K + 1 ... (b + 1)·K of
// the table (b = (s − 1) mod the batches per epoch; the last batch of an epoch may be shorter),
// by the gradient of mean(E) or sum(E) over those rows alone: K = 1 is one row at a time,
// plain SGD. Rows are taken in order, nothing is shuffled. 0, or K >= the rows, is the full
// batch: the gradient of the loss itself. The loss reported is always the whole loss.
//
// An error is about the request (an unknown loss, --batch without a table) or, with `at`, the
// statement whose value left its domain during training (reported as FILE:LINE:COLUMN like any
// bad input).
template <class T>
Outcome<void> train(Derivation<T>& d, const std::string& loss,
                    const std::vector<std::size_t>& leaves,
                    const engine::OptimizerSettings<T>& optimizer, long steps,
                    const std::function<void(const TrainStep<T>&)>& on_step, std::size_t batch = 0);

// The updates in one pass over the data table with batches of `batch` rows (1 without a
// table, or for the full batch): what `train --epochs` multiplies by.
std::size_t batches_per_epoch(const Document& document, std::size_t batch);

// Plain gradient descent: p <- p - rate·d(loss)/dp.
template <class T>
Outcome<void> train(Derivation<T>& d, const std::string& loss,
                    const std::vector<std::size_t>& leaves, const T& rate, long steps,
                    const std::function<void(const TrainStep<T>&)>& on_step) {
  return train<T>(d, loss, leaves, engine::OptimizerSettings<T>{engine::OptimizerKind::Sgd, rate},
                  steps, on_step);
}

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace chainrule::verify
