// Shared by the diagnoses of wrong claims: how a derivative term is written, and the claim
// recomputed with one derivative term's value replaced.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "engine/certified.hpp"
#include "verify/derivation.hpp"
#include "verify/derivative_query.hpp"
#include "verify/judge.hpp"

namespace chainrule::verify {

// A chain-rule path's nodes by name, as the missing-paths diagnoses report them.
template <class T>
std::vector<std::string> path_names(const engine::Tape<T>& tape,
                                    const std::vector<NodeIndex>& nodes) {
  std::vector<std::string> names;
  for (NodeIndex n : nodes) names.emplace_back(tape.name(n));
  return names;
}

// The derivative node `s` as the file writes it.
template <class T>
std::string derivative_text(const Derivation<T>& d, NodeIndex s) {
  return derivative_text(d.tape.name(d.tape.differentiated(s).of),
                         d.tape.name(d.tape.differentiated(s).wrt));
}

// Whether a diagnosis candidate holds, proved: with certified numbers, a candidate whose
// recomputation met a comparison the intervals could not decide does not hold (a guess is no
// proof). Either way its comparisons are forgotten, since they do not bear on the verdict.
template <class Candidate>
bool proved(Candidate&& holds) {
  const std::uint64_t mark = engine::undecided_comparisons();
  const bool result = holds();
  const bool certain = engine::undecided_comparisons() == mark;
  engine::rewind_undecided_comparisons(mark);
  return result && certain;
}

// The undecided comparisons of a wrong claim's diagnosis search, forgotten at its end: the
// verdict was decided before it began.
class DiagnosisSearch {
 public:
  DiagnosisSearch() : mark_(engine::undecided_comparisons()) {}
  ~DiagnosisSearch() { engine::rewind_undecided_comparisons(mark_); }
  DiagnosisSearch(const DiagnosisSearch&) = delete;
  DiagnosisSearch& operator=(const DiagnosisSearch&) = delete;

 private:
  std::uint64_t mark_;
};

// What the diagnosis search has spent, of kMaxDiagnosisWorkPerClaim and ...PerFile.
struct DiagnosisWork {
  std::uint64_t claim = 0;
  std::uint64_t file = 0;
  bool stopped = false;  // the claim being diagnosed ran out of budget
};
inline DiagnosisWork& diagnosis_work() {
  static thread_local DiagnosisWork work;
  return work;
}
inline void start_file_diagnoses() { diagnosis_work() = {}; }
inline void start_claim_diagnosis() {
  diagnosis_work().claim = 0;
  diagnosis_work().stopped = false;
}

// Charges one candidate of `cost` work units and counts it in `tried`; false, and not
// counted, when the claim's or the file's budget would be exceeded: the caller stops.
inline bool try_candidate(std::uint64_t& tried, std::uint64_t cost = 1) {
  DiagnosisWork& w = diagnosis_work();
  if (w.stopped || w.claim + cost > kMaxDiagnosisWorkPerClaim ||
      w.file + cost > kMaxDiagnosisWorkPerFile) {
    w.stopped = true;
    return false;
  }
  w.claim += cost;
  w.file += cost;
  ++tried;
  return true;
}

// The work of recomputing the claim with the derivative node `s` replaced (value_with).
inline std::uint64_t replaced_cost(NodeIndex s, NodeIndex claim_node) {
  return 1 + 2 * std::uint64_t{claim_node - s};
}

// Whether counting the chain-rule paths from wrt up to of stays within the diagnoses' budget:
// it costs a sweep per named node between them (missing-paths and factor both count them).
template <class T>
bool paths_affordable(const Derivation<T>& d, NodeIndex of, NodeIndex wrt) {
  std::uint64_t named = 0;
  for (NodeIndex i = wrt; i <= of; ++i) named += d.tape.has_name(i) ? 1 : 0;
  return named * (std::uint64_t{of} + 1) <= kMaxPathDiagnosisVisits;
}

inline Diagnosis diagnosis_of(DiagnosisKind kind) {
  Diagnosis dx;
  dx.kind = kind;
  return dx;
}

// The claim's value with the derivative node `s` taking the value `replaced`, computed in
// `overlay` (the caller's, reused between candidates); the tape is only read. A recomputation
// that leaves a domain reads the claim as evaluate() would have left it.
template <class T>
T value_with(const Derivation<T>& d, NodeIndex s, NodeIndex claim_node, const T& replaced,
             engine::Overlay<T>& overlay) {
  if (s == claim_node) return replaced;
  d.tape.evaluate_with(s, replaced, claim_node, overlay);
  return overlay.value(d.tape, claim_node);
}

}  // namespace chainrule::verify
