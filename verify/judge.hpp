// Verdicts on the claims of a derivation file, with the diagnoses that explain wrong ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/published.hpp"

namespace chainrule::verify {

// TooManyPaths: a derivative term the claim depends on has more chain-rule paths than the
// missing-paths diagnosis tries (path_count says how many); the claim is still `wrong`.
enum class DiagnosisKind { None, MissingPaths, Sign, CarriedRounding, TooManyPaths };

struct Diagnosis {
  DiagnosisKind kind = DiagnosisKind::None;
  std::string derivative;                      // missing-paths: the derivative term, "dE/dw1"
  std::vector<std::vector<std::string>> kept;  // missing-paths: chains of names, top first
  std::vector<std::vector<std::string>> left_out;
  std::vector<int> using_lines;  // carried-rounding: the earlier claims it used
  std::uint64_t path_count = 0;  // too-many-paths: saturates above kMaxCountedPaths
};

template <class T>
struct Judgement {
  std::size_t claim = 0;  // index into Derivation::claim_nodes
  Verdict verdict = Verdict::Wrong;
  T value;
  Published<T> published;
  Diagnosis diagnosis;
  // Whether every comparison behind the verdict was certain and the value has the digits the
  // report prints (always, for number types without intervals); for an Undecided verdict, the
  // highest precision tried, in significant digits.
  bool settled = true;
  int undecided_digits = 0;
};

// Paths counted before the missing-paths diagnosis gives up (the spec's bound).
inline constexpr std::uint64_t kMaxDiagnosedPaths = 16;
// Paths counted exactly, for the too-many-paths note.
inline constexpr std::uint64_t kMaxCountedPaths = 1'000'000'000'000'000'000;
// Work the missing-paths diagnosis may do for one derivative term, in node visits: counting
// paths costs a sweep per named node on them, trying subsets a re-evaluation per subset.
inline constexpr std::uint64_t kMaxPathDiagnosisVisits = 20'000'000;

// Judges every claim. Takes the derivation by reference because the missing-paths diagnosis
// re-evaluates claims with one derivative's value pinned; values are restored afterwards.
// With T = Certified the verdicts are exact: claims not settled at d's precision are judged
// again at higher precisions (verify/certify.hpp), and are Undecided past the budget.
template <class T>
std::vector<Judgement<T>> judge(Derivation<T>& d);
// One claim at d's precision, `settled` telling whether that precision sufficed.
template <class T>
Judgement<T> judge_one(Derivation<T>& d, std::size_t k);

struct Summary {
  int ok = 0, truncated = 0, carried_rounding = 0, last_digit = 0, wrong = 0, undecided = 0;
  int total() const { return ok + truncated + carried_rounding + last_digit + wrong + undecided; }
};

template <class T>
Summary summarize(const std::vector<Judgement<T>>& judgements) {
  Summary s;
  for (const auto& j : judgements) {
    switch (j.verdict) {
      case Verdict::Ok: ++s.ok; break;
      case Verdict::Truncated: ++s.truncated; break;
      case Verdict::CarriedRounding: ++s.carried_rounding; break;
      case Verdict::LastDigit: ++s.last_digit; break;
      case Verdict::Wrong: ++s.wrong; break;
      case Verdict::Undecided: ++s.undecided; break;
    }
  }
  return s;
}

}  // namespace chainrule::verify
