#include "verify/hand.hpp"

#include <algorithm>

#include "engine/number.hpp"
#include "verify/ops_of.hpp"

namespace chainrule::verify {

namespace {

std::vector<int> merged(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

template <class T>
HandRecomputation<T>::HandRecomputation(const Derivation<T>& d, const NamedGraph& graph, int line,
                                        Expansion expansion)
    : d_(d),
      expansion_(expansion),
      refs_(graph.refs),
      users_(graph.users),
      deps_(graph.deps),
      direct_(graph.direct),
      available_(d.named.size()),
      base_(d.named.size()) {
  for (std::size_t x = 0; x < d.named.size(); ++x) {
    const auto& def = std::get<Definition>(d.document.statements[d.named[x].statement]);
    available_[x] = def.pos.line <= line;
    if (!available_[x]) base_[x].state = State::Failed;
  }
  for (std::size_t k = 0; k < d.claim_nodes.size(); ++k) {
    const Claim& claim = d.claim(k);
    if (claim.pos.line >= line) break;
    const Expr& e = d.document.at(claim.expr);
    Claimed published{engine::parse_decimal<T>(claim.published), claim.pos.line};
    if (e.kind == ExprKind::Name) {
      claimed_values_.insert_or_assign(static_cast<int>(d.index.at(e.text)), published);
    } else if (e.kind == ExprKind::Derivative && e.operands.empty()) {
      std::pair key{static_cast<int>(d.index.at(e.names[0])),
                    static_cast<int>(d.index.at(e.names[1]))};
      claimed_derivatives_.insert_or_assign(key, published);
    }
  }
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::evaluate(ExprId expr) {
  for (;;) {
    needed_.clear();
    Value v = eval(expr, 0, -1);
    if (exhausted_) return std::nullopt;
    if (needed_.empty()) return v;
    if (!settle()) return std::nullopt;
  }
}

template <class T>
bool HandRecomputation<T>::charge(std::uint64_t work) {
  work_ += work;
  if (work_ > kMaxHandWork) exhausted_ = true;
  return !exhausted_;
}

// Computes the needed values, and what they need in turn, from a stack. An attempt that
// finds a value it needs missing is abandoned and retried once that value is known; every
// attempt is charged, so even a cycle (which file order rules out) would end.
template <class T>
bool HandRecomputation<T>::settle() {
  std::vector<std::pair<int, int>> stack(needed_.begin(), needed_.end());
  needed_.clear();
  while (!stack.empty()) {
    auto [context, x] = stack.back();
    if (slot(context, x).state != State::Unknown) {
      stack.pop_back();
      continue;
    }
    if (!charge(1)) return false;
    const bool own_value = (context == 0 && claimed_values_.contains(x)) || d_.named[x].is_input;
    if (!own_value) {
      for (int a : direct_[x]) need(context, a);
    }
    Value v;
    if (needed_.empty()) v = define(x, context);
    if (exhausted_) return false;
    if (!needed_.empty()) {
      stack.insert(stack.end(), needed_.begin(), needed_.end());
      needed_.clear();
      continue;
    }
    Slot& s = slot(context, x);
    s.state = v ? State::Done : State::Failed;
    s.value = std::move(v);
    stack.pop_back();
  }
  return true;
}

template <class T>
int HandRecomputation<T>::owner(int context, int x) const {
  while (context != 0) {
    const Context& c = contexts_[context - 1];
    const int offset = x - c.low;
    if (offset >= 0 && offset < static_cast<int>(c.changed.size()) && c.changed[offset])
      return context;
    context = c.parent;
  }
  return 0;
}

template <class T>
typename HandRecomputation<T>::Slot& HandRecomputation<T>::slot(int context, int x) {
  return context == 0 ? base_[x] : contexts_[context - 1].values[x];
}

template <class T>
void HandRecomputation<T>::need(int context, int x) {
  const int o = owner(context, x);
  if (slot(o, x).state == State::Unknown) needed_.emplace_back(o, x);
}

// A name's value in a context: the author's number in context 0 if there is one, else its
// definition evaluated there. Replaced names of a substitution never get here.
template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::define(int x, int context) {
  if (!available_[x]) return std::nullopt;
  if (context == 0) {
    if (auto found = claimed_values_.find(x); found != claimed_values_.end())
      return HandValue<T>{found->second.value, T(0), {found->second.line}};
  }
  const NamedValue& named = d_.named[x];
  if (named.is_input) return HandValue<T>{d_.tape.value(named.node), T(0), {}};
  return eval(std::get<Definition>(d_.document.statements[named.statement]).value, context, -1);
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::eval(ExprId id, int context, int seed) {
  const Expr& e = d_.document.at(id);
  switch (e.kind) {
    case ExprKind::Number:
      return HandValue<T>{engine::parse_decimal<T>(e.text), T(0), {}};
    case ExprKind::Name:
      return name(static_cast<int>(d_.index.at(e.text)), context, seed);
    case ExprKind::Derivative:
      return derivative(e, context, seed);
    case ExprKind::Substitution:
      return substitute(e, id, context, seed);
    default:
      return apply(e, context, seed);
  }
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::name(int x, int context, int seed) {
  const int o = owner(context, x);
  const Slot& s = slot(o, x);
  if (s.state == State::Unknown) needed_.emplace_back(o, x);
  if (s.state != State::Done || !s.value) return std::nullopt;
  HandValue<T> v = *s.value;
  v.derivative = x == seed ? 1 : 0;
  v.derivative_lines.clear();
  v.varies = x == seed;
  return v;
}

template <class T>
bool HandRecomputation<T>::is_constant(ExprId id) const {
  std::vector<ExprId> pending{id};
  while (!pending.empty()) {
    const Expr& e = d_.document.at(pending.back());
    pending.pop_back();
    if (e.kind == ExprKind::Name || e.kind == ExprKind::Derivative ||
        e.kind == ExprKind::Substitution)
      return false;
    pending.insert(pending.end(), e.operands.begin(), e.operands.end());
  }
  return true;
}

// One op in forward mode: the value by the op's forward rule, the derivative by its partials.
template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::apply(const Expr& e, int context, int seed) {
  engine::Op op = op_of(e);
  auto a = eval(e.operands[0], context, seed);
  if (!a) return std::nullopt;
  std::optional<HandValue<T>> b = HandValue<T>{T(0), T(0), {}};
  if (e.operands.size() > 1) {
    b = eval(e.operands[1], context, seed);
    if (!b) return std::nullopt;
    op = engine::with_operands(op, is_constant(e.operands[1]));
  }
  const auto& rule = engine::rule<T>(op);
  if (!rule.domain(a->value, b->value).empty()) return std::nullopt;
  HandValue<T> r{rule.forward(a->value, b->value), T(0), merged(a->lines, b->lines)};
  // A partial's symbolic form says which operand values it reads, and so whose lines count.
  auto partial_lines = [&](std::string_view symbolic) {
    const bool reads_result = symbolic.find("{r}") != std::string_view::npos;
    std::vector<int> lines;
    if (reads_result || symbolic.find("{a}") != std::string_view::npos) lines = a->lines;
    if (reads_result || symbolic.find("{b}") != std::string_view::npos)
      lines = merged(lines, b->lines);
    return lines;
  };
  if (a->varies) {
    r.derivative = rule.partial_a(a->value, b->value, r.value) * a->derivative;
    r.derivative_lines = merged(a->derivative_lines, partial_lines(rule.symbolic_a));
  }
  if (b->varies && rule.differentiates(1)) {
    r.derivative += rule.partial_b(a->value, b->value, r.value) * b->derivative;
    r.derivative_lines =
        merged(r.derivative_lines, merged(b->derivative_lines, partial_lines(rule.symbolic_b)));
  }
  r.varies = a->varies || b->varies;
  return r;
}

// The author's number for d(of)/d(wrt), unless `of` has a new value in this context (the
// number describes the old one).
template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::claimed_derivative(int of, int wrt,
                                                                     int context) const {
  if (owner(context, of) != 0) return std::nullopt;
  auto found = claimed_derivatives_.find({of, wrt});
  if (found == claimed_derivatives_.end()) return std::nullopt;
  return HandValue<T>{found->second.value, T(0), {found->second.line}};
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::derivative(const Expr& e, int context, int seed) {
  // Differentiating a derivative (seeded, or d(dE/dw5)/dw1) is not done by hand.
  if (seed >= 0 || !e.operands.empty()) return std::nullopt;
  auto of = static_cast<int>(d_.index.at(e.names[0]));
  auto wrt = static_cast<int>(d_.index.at(e.names[1]));
  if (auto claimed = claimed_derivative(of, wrt, context)) return claimed;
  if (wrt > of) return HandValue<T>{T(0), T(0), {}};
  // Every value the local partials read, asked for at once rather than one per attempt.
  for (int x = wrt + 1; x <= of; ++x)
    for (int a : direct_[x]) need(context, a);
  if (!needed_.empty()) return std::nullopt;
  return expansion_ == Expansion::Upward ? expand_upward(of, wrt, context)
                                         : expand_downward(of, wrt, context);
}

// The context in which substitution `e` (expression `id`) evaluated in `context` computes
// its base: the replaced names and every name between them and the base that mentions a
// changed name are changed. Made once per (context, substitution).
template <class T>
std::optional<int> HandRecomputation<T>::child(const Expr& e, ExprId id, int context) {
  if (auto found = children_.find({context, id}); found != children_.end()) return found->second;
  std::vector<int> replaced;
  for (const std::string& n : e.names) replaced.push_back(static_cast<int>(d_.index.at(n)));
  std::vector<int> seen = names_in(d_.document, e.operands[0], d_.index, true);
  seen.insert(seen.end(), replaced.begin(), replaced.end());
  const int low = *std::min_element(replaced.begin(), replaced.end());
  const int high = *std::max_element(seen.begin(), seen.end());
  if (!charge(static_cast<std::uint64_t>(high - low + 1) + seen.size())) return std::nullopt;
  Context c;
  c.parent = context;
  c.low = low;
  c.changed.assign(static_cast<std::size_t>(high - low + 1), false);
  for (int x : replaced) c.changed[x - low] = true;
  for (int x = low; x <= high; ++x) {
    if (c.changed[x - low]) continue;
    c.changed[x - low] = std::any_of(deps_[x].begin(), deps_[x].end(),
                                     [&](int a) { return a >= low && c.changed[a - low]; });
  }
  contexts_.push_back(std::move(c));
  const int index = static_cast<int>(contexts_.size());
  children_.emplace(std::pair{context, id}, index);
  return index;
}

// base[n := e, ...] by hand: the replaced names take e recomputed in the enclosing context,
// and every name that depends on them is recomputed from its definition (the author's
// numbers for the old values no longer apply to the new ones).
template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::substitute(const Expr& e, ExprId id, int context,
                                                             int seed) {
  if (seed >= 0) return std::nullopt;
  auto index = child(e, id, context);
  if (!index) return std::nullopt;
  Context& c = contexts_[*index - 1];
  if (c.result) return *c.result;
  if (!c.replaced) {
    std::vector<Value> values;
    for (std::size_t k = 0; k < e.names.size(); ++k) {
      values.push_back(eval(e.operands[k + 1], context, -1));
      if (!needed_.empty()) return std::nullopt;
      if (!values.back()) return *(c.result = Value{});
    }
    for (std::size_t k = 0; k < e.names.size(); ++k)
      c.values[static_cast<int>(d_.index.at(e.names[k]))] = Slot{State::Done, values[k]};
    c.replaced = true;
  }
  Value v = eval(e.operands[0], *index, -1);
  if (!needed_.empty()) return std::nullopt;
  return *(c.result = std::move(v));
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::local_partial(int x, int a, int context) {
  if (auto claimed = claimed_derivative(x, a, context)) return claimed;
  const auto& def = std::get<Definition>(d_.document.statements[d_.named[x].statement]);
  auto v = eval(def.value, context, a);
  if (!v) return std::nullopt;
  return HandValue<T>{v->derivative, T(0), v->derivative_lines};
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::expand_upward(int of, int wrt, int context) {
  std::vector<std::optional<HandValue<T>>> chain(of - wrt + 1);
  chain[0] = HandValue<T>{T(1), T(0), {}};
  for (int x = wrt + 1; x <= of; ++x) {
    if (auto claimed = claimed_derivative(x, wrt, context)) {
      chain[x - wrt] = std::move(claimed);
      continue;
    }
    for (int a : refs_[x]) {
      if (a < wrt || !chain[a - wrt] || std::pair{x, a} == left_out_edge_) continue;
      auto partial = local_partial(x, a, context);
      if (!partial) return std::nullopt;
      HandValue<T>& sum = chain[x - wrt] ? *chain[x - wrt] : chain[x - wrt].emplace();
      sum.value += partial->value * chain[a - wrt]->value;
      sum.lines = merged(merged(sum.lines, partial->lines), chain[a - wrt]->lines);
    }
  }
  if (!chain[of - wrt]) return HandValue<T>{T(0), T(0), {}};
  return chain[of - wrt];
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::expand_downward(int of, int wrt, int context) {
  std::vector<std::optional<HandValue<T>>> chain(of - wrt + 1);
  chain[of - wrt] = HandValue<T>{T(1), T(0), {}};
  for (int y = of - 1; y >= wrt; --y) {
    if (auto claimed = claimed_derivative(of, y, context)) {
      chain[y - wrt] = std::move(claimed);
      continue;
    }
    for (int c : users_[y]) {
      if (c > of || !chain[c - wrt] || std::pair{c, y} == left_out_edge_) continue;
      auto partial = local_partial(c, y, context);
      if (!partial) return std::nullopt;
      HandValue<T>& sum = chain[y - wrt] ? *chain[y - wrt] : chain[y - wrt].emplace();
      sum.value += chain[c - wrt]->value * partial->value;
      sum.lines = merged(merged(sum.lines, partial->lines), chain[c - wrt]->lines);
    }
  }
  if (!chain[0]) return HandValue<T>{T(0), T(0), {}};
  return chain[0];
}

template class HandRecomputation<double>;
template class HandRecomputation<engine::Real>;
template class HandRecomputation<engine::Certified>;

}  // namespace chainrule::verify
