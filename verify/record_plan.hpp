// Which derivative terms compile() records on the tape (their reverse sweep as nodes, which
// makes them differentiable again), decided from the syntax tree before any node is made.
#pragma once

#include <set>
#include <span>
#include <string>
#include <string_view>

#include "verify/syntax.hpp"

namespace chainrule::verify {

// How compile() treats derivative terms, chosen once by the caller:
enum class RecordPolicy {
  None,      // none recorded: a derivative of a derivative term is an error
  AsNeeded,  // those that a later derivative term of the file differentiates through
  All,       // every one, so that anything can be differentiated again (second derivatives
             // asked for on the command line); costs a few nodes per node swept
};

// The derivative terms (their Derivative expressions) that AsNeeded records. A derivative
// term d(A)/d(B) that differentiates through an unrecorded one needs it recorded; so do the
// other unrecorded derivative terms its sweep passes that were made after B, since they may
// depend on B. Terms nested more than kMaxDerivativeNesting deep through definitions are left
// unrecorded: compile() reports the term that would need them.
std::set<ExprId> terms_to_record(const Document& document);

// For commands that differentiate what the file defines, so that they can choose the policy
// before compiling: whether, compiled with `policy`, the derivative would need a derivative
// term of the file whose sweep is not recorded (compile with RecordPolicy::All then). False
// when a name is not defined, or when the file itself does not compile with `policy`: the
// command reports that as it is.
//
// d(of)/d(wrts[0]), and each derivative of it in turn: d(d(of)/d(wrts[0]))/d(wrts[1]), ...
bool passes_unrecorded_term(const Document& document, RecordPolicy policy, std::string_view of,
                            std::span<const std::string> wrts);
// The gradient of `of`: one depending on an input (`inputs_only`) or on any node.
bool gradient_passes_unrecorded_term(const Document& document, RecordPolicy policy,
                                     std::string_view of, bool inputs_only);

}  // namespace chainrule::verify
