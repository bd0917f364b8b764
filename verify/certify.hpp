// Exact verdicts from intervals (Ziv's strategy): a claim whose verdict or printed digits are
// not certain at the derivation's precision is judged again, compiled anew at twice the
// precision, until it is certain or the budget is spent; then its verdict is Undecided.
#pragma once

#include <algorithm>
#include <vector>

#include "engine/certified.hpp"
#include "verify/derivation.hpp"
#include "verify/published.hpp"

namespace chainrule::verify {

template <class T>
struct Judgement;

// The budget: precision doubles at most this many times, and never beyond kMaxCertifiedDigits.
inline constexpr int kMaxPrecisionDoublings = 4;
inline constexpr int kMaxCertifiedDigits = 100'000;

// Ziv's strategy in a command that prints values (eval, grad, explain, train's end state): the
// working digits (guard digits not counted) of the next try, twice those the last try
// computed at, and whether another try is within the budget after `raises` of them.
inline int raised_digits(int working_digits) {
  return std::min(2 * (working_digits + engine::kGuardDigits), kMaxCertifiedDigits);
}
inline bool may_raise(int raises, int working_digits) {
  return raises < kMaxPrecisionDoublings && working_digits < kMaxCertifiedDigits;
}

// Whether every named value of `d` has `digits` certain significant digits.
bool named_values_certain(const Derivation<engine::Certified>& d, int digits);

// The significant digits of a claim's value the report prints: four beyond the published (the
// table), and the working digits (--json). Settled claims have all of them certain.
int reported_digits();
template <class T>
int shown_digits(const Published<T>& c) {
  return std::max(c.digits + 4, reported_digits());
}

// The digits to start a check at: the working digits, or more when a claim publishes more
// (a 100-digit claim of 1/3 is judged at 100 digits and more), with the guard digits.
int starting_digits(const Document& document, int working_digits);

// compile_within_limits at starting_digits; a domain error that an undecided comparison led to
// (log of an interval that still reaches 0) is compiled again at twice the precision, within
// the budget.
CompileResult<engine::Certified> compile_certified(Document document, int working_digits,
                                                   RecordPolicy policy = RecordPolicy::AsNeeded);

// Judges again, at higher precisions (the file compiled anew with d's policy), every judgement
// that is not settled; those still not settled within the budget become Undecided, with the
// highest precision tried.
void settle(const Derivation<engine::Certified>& d,
            std::vector<Judgement<engine::Certified>>& judgements);

}  // namespace chainrule::verify
