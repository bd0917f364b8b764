// Recomputing a claim the way its author did by hand: with the numbers the author published
// on earlier lines in place of the exact ones, and the chain rule expanded over named nodes.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/named_graph.hpp"

namespace chainrule::verify {

// Which way a derivative d(A)/d(B) is expanded over the named nodes.
enum class Expansion {
  Upward,    // from B: d(X)/d(B) = sum of dX/dAi * d(Ai)/d(B) over the names Ai in X
  Downward,  // from A: d(A)/d(Y) = sum of d(A)/d(C) * dC/dY over the names C that use Y
};

// Work one hand recomputation may do, in definitions evaluated plus names a substitution
// looks at; past it the claim simply has no hand value (a tutorial needs a few thousand).
inline constexpr std::uint64_t kMaxHandWork = 20'000'000;

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

// Values are computed on demand and kept per context: the file's own values (context 0) and
// one context per substitution evaluated in a context. A definition never evaluates another
// one by calling into it: a value not known yet is noted as needed, the attempt gives up,
// and evaluate() computes what was needed (from an explicit stack) before trying again. So
// the depth of the call stack follows one expression's syntax tree only, however many
// substitutions and definitions stand behind it.
template <class T>
class HandRecomputation {
 public:
  // Uses the claims on lines before `line`.
  HandRecomputation(const Derivation<T>& d, const NamedGraph& graph, int line, Expansion expansion);

  // EXPR recomputed by hand; nullopt where that is not possible (a domain error with the
  // author's numbers, a chain rule that would need second derivatives, or more work than
  // kMaxHandWork).
  std::optional<HandValue<T>> evaluate(ExprId expr);

  // Recompute as an author who, expanding a derivative, forgot the chain-rule edge from the
  // name `user` down to the name `used` it mentions (indices into Derivation::named): every
  // path through that edge is left out. For the missing-paths diagnosis with carried rounding.
  void leave_out_edge(int user, int used) { left_out_edge_ = {user, used}; }

 private:
  using Value = std::optional<HandValue<T>>;
  enum class State : std::uint8_t { Unknown, Done, Failed };
  struct Slot {
    State state = State::Unknown;
    Value value;
  };
  // base[n1 := e1, ...] evaluated in `parent`: the names in [low, low + changed.size()) that
  // are marked changed take new values here; every other name is looked up in the parent.
  struct Context {
    int parent = -1;
    int low = 0;
    std::vector<bool> changed;
    std::unordered_map<int, Slot> values;  // of the changed names
    bool replaced = false;                 // the replacements are evaluated and stored
    std::optional<Value> result;           // the substitution's value, once known
  };
  struct Claimed {
    T value;
    int line;
  };

  Value eval(ExprId id, int context, int seed);
  Value name(int x, int context, int seed);
  Value apply(const Expr& e, int context, int seed);
  Value derivative(const Expr& e, int context, int seed);
  Value substitute(const Expr& e, ExprId id, int context, int seed);
  Value local_partial(int x, int a, int context);
  Value expand_upward(int of, int wrt, int context);
  Value expand_downward(int of, int wrt, int context);
  Value define(int x, int context);
  Value claimed_derivative(int of, int wrt, int context) const;
  bool is_constant(ExprId id) const;

  int owner(int context, int x) const;  // the context whose value of x `context` sees
  Slot& slot(int context, int x);       // the slot of x in its owner
  void need(int context, int x);        // notes x as needed if it is not known yet
  std::optional<int> child(const Expr& e, ExprId id, int context);
  bool settle();  // computes every needed value; false when out of budget
  bool charge(std::uint64_t work);

  const Derivation<T>& d_;
  Expansion expansion_;
  std::vector<std::vector<int>> refs_;    // names each definition mentions
  std::vector<std::vector<int>> users_;   // definitions that mention each name
  std::vector<std::vector<int>> deps_;    // refs_, plus the names of its derivative terms
  std::vector<std::vector<int>> direct_;  // refs_ but those only in a substitution's base
  std::vector<bool> available_;           // defined on or before the claim's line
  std::map<int, Claimed> claimed_values_;
  std::map<std::pair<int, int>, Claimed> claimed_derivatives_;
  std::vector<Slot> base_;        // context 0
  std::deque<Context> contexts_;  // contexts 1, 2, ... (index - 1); a deque keeps references
  std::map<std::pair<int, ExprId>, int> children_;
  std::vector<std::pair<int, int>> needed_;  // (owner context, name) not known yet
  std::uint64_t work_ = 0;
  bool exhausted_ = false;
  std::pair<int, int> left_out_edge_{-1, -1};
};

}  // namespace chainrule::verify
