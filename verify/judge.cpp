#include "verify/judge.hpp"

#include <algorithm>
#include <bit>

#include "engine/paths.hpp"
#include "verify/certify.hpp"
#include "verify/diagnose_common.hpp"
#include "verify/factor.hpp"
#include "verify/hand.hpp"
#include "verify/ieee.hpp"
#include "verify/missing_paths_carried.hpp"

namespace chainrule::verify {

using engine::kNoNode;
using engine::Op;

namespace {

template <class T>
std::optional<Diagnosis> carried_rounding(const Derivation<T>& d, std::size_t k,
                                          const Published<T>& c) {
  const NamedGraph graph = named_graph(d);
  for (Expansion expansion : {Expansion::Upward, Expansion::Downward}) {
    // Proved, or not at all: a hand value that needed a guessed comparison (a relu of a
    // value the intervals cannot place) is no explanation.
    std::optional<HandValue<T>> v;
    const bool carried = proved([&] {
      v = HandRecomputation<T>(d, graph, d.claim(k).pos.line, expansion).evaluate(d.claim(k).expr);
      return v && !v->lines.empty() && rounds_to(v->value, c);
    });
    if (carried) {
      Diagnosis carried = diagnosis_of(DiagnosisKind::CarriedRounding);
      carried.using_lines = v->lines;
      return carried;
    }
  }
  return std::nullopt;
}

// Tries, for one derivative node, every proper non-empty subset of its chain-rule paths,
// keeping as many paths as possible first.
template <class T>
std::optional<Diagnosis> missing_paths_at(const Derivation<T>& d, NodeIndex s, NodeIndex claim_node,
                                          const Published<T>& c, std::uint64_t& tried) {
  const auto [of, wrt] = d.tape.differentiated(s);
  if (wrt > of) return std::nullopt;
  if (!paths_affordable(d, of, wrt)) return std::nullopt;
  auto paths = engine::chain_rule_paths(d.tape, of, wrt, kMaxDiagnosedPaths, kMaxCountedPaths);
  if (!paths.complete()) {
    Diagnosis too_many = diagnosis_of(DiagnosisKind::TooManyPaths);
    too_many.derivative = derivative_text(d.tape.name(of), d.tape.name(wrt));
    too_many.path_count = paths.count;
    return too_many;
  }
  const auto n = static_cast<unsigned>(paths.paths.size());
  if (n < 2) return std::nullopt;
  const std::uint32_t all = (1u << n) - 1;
  engine::Overlay<T> overlay;
  // Each subset re-evaluates the claim from the derivative term up.
  if (claim_node != s && (std::uint64_t{claim_node} - s) * all > kMaxPathDiagnosisVisits)
    return std::nullopt;
  for (unsigned kept = n - 1; kept >= 1; --kept) {
    for (std::uint32_t mask = 1; mask < all; ++mask) {
      if (static_cast<unsigned>(std::popcount(mask)) != kept) continue;
      T sum(0);
      for (unsigned i = 0; i < n; ++i)
        if (mask & (1u << i)) sum += paths.paths[i].product;
      if (!try_candidate(tried, replaced_cost(s, claim_node))) return std::nullopt;
      if (!proved([&] { return rounds_to(value_with(d, s, claim_node, sum, overlay), c); }))
        continue;
      Diagnosis found = diagnosis_of(DiagnosisKind::MissingPaths);
      found.derivative = derivative_text(d.tape.name(of), d.tape.name(wrt));
      for (unsigned i = 0; i < n; ++i)
        (mask & (1u << i) ? found.kept : found.left_out)
            .push_back(path_names(d.tape, paths.paths[i].nodes));
      return found;
    }
  }
  return std::nullopt;
}

// The derivative terms the claim depends on, its own first, then the latest first.
template <class T>
std::vector<NodeIndex> derivative_terms(const Derivation<T>& d, NodeIndex claim_node) {
  auto s = engine::sweep(d.tape, claim_node);
  std::vector<NodeIndex> terms;
  for (NodeIndex i = claim_node + 1; i-- > 0 && terms.size() < kMaxDiagnosedTerms;)
    if (d.tape.op(i) == Op::Derivative && s.depends_on(i)) terms.push_back(i);
  return terms;
}

// The derivative term `s` entering the claim with its sign flipped.
template <class T>
std::optional<Diagnosis> flipped_sign(const Derivation<T>& d, NodeIndex s, NodeIndex claim_node,
                                      const Published<T>& c, std::uint64_t& tried) {
  if (d.tape.value(s) == T(0)) return std::nullopt;
  if (!try_candidate(tried, replaced_cost(s, claim_node))) return std::nullopt;
  engine::Overlay<T> overlay;
  if (!proved(
          [&] { return rounds_to(value_with(d, s, claim_node, T(-d.tape.value(s)), overlay), c); }))
    return std::nullopt;
  Diagnosis sign = diagnosis_of(DiagnosisKind::Sign);
  sign.derivative = derivative_text(d, s);
  return sign;
}

// The file in IEEE single, then double, rounded to the digits published.
template <class T>
std::optional<Diagnosis> ieee_arithmetic(const Derivation<T>& d, std::size_t k,
                                         IeeeEvaluations& ieee, const Published<T>& c,
                                         std::uint64_t& tried) {
  const IeeeValues& values = ieee.of(d.document);
  for (const auto& [kind, claims] : {std::pair{DiagnosisKind::Float32, &values.float32},
                                     std::pair{DiagnosisKind::Double, &values.float64}}) {
    if (!*claims) continue;
    if (!try_candidate(tried)) return std::nullopt;
    const auto* computed = claims;  // clang 14 cannot capture a structured binding
    if (proved([&] { return rounds_to(T((**computed)[k]), c); })) return diagnosis_of(kind);
  }
  return std::nullopt;
}

// The diagnoses of a wrong claim in their documented order (docs/derivation-files.md,
// "Verdicts"); the first that fits is returned. Without one, the first term with too many
// paths to try is noted, or nothing; either way with the count of candidates compared.
template <class T>
Diagnosis diagnose_wrong(const Derivation<T>& d, std::size_t k, const T& v, const Published<T>& c,
                         IeeeEvaluations& ieee) {
  const DiagnosisSearch search;
  start_claim_diagnosis();
  if (diagnosis_work().file >= kMaxDiagnosisWorkPerFile) {
    Diagnosis none = diagnosis_of(DiagnosisKind::None);
    none.stopped = true;  // the file's budget is spent: nothing is looked for at all
    return none;
  }
  const NodeIndex claim_node = d.claim_nodes[k];
  const std::vector<NodeIndex> terms = derivative_terms(d, claim_node);
  std::uint64_t tried = 0;
  std::optional<Diagnosis> too_many;
  for (NodeIndex s : terms) {
    auto found = missing_paths_at(d, s, claim_node, c, tried);
    if (found && found->kind == DiagnosisKind::MissingPaths) return *found;
    if (found && !too_many) too_many = std::move(found);
  }
  for (NodeIndex s : terms)
    if (auto found = missing_paths_carried(d, k, s, c, tried)) return *found;
  for (NodeIndex s : terms)
    if (auto found = flipped_sign(d, s, claim_node, c, tried)) return *found;
  if (try_candidate(tried) && proved([&] { return rounds_to(T(-v), c); }))
    return diagnosis_of(DiagnosisKind::Sign);
  for (NodeIndex s : terms)
    if (auto found = factor_slip(d, s, claim_node, c, tried)) return *found;
  if (auto found = ieee_arithmetic(d, k, ieee, c, tried)) return *found;
  Diagnosis none = too_many ? *too_many : diagnosis_of(DiagnosisKind::None);
  none.tried = tried;
  none.stopped = diagnosis_work().stopped;
  return none;
}

}  // namespace

template <class T>
Judgement<T> judge_claim(const Derivation<T>& d, std::size_t k, IeeeEvaluations* ieee) {
  Judgement<T> j{k,
                 Verdict::Wrong,
                 d.tape.value(d.claim_nodes[k]),
                 read_published<T>(d.claim(k).published),
                 {}};
  if (rounds_to(j.value, j.published)) {
    j.verdict = Verdict::Ok;
  } else if (truncates_to(j.value, j.published)) {
    j.verdict = Verdict::Truncated;
  } else if (auto carried = carried_rounding(d, k, j.published)) {
    j.verdict = Verdict::CarriedRounding;
    j.diagnosis = *carried;
  } else if (within_one_unit(j.value, j.published)) {
    j.verdict = Verdict::LastDigit;
  } else {
    IeeeEvaluations own;
    j.diagnosis = diagnose_wrong(d, k, j.value, j.published, ieee ? *ieee : own);
  }
  return j;
}

template <class T>
void mark_carried_errors(const Derivation<T>& d, std::vector<Judgement<T>>& judgements) {
  // Lines whose claim is wrong so far; two claims on one line share it.
  std::vector<int> wrong_lines;
  for (auto& j : judgements) {
    const int line = d.claim(j.claim).pos.line;
    if (j.verdict == Verdict::CarriedRounding) {
      std::vector<int> from_wrong;
      for (int used : j.diagnosis.using_lines)
        if (std::find(wrong_lines.begin(), wrong_lines.end(), used) != wrong_lines.end())
          from_wrong.push_back(used);
      if (!from_wrong.empty()) {
        j.verdict = Verdict::CarriedError;
        j.diagnosis.kind = DiagnosisKind::CarriedError;
        j.diagnosis.from_wrong_lines = std::move(from_wrong);
      }
    }
    if (j.verdict == Verdict::Wrong || j.verdict == Verdict::CarriedError)
      wrong_lines.push_back(line);
  }
}

template <class T>
Judgement<T> judge_one(const Derivation<T>& d, std::size_t k, IeeeEvaluations* ieee) {
  const std::uint64_t undecided_before = engine::undecided_comparisons();
  Judgement<T> j = judge_claim(d, k, ieee);
  j.settled =
      engine::undecided_comparisons() == undecided_before &&
      engine::certain_digits(j.value, shown_digits(j.published)) >= shown_digits(j.published);
  return j;
}

template <class T>
std::vector<Judgement<T>> judge(const Derivation<T>& d) {
  start_file_diagnoses();
  std::vector<Judgement<T>> judgements;
  IeeeEvaluations ieee;
  for (std::size_t k = 0; k < d.claim_nodes.size(); ++k)
    judgements.push_back(judge_one(d, k, &ieee));
  if constexpr (std::is_same_v<T, engine::Certified>) settle(d, judgements);
  mark_carried_errors(d, judgements);
  return judgements;
}

#define CHAINRULE_INSTANTIATE_JUDGE(T)                                                       \
  template std::vector<Judgement<T>> judge<T>(const Derivation<T>&);                         \
  template Judgement<T> judge_one<T>(const Derivation<T>&, std::size_t, IeeeEvaluations*);   \
  template Judgement<T> judge_claim<T>(const Derivation<T>&, std::size_t, IeeeEvaluations*); \
  template void mark_carried_errors<T>(const Derivation<T>&, std::vector<Judgement<T>>&);

CHAINRULE_INSTANTIATE_JUDGE(double)
CHAINRULE_INSTANTIATE_JUDGE(engine::Real)
CHAINRULE_INSTANTIATE_JUDGE(engine::Certified)

}  // namespace chainrule::verify
