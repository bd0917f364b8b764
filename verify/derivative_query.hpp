// A derivative term given on the command line ("dE/dw5", "d(out_y1)/d(y1)", "d(dE/dw5)/dw1")
// resolved against a compiled derivation, as the explanation commands take it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/names.hpp"  // derivative_text
#include "verify/outcome.hpp"

namespace chainrule::verify {

struct DerivativeQuery {
  NodeIndex of = engine::kNoNode;   // a named node, or the recorded node of an inner derivative
  NodeIndex wrt = engine::kNoNode;  // a named node
  std::string of_text;              // "E", or "dE/dw5" for an inner derivative
  std::string wrt_text;             // "w1"
};

// Reads TEXT with the file format's rules for derivative terms (either side may drop its
// parentheses when the bare word is not itself a defined name). An inner derivative,
// d(dE/dw5)/dw1, is recorded on the derivation's tape so that it can be differentiated.
// An error of kind NotRecorded means that recording would pass through a derivative term of
// the file whose own sweep is not recorded (compile with every derivative recorded, and ask
// again); every other error is about the text itself or the limits.
template <class T>
Outcome<DerivativeQuery> resolve_derivative(Derivation<T>& d, std::string_view text);

// A query read against a parsed file, before it is compiled: the innermost upper side and the
// lower sides from the inside out ("d(dE/dw5)/dw1": E and {w5, w1}); nullopt when it is not a
// derivative term of names the file defines, or nests too deep (resolve_derivative says why).
struct QueryNames {
  std::string of;
  std::vector<std::string> wrts;
};
std::optional<QueryNames> query_names(const Document& document, std::string_view text);

}  // namespace chainrule::verify
