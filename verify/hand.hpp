// Recomputing a claim the way its author did by hand: with the numbers the author published
// on earlier lines in place of the exact ones, and the chain rule expanded over named nodes.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "verify/derivation.hpp"

namespace chainrule::verify {

// Which way a derivative d(A)/d(B) is expanded over the named nodes.
enum class Expansion {
  Upward,    // from B: d(X)/d(B) = sum of dX/dAi * d(Ai)/d(B) over the names Ai in X
  Downward,  // from A: d(A)/d(Y) = sum of d(A)/d(C) * dC/dY over the names C that use Y
};

template <class T>
struct HandValue {
  T value;
  T derivative;            // forward-mode derivative with respect to the seed name, if any
  std::vector<int> lines;  // the earlier claims (by line) whose numbers entered the value
  // ... and those that entered the derivative: in E = E1 + E2 the published E1 enters
  // E's value but not dE/dE1 = 1.
  std::vector<int> derivative_lines = {};
  bool varies = false;  // depends on the seed name
};

template <class T>
class HandRecomputation {
 public:
  // Uses the claims on lines before `line`.
  HandRecomputation(const Derivation<T>& d, int line, Expansion expansion);

  // EXPR recomputed by hand; nullopt where that is not possible (a domain error with the
  // author's numbers, or a chain rule that would need second derivatives).
  std::optional<HandValue<T>> evaluate(ExprId expr) const;

 private:
  using Env = std::vector<std::optional<HandValue<T>>>;  // per position in d.named
  struct Claimed {
    T value;
    int line;
  };

  std::optional<HandValue<T>> eval(ExprId id, const Env& env, int seed) const;
  std::optional<HandValue<T>> apply(const Expr& e, const Env& env, int seed) const;
  std::optional<HandValue<T>> derivative(const Expr& e, const Env& env, int seed) const;
  std::optional<HandValue<T>> substitute(const Expr& e, const Env& env, int seed) const;
  std::optional<HandValue<T>> local_partial(int x, int a, const Env& env) const;
  std::optional<HandValue<T>> expand_upward(int of, int wrt, const Env& env) const;
  std::optional<HandValue<T>> expand_downward(int of, int wrt, const Env& env) const;
  std::optional<HandValue<T>> define(int x, const Env& env, bool use_claims) const;
  bool is_constant(ExprId id) const;

  const Derivation<T>& d_;
  Expansion expansion_;
  std::vector<std::vector<int>> refs_;   // names each definition mentions
  std::vector<std::vector<int>> users_;  // definitions that mention each name
  std::map<int, Claimed> claimed_values_;
  std::map<std::pair<int, int>, Claimed> claimed_derivatives_;
  Env env_;
};

}  // namespace chainrule::verify
