#include "verify/certify.hpp"

#include <algorithm>

#include "verify/ieee.hpp"
#include "verify/judge.hpp"
#include "verify/limits.hpp"

namespace chainrule::verify {

using engine::Certified;

int starting_digits(const Document& document, int working_digits) {
  int digits = working_digits;
  for (const Statement& statement : document.statements) {
    if (const auto* claim = std::get_if<Claim>(&statement))
      digits = std::max(digits, published_digits(claim->published));
  }
  return std::min(digits, kMaxCertifiedDigits) + engine::kGuardDigits;
}

namespace {
int working_digits_reported = 0;  // set by compile_certified, the one way in
}  // namespace

int reported_digits() { return working_digits_reported; }

CompileResult<Certified> compile_certified(Document document, int working_digits,
                                           RecordPolicy policy) {
  working_digits_reported = working_digits;
  int digits = starting_digits(document, working_digits);
  for (int doubling = 0;; ++doubling) {
    engine::set_certified_digits(digits);
    const std::uint64_t undecided_before = engine::undecided_comparisons();
    auto compiled = compile_within_limits<Certified>(document, {}, policy);
    if (compiled.derivation || engine::undecided_comparisons() == undecided_before ||
        doubling == kMaxPrecisionDoublings || digits >= kMaxCertifiedDigits)
      return compiled;
    digits = std::min(2 * digits, kMaxCertifiedDigits + engine::kGuardDigits);
  }
}

bool named_values_certain(const Derivation<Certified>& d, int digits) {
  return std::all_of(d.named.begin(), d.named.end(), [&](const NamedValue& n) {
    return engine::certain_digits(d.tape.value(n.node), digits) >= digits;
  });
}

namespace {

bool all_settled(const std::vector<Judgement<Certified>>& judgements) {
  return std::all_of(judgements.begin(), judgements.end(),
                     [](const Judgement<Certified>& j) { return j.settled; });
}

}  // namespace

void settle(const Derivation<Certified>& d, std::vector<Judgement<Certified>>& judgements) {
  const int start = engine::certified_digits();
  int digits = start;
  IeeeEvaluations ieee;  // the file in float and double: the same at every precision
  for (int doubling = 0; doubling < kMaxPrecisionDoublings && !all_settled(judgements);
       ++doubling) {
    digits = std::min(2 * digits, kMaxCertifiedDigits + engine::kGuardDigits);
    engine::set_certified_digits(digits);
    auto again = compile_within_limits<Certified>(d.document, {}, d.policy);
    if (!again.derivation) break;  // a domain the lower precision could not tell apart
    for (auto& j : judgements) {
      if (!j.settled) j = judge_one(*again.derivation, j.claim, &ieee);
    }
    if (digits >= kMaxCertifiedDigits) break;
  }
  for (auto& j : judgements) {
    if (j.settled) continue;
    j.verdict = Verdict::Undecided;
    j.diagnosis = {};
    j.undecided_digits = digits;
  }
  engine::set_certified_digits(start);
}

}  // namespace chainrule::verify
