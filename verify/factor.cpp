#include "verify/factor.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "verify/diagnose_common.hpp"
#include "verify/explain.hpp"

namespace chainrule::verify {

using engine::kNoNode;
using engine::Op;

namespace {

template <class T>
bool is_square(const engine::Tape<T>& tape, NodeIndex i) {
  const auto operands = tape.operands(i);
  if (tape.op(i) == Op::Multiply) return operands[0] == operands[1];
  return (tape.op(i) == Op::PowerConstant || tape.op(i) == Op::Power) &&
         tape.op(operands[1]) == Op::Constant && tape.value(operands[1]) == T(2);
}

// Whether the local partial ∂x/∂y passes a square: an anonymous node (or x itself) computed
// from y and feeding x through anonymous nodes only.
template <class T>
bool square_between(const engine::Tape<T>& tape, NodeIndex x, NodeIndex y) {
  auto inside = [&](NodeIndex i) { return i == x || !tape.has_name(i); };
  auto operand_in = [&](NodeIndex i, const std::vector<std::uint8_t>& flags) {
    const auto operands = tape.operands(i);
    return std::any_of(operands.begin(), operands.end(),
                       [&](NodeIndex a) { return a >= y && flags[a - y]; });
  };
  std::vector<std::uint8_t> from_y(x - y + 1, 0), into_x(x - y + 1, 0);
  from_y[0] = 1;
  for (NodeIndex i = y + 1; i <= x; ++i) {
    if (!inside(i) || tape.is_leaf(i) || tape.op(i) == Op::Derivative) continue;
    from_y[i - y] = operand_in(i, from_y);
  }
  into_x[x - y] = 1;
  for (NodeIndex i = x + 1; i-- > y + 1;) {
    if (!into_x[i - y] || !inside(i) || tape.is_leaf(i) || tape.op(i) == Op::Derivative) continue;
    if (is_square(tape, i) && from_y[i - y]) return true;
    for (NodeIndex a : tape.operands(i))
      if (a > y) into_x[a - y] = 1;
  }
  return false;
}

// The slips that apply to ∂x/∂y = p, each with the value written instead.
template <class T>
std::vector<std::pair<FactorSlip, T>> slips(const engine::Tape<T>& tape, NodeIndex x, NodeIndex y,
                                            const T& p) {
  // For p = −1, taking it as 1 is the same number as negating it, and reads as a sign slip.
  std::vector<std::pair<FactorSlip, T>> out{{FactorSlip::Negated, T(-p)}};
  if (p != T(-1)) out.emplace_back(FactorSlip::LeftOut, T(1));
  const T& a = tape.value(x);
  // p carries σ′ = a(1 − a) (or tanh′ = 1 − a²) as a factor; replacing it divides that out.
  if (tape.op(x) == Op::Sigmoid && a != T(1))
    out.emplace_back(FactorSlip::SigmoidValue, p / (T(1) - a));
  if (tape.op(x) == Op::Tanh && a != T(1) && a != T(-1)) {
    out.emplace_back(FactorSlip::TanhValue, p * a / (T(1) - a * a));
    out.emplace_back(FactorSlip::TanhLinear, p / (T(1) + a));
  }
  if (square_between(tape, x, y)) {
    out.emplace_back(FactorSlip::Doubled, p * T(2));
    out.emplace_back(FactorSlip::Halved, p / T(2));
  }
  return out;
}

// One named local partial on the paths: its value, formula, and K (see factor.hpp).
template <class T>
struct PathFactor {
  NodeIndex from = kNoNode, to = kNoNode;
  T partial;
  T others;  // K
  engine::TermId formula = engine::kNoTerm;
};

// Every distinct ∂X/∂Y on the explained paths, top of the first path first.
template <class T>
std::vector<PathFactor<T>> path_factors(const Explanation<T>& e) {
  std::vector<PathFactor<T>> factors;
  std::map<std::pair<NodeIndex, NodeIndex>, std::size_t> at;
  for (const auto& path : e.paths) {
    for (std::size_t k = 0; k < path.steps.size(); ++k) {
      const auto& step = path.steps[k];
      T others(1);
      for (std::size_t m = 0; m < path.steps.size(); ++m)
        if (m != k) others *= path.steps[m].value;
      auto [found, fresh] = at.try_emplace({step.from, step.to}, factors.size());
      if (fresh) factors.push_back({step.from, step.to, step.value, T(0), step.formula});
      factors[found->second].others += others;
    }
  }
  return factors;
}

int pass_of(FactorSlip slip) {
  if (slip == FactorSlip::LeftOut) return 1;
  return slip == FactorSlip::Negated ? 2 : 0;
}

template <class T>
Diagnosis described(const Derivation<T>& d, NodeIndex s, const Explanation<T>& e,
                    const PathFactor<T>& f, FactorSlip slip) {
  Diagnosis found = diagnosis_of(DiagnosisKind::Factor);
  found.derivative = derivative_text(d, s);
  found.factor_of = std::string(d.tape.name(f.from));
  found.factor_wrt = std::string(d.tape.name(f.to));
  found.formula = e.formulas->formula().text(f.formula, engine::FormulaStyle::Plain);
  found.formula_pretty = e.formulas->formula().text(f.formula, engine::FormulaStyle::Pretty);
  found.slip = slip;
  return found;
}

// The paths of d(of)/d(wrt) with their factors, or nullopt when there are none to name a
// factor in: no path listed, a derivative term without its sweep on the way, or local
// partials' formulas too large to build.
template <class T>
std::optional<Explanation<T>> explained_paths(const Derivation<T>& d, NodeIndex of, NodeIndex wrt) {
  try {
    auto e = explain(d, of, wrt, kMaxDiagnosedPaths);
    if (!e || e->paths.empty()) return std::nullopt;
    return std::move(*e);
  } catch (const engine::FormulaTooLarge&) {
    return std::nullopt;
  }
}

}  // namespace

template <class T>
std::optional<Diagnosis> factor_slip(const Derivation<T>& d, NodeIndex s, NodeIndex claim_node,
                                     const Published<T>& c, std::uint64_t& tried) {
  const auto [of, wrt] = d.tape.differentiated(s);
  if (wrt > of) return std::nullopt;
  if (!paths_affordable(d, of, wrt)) return std::nullopt;
  const auto e = explained_paths(d, of, wrt);
  if (!e) return std::nullopt;
  const T derivative = d.tape.value(s);
  const auto factors = path_factors(*e);
  std::uint64_t candidates = 0;
  engine::Overlay<T> overlay;
  // The slips particular to an op first (rarer, so more telling when one fits), then a
  // factor left out, then one negated; within each, the factors top first.
  for (int pass = 0; pass < 3; ++pass) {
    for (const PathFactor<T>& f : factors) {
      for (const auto& [slip, written] : slips(d.tape, f.from, f.to, f.partial)) {
        if (pass_of(slip) != pass || written == f.partial || f.others == T(0)) continue;
        if (++candidates > kMaxFactorCandidates) return std::nullopt;
        if (!try_candidate(tried, replaced_cost(s, claim_node))) return std::nullopt;
        const T changed = derivative + (written - f.partial) * f.others;
        if (proved([&] { return rounds_to(value_with(d, s, claim_node, changed, overlay), c); }))
          return described(d, s, *e, f, slip);
      }
    }
  }
  return std::nullopt;
}

template std::optional<Diagnosis> factor_slip<double>(const Derivation<double>&, NodeIndex,
                                                      NodeIndex, const Published<double>&,
                                                      std::uint64_t&);
template std::optional<Diagnosis> factor_slip<engine::Real>(const Derivation<engine::Real>&,
                                                            NodeIndex, NodeIndex,
                                                            const Published<engine::Real>&,
                                                            std::uint64_t&);
template std::optional<Diagnosis> factor_slip<engine::Certified>(
    const Derivation<engine::Certified>&, NodeIndex, NodeIndex, const Published<engine::Certified>&,
    std::uint64_t&);

}  // namespace chainrule::verify
