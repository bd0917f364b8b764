// How a derivative comes about, the way a tutorial writes it: every chain-rule path over the
// named nodes, each step's local partial as a formula in the names of the definition it comes
// from and as a number, the product along each path, their sum, and the factored form where
// every path passes the same named nodes (dE/dw1 = dE/d(out_h1)·∂out_h1/∂h1·∂h1/∂w1).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/formula_tape.hpp"
#include "verify/derivation.hpp"
#include "verify/outcome.hpp"
#include "verify/path_limits.hpp"

namespace chainrule::verify {

template <class T>
struct ExplainedStep {
  NodeIndex from = engine::kNoNode, to = engine::kNoNode;  // ∂from/∂to
  engine::TermId formula = engine::kNoTerm;                // in the explanation's formulas
  T value;
  T so_far;  // the product of the path's steps down to this one
};

template <class T>
struct ExplainedPath {
  std::vector<NodeIndex> nodes;  // from `of` down to `wrt`
  std::vector<ExplainedStep<T>> steps;
  T product;
};

// A piece of the factored form: between two named nodes every path passes, one local partial
// (one step) or a sum over several sub-paths.
template <class T>
struct Segment {
  NodeIndex top = engine::kNoNode, bottom = engine::kNoNode;
  std::vector<ExplainedPath<T>> sub_paths;  // distinct, each a part of some whole path
  T value;
  bool single_step() const { return sub_paths.size() == 1 && sub_paths[0].steps.size() == 1; }
};

// d(of)/d(node) as the sum over the named nodes that use it: Σ d(of)/d(user)·∂user/∂node.
template <class T>
struct Accumulated {
  struct Term {
    NodeIndex user = engine::kNoNode;
    engine::TermId formula = engine::kNoTerm;  // ∂user/∂node
    T partial;
    T user_value;  // d(of)/d(user)
  };
  NodeIndex node = engine::kNoNode;
  std::vector<Term> terms;
  T value;
};

template <class T>
struct Explanation {
  NodeIndex of = engine::kNoNode, wrt = engine::kNoNode;
  T value;                              // d(of)/d(wrt) by the reverse sweep
  std::uint64_t path_count;             // saturates past the limit
  std::vector<ExplainedPath<T>> paths;  // empty when there are more than the limit
  std::vector<Segment<T>> segments;     // the factored form; empty when it says nothing new
  // When the paths are too many to list: every named node's sensitivity, from `of` down.
  std::vector<Accumulated<T>> accumulation;
  std::unique_ptr<engine::TapeFormulas<T>> formulas;

  std::string name(NodeIndex node) const { return formulas->name_of(node); }
};

// Explains d(of)/d(wrt), listing at most `max_paths` paths. An error of kind NotRecorded when
// the derivative would pass a derivative term whose sweep is not recorded.
template <class T>
Outcome<Explanation<T>> explain(const Derivation<T>& d, NodeIndex of, NodeIndex wrt,
                                std::uint64_t max_paths);

}  // namespace chainrule::verify
