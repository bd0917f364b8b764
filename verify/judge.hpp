// Verdicts on the claims of a derivation file, with the diagnoses that explain wrong ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/path_limits.hpp"
#include "verify/published.hpp"

namespace chainrule::verify {

class IeeeEvaluations;

// The diagnoses of a `wrong` claim, each proved by recomputing the claim with the slip made
// (docs/derivation-files.md, "Verdicts", gives their order). None on a wrong claim: nothing
// fitted (`tried` says how many candidates were compared). TooManyPaths: a derivative term
// the claim depends on has more chain-rule paths than the missing-paths diagnosis tries
// (path_count says how many); the claim is still `wrong`.
enum class DiagnosisKind {
  None,
  MissingPaths,
  Sign,
  Factor,
  Float32,
  Double,
  CarriedRounding,
  CarriedError,
  TooManyPaths
};

// How one local partial of a chain-rule path was written instead of its value p.
enum class FactorSlip {
  LeftOut,       // taken as 1
  Negated,       // -p
  SigmoidValue,  // σ in place of σ' = σ(1 − σ)
  TanhValue,     // tanh a in place of tanh' = 1 − a²
  TanhLinear,    // 1 − a in place of 1 − a²
  Doubled,       // the ½ before a square left out: 2p
  Halved,        // the 2 of a square's derivative left out: p/2
};

inline std::string_view factor_slip_name(FactorSlip slip) {
  switch (slip) {
    case FactorSlip::LeftOut:
      return "left-out";
    case FactorSlip::Negated:
      return "negated";
    case FactorSlip::SigmoidValue:
      return "sigmoid-value";
    case FactorSlip::TanhValue:
      return "tanh-value";
    case FactorSlip::TanhLinear:
      return "tanh-linear";
    case FactorSlip::Doubled:
      return "doubled";
    case FactorSlip::Halved:
      return "halved";
  }
  return "?";
}

struct Diagnosis {
  DiagnosisKind kind = DiagnosisKind::None;
  std::string derivative;  // missing-paths, sign, factor: the derivative term, "dE/dw1"
  std::vector<std::vector<std::string>> kept;  // missing-paths: chains of names, top first
  std::vector<std::vector<std::string>> left_out;
  std::vector<int> using_lines;       // carried-rounding, carried-error: the earlier claims used
  std::vector<int> from_wrong_lines;  // carried-error: those of using_lines that are wrong
  std::uint64_t path_count = 0;       // too-many-paths: saturates above kMaxCountedPaths
  // factor: the local partial ∂factor_of/∂factor_wrt, its formula (plain, as a file writes
  // it, and pretty, as explain prints it) and what was written instead.
  std::string factor_of, factor_wrt, formula, formula_pretty;
  FactorSlip slip = FactorSlip::LeftOut;
  std::uint64_t tried = 0;  // none, too-many-paths: the candidates compared with the claim
  bool stopped = false;     // none, too-many-paths: the search's budget ran out first
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
// Derivative terms the diagnoses look at for one claim: its own first, then the latest.
inline constexpr std::size_t kMaxDiagnosedTerms = 32;
// Factor changes the factor diagnosis tries for one derivative term.
inline constexpr std::uint64_t kMaxFactorCandidates = 256;
// Work the missing-paths and factor diagnoses may do for one derivative term, in node visits:
// counting paths costs a sweep per named node on them, trying subsets a re-evaluation per
// subset.
inline constexpr std::uint64_t kMaxPathDiagnosisVisits = 20'000'000;
// The whole search's budget, in work units: a candidate costs one, plus two per node from the
// derivative term to the claim (the claim recomputed with the term's value replaced). One claim
// may spend a full missing-paths search of a 16-path term and more; a whole `check` spends at
// most kMaxDiagnosisWorkPerFile, so its time is linear in its claims, whatever their number.
inline constexpr std::uint64_t kMaxDiagnosisWorkPerClaim = 100'000;
inline constexpr std::uint64_t kMaxDiagnosisWorkPerFile = 400'000;

// Judges every claim: judge_claim for each, then mark_carried_errors. The derivation is only
// read: the diagnoses recompute a claim with a derivative's value replaced in an overlay of
// their own (engine::Overlay). With T = Certified the verdicts are exact: claims not
// settled at d's precision are judged again at higher precisions (verify/certify.hpp), and
// are Undecided past the budget.
template <class T>
std::vector<Judgement<T>> judge(const Derivation<T>& d);
// One claim at d's precision, `settled` telling whether that precision sufficed.
template <class T>
Judgement<T> judge_one(const Derivation<T>& d, std::size_t k, IeeeEvaluations* ieee = nullptr);

// Claim k of d on its own. A carried rounding is reported as `carried-rounding` even where a
// number it used is wrong: telling the two apart needs the earlier verdicts.
// `ieee` keeps the file's float and double evaluations between calls; without it they are
// computed for this claim alone, if its diagnosis gets that far.
template <class T>
Judgement<T> judge_claim(const Derivation<T>& d, std::size_t k, IeeeEvaluations* ieee = nullptr);

// Turns, in file order, every carried-rounding judgement that used the number of a `wrong` or
// `carried-error` claim into `carried-error`. `judgements` are d's, in claim order.
template <class T>
void mark_carried_errors(const Derivation<T>& d, std::vector<Judgement<T>>& judgements);

struct Summary {
  int ok = 0, truncated = 0, carried_rounding = 0, carried_error = 0, last_digit = 0, wrong = 0,
      undecided = 0;
  int total() const {
    return ok + truncated + carried_rounding + carried_error + last_digit + wrong + undecided;
  }
  // What the exit status counts as wrong: a carried error is as wrong as its source, and an
  // undecided claim was not proved right.
  int counted_wrong() const { return carried_error + wrong + undecided; }
};

template <class T>
Summary summarize(const std::vector<Judgement<T>>& judgements) {
  Summary s;
  for (const auto& j : judgements) {
    switch (j.verdict) {
      case Verdict::Ok:
        ++s.ok;
        break;
      case Verdict::Truncated:
        ++s.truncated;
        break;
      case Verdict::CarriedRounding:
        ++s.carried_rounding;
        break;
      case Verdict::CarriedError:
        ++s.carried_error;
        break;
      case Verdict::LastDigit:
        ++s.last_digit;
        break;
      case Verdict::Wrong:
        ++s.wrong;
        break;
      case Verdict::Undecided:
        ++s.undecided;
        break;
    }
  }
  return s;
}

}  // namespace chainrule::verify
