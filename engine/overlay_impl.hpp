// Tape::evaluate_with: a tape's values with one node's value replaced, computed without
// writing the tape, by the per-node rules evaluate() uses (engine/tape_impl.hpp), so that the
// values are bit for bit those the tape would hold after set_value() and evaluate(). Included
// by engine/tape_impl.hpp only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/sweep_choice_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

namespace detail {
// Node j's value under an overlay from node `first`: the overlay's where it computed one.
template <class T>
struct OverlaidValues {
  const T* tape;
  const T* overlay;
  const std::uint8_t* changed;
  NodeIndex first;
  const T& operator[](NodeIndex j) const {
    return j >= first && changed[j - first] != 0 ? overlay[j - first] : tape[j];
  }
};
}  // namespace detail

// One forward loop, as evaluate(): a node is computed when an operand (or a derivative node's
// recording) was, so the nodes that do not depend on `node` are never touched.
template <class T>
std::optional<DomainError> Tape<T>::evaluate_with(NodeIndex node, const T& value, NodeIndex last,
                                                  Overlay<T>& overlay) const {
  const std::size_t count = std::size_t{last} - node + 1;
  overlay.first_ = node;
  overlay.changed_.assign(count, 0);
  if (overlay.values_.size() < count) overlay.values_.resize(count);
  overlay.values_[0] = value;
  overlay.changed_[0] = 1;
  overlay.kept_.forget();
  if (last == node) return std::nullopt;
  const auto changed = [&](NodeIndex m) { return m >= node && overlay.changed_[m - node] != 0; };
  T scratch = nodes_.value(node + 1);  // a copy carries the tape's precision, as in evaluate()
  for (NodeIndex i = node + 1; i <= last; ++i) {
    const auto from = operands(i);
    const NodeIndex recorded = recording(i);
    if (std::none_of(from.begin(), from.end(), changed) &&
        (recorded == kNoNode || !changed(recorded)))
      continue;
    if (auto error = evaluate_overlaid(i, overlay, scratch)) return error;
  }
  return std::nullopt;
}

// evaluate_node() into the overlay: what it leaves in a node, the overlay holds for it.
template <class T>
std::optional<DomainError> Tape<T>::evaluate_overlaid(NodeIndex i, Overlay<T>& overlay,
                                                      T& scratch) const {
  const NodeIndex first = overlay.first_;
  T& r = overlay.values_[i - first];
  std::uint8_t& changed = overlay.changed_[i - first];
  const detail::OverlaidValues<T> v{nodes_.value_data(), overlay.values_.data(),
                                    overlay.changed_.data(), first};
  if (compute_inline(i, r, v, scratch)) {
    changed = 1;
    if (!is_finite(r)) return DomainError{i, "the result is not finite"};
    return std::nullopt;
  }
  if (nodes_.op(i) != Op::Derivative) {
    bool written = false;
    auto error = evaluate_by_rule(i, r, v, written);
    changed = written ? 1 : 0;
    return error;
  }
  NodeIndex infinite_partial = kNoNode;
  if (const NodeIndex recorded = recording(i); recorded != kNoNode) {
    r = v[recorded];
  } else {
    const Derivative term = differentiated(i);
    if (term.wrt > term.of) {
      r = T(0);
    } else {
      // Its sweep takes partials at every node up to `of`: the tape's values, the overlay's in
      // their place. They are final once node i is reached (every node up to `of` comes
      // before it), so the derivative nodes of one `of` share one sweep.
      const Sensitivities<T>& s = detail::sweep_kept(*this, term.of, overlay.kept_, [&] {
        std::vector<T>& swept = overlay.swept_;
        swept.assign(nodes_.value_data(), nodes_.value_data() + term.of + 1);
        for (NodeIndex j = first; j <= term.of; ++j) swept[j] = v[j];
        return swept.data();
      });
      r = s.adjoint[term.wrt];
      infinite_partial = s.nonfinite_partial;
    }
  }
  changed = 1;
  return derivative_error(i, r, infinite_partial);
}

}  // namespace chainrule::engine
