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

// The named positions an expression mentions by name (not inside derivative terms).
std::vector<int> names_in(const Document& doc, ExprId root,
                          const std::unordered_map<std::string, std::size_t>& index) {
  std::vector<int> found;
  std::vector<ExprId> pending{root};
  while (!pending.empty()) {
    const Expr& e = doc.at(pending.back());
    pending.pop_back();
    if (e.kind == ExprKind::Name) found.push_back(static_cast<int>(index.at(e.text)));
    pending.insert(pending.end(), e.operands.begin(), e.operands.end());
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace

template <class T>
HandRecomputation<T>::HandRecomputation(const Derivation<T>& d, int line, Expansion expansion)
    : d_(d), expansion_(expansion), refs_(d.named.size()), users_(d.named.size()) {
  for (std::size_t x = 0; x < d.named.size(); ++x) {
    const auto& def = std::get<Definition>(d.document.statements[d.named[x].statement]);
    if (def.is_input) continue;
    refs_[x] = names_in(d.document, def.value, d.index);
    for (int a : refs_[x]) users_[a].push_back(static_cast<int>(x));
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
  env_.resize(d.named.size());
  for (std::size_t x = 0; x < d.named.size(); ++x) {
    const auto& def = std::get<Definition>(d.document.statements[d.named[x].statement]);
    if (def.pos.line > line) break;
    env_[x] = define(static_cast<int>(x), env_, true);
  }
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::evaluate(ExprId expr) const {
  return eval(expr, env_, -1);
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::define(int x, const Env& env,
                                                         bool use_claims) const {
  if (use_claims) {
    if (auto found = claimed_values_.find(x); found != claimed_values_.end())
      return HandValue<T>{found->second.value, T(0), {found->second.line}};
  }
  const NamedValue& named = d_.named[x];
  if (named.is_input) return HandValue<T>{d_.tape.value(named.node), T(0), {}};
  return eval(std::get<Definition>(d_.document.statements[named.statement]).value, env, -1);
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::eval(ExprId id, const Env& env, int seed) const {
  const Expr& e = d_.document.at(id);
  switch (e.kind) {
    case ExprKind::Number:
      return HandValue<T>{engine::parse_decimal<T>(e.text), T(0), {}};
    case ExprKind::Name: {
      auto x = static_cast<int>(d_.index.at(e.text));
      if (!env[x]) return std::nullopt;
      HandValue<T> v = *env[x];
      v.derivative = x == seed ? 1 : 0;
      v.derivative_lines.clear();
      v.varies = x == seed;
      return v;
    }
    case ExprKind::Derivative:
      return derivative(e, env, seed);
    case ExprKind::Substitution:
      return substitute(e, env, seed);
    default:
      return apply(e, env, seed);
  }
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
std::optional<HandValue<T>> HandRecomputation<T>::apply(const Expr& e, const Env& env,
                                                        int seed) const {
  engine::Op op = op_of(e);
  auto a = eval(e.operands[0], env, seed);
  if (!a) return std::nullopt;
  std::optional<HandValue<T>> b = HandValue<T>{T(0), T(0), {}};
  if (e.operands.size() > 1) {
    b = eval(e.operands[1], env, seed);
    if (!b) return std::nullopt;
    if (op == engine::Op::Power && is_constant(e.operands[1])) op = engine::Op::PowerConstant;
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
  if (b->varies && rule.arity == 2 && op != engine::Op::PowerConstant) {
    r.derivative += rule.partial_b(a->value, b->value, r.value) * b->derivative;
    r.derivative_lines =
        merged(r.derivative_lines, merged(b->derivative_lines, partial_lines(rule.symbolic_b)));
  }
  r.varies = a->varies || b->varies;
  return r;
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::derivative(const Expr& e, const Env& env,
                                                             int seed) const {
  // Differentiating a derivative (seeded, or d(dE/dw5)/dw1) is not done by hand.
  if (seed >= 0 || !e.operands.empty()) return std::nullopt;
  auto of = static_cast<int>(d_.index.at(e.names[0]));
  auto wrt = static_cast<int>(d_.index.at(e.names[1]));
  if (auto found = claimed_derivatives_.find({of, wrt}); found != claimed_derivatives_.end())
    return HandValue<T>{found->second.value, T(0), {found->second.line}};
  return expansion_ == Expansion::Upward ? expand_upward(of, wrt, env)
                                         : expand_downward(of, wrt, env);
}

// base[n := e, ...] by hand: the replaced names take the recomputed e, and every name that
// depends on them is recomputed from its definition (the author's numbers for the old
// values no longer apply to the new ones).
template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::substitute(const Expr& e, const Env& env,
                                                             int seed) const {
  if (seed >= 0) return std::nullopt;
  Env changed_env = env;
  std::vector<bool> changed(env.size(), false);
  int low = static_cast<int>(env.size());
  for (std::size_t k = 0; k < e.names.size(); ++k) {
    auto x = static_cast<int>(d_.index.at(e.names[k]));
    changed_env[x] = eval(e.operands[k + 1], env, -1);
    if (!changed_env[x]) return std::nullopt;
    changed[x] = true;
    low = std::min(low, x);
  }
  for (auto x = static_cast<std::size_t>(low) + 1; x < env.size(); ++x) {
    if (changed[x] || !changed_env[x]) continue;
    if (std::none_of(refs_[x].begin(), refs_[x].end(), [&](int a) { return changed[a]; })) continue;
    changed_env[x] = define(static_cast<int>(x), changed_env, false);
    if (!changed_env[x]) return std::nullopt;
    changed[x] = true;
  }
  return eval(e.operands[0], changed_env, -1);
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::local_partial(int x, int a,
                                                                const Env& env) const {
  if (auto found = claimed_derivatives_.find({x, a}); found != claimed_derivatives_.end())
    return HandValue<T>{found->second.value, T(0), {found->second.line}};
  const auto& def = std::get<Definition>(d_.document.statements[d_.named[x].statement]);
  auto v = eval(def.value, env, a);
  if (!v) return std::nullopt;
  return HandValue<T>{v->derivative, T(0), v->derivative_lines};
}

template <class T>
std::optional<HandValue<T>> HandRecomputation<T>::expand_upward(int of, int wrt,
                                                                const Env& env) const {
  if (wrt > of) return HandValue<T>{T(0), T(0), {}};
  std::vector<std::optional<HandValue<T>>> chain(of - wrt + 1);
  chain[0] = HandValue<T>{T(1), T(0), {}};
  for (int x = wrt + 1; x <= of; ++x) {
    if (auto found = claimed_derivatives_.find({x, wrt}); found != claimed_derivatives_.end()) {
      chain[x - wrt] = HandValue<T>{found->second.value, T(0), {found->second.line}};
      continue;
    }
    for (int a : refs_[x]) {
      if (a < wrt || !chain[a - wrt]) continue;
      auto partial = local_partial(x, a, env);
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
std::optional<HandValue<T>> HandRecomputation<T>::expand_downward(int of, int wrt,
                                                                  const Env& env) const {
  if (wrt > of) return HandValue<T>{T(0), T(0), {}};
  std::vector<std::optional<HandValue<T>>> chain(of - wrt + 1);
  chain[of - wrt] = HandValue<T>{T(1), T(0), {}};
  for (int y = of - 1; y >= wrt; --y) {
    if (auto found = claimed_derivatives_.find({of, y}); found != claimed_derivatives_.end()) {
      chain[y - wrt] = HandValue<T>{found->second.value, T(0), {found->second.line}};
      continue;
    }
    for (int c : users_[y]) {
      if (c > of || !chain[c - wrt]) continue;
      auto partial = local_partial(c, y, env);
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
