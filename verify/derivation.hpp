// A derivation file compiled into a graph: one named node per definition, one node per claim.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/tape.hpp"
#include "verify/names.hpp"
#include "verify/outcome.hpp"
#include "verify/record_plan.hpp"
#include "verify/syntax.hpp"

namespace chainrule::verify {

using engine::NodeIndex;

// Where a node of the tape comes from, for error messages.
struct NodeOrigin {
  SourcePos pos;
  int statement = -1;  // index into Document::statements
};

struct NamedValue {
  std::string name;
  NodeIndex node = engine::kNoNode;
  int statement = -1;
  bool is_input = false;
};

template <class T>
struct Derivation {
  Document document;
  engine::Tape<T> tape;
  std::vector<NamedValue> named;                       // in file order
  std::unordered_map<std::string, std::size_t> index;  // name -> position in `named`
  std::vector<NodeIndex> claim_nodes;                  // one per Claim, in file order
  std::vector<int> claim_statements;                   // statement index of each claim
  std::vector<NodeOrigin> origin;                      // one per tape node
  RecordPolicy policy = RecordPolicy::AsNeeded;        // what it was compiled with

  const NamedValue* find(const std::string& name) const;
  NodeIndex node_of(const std::string& name) const { return find(name)->node; }
  const Claim& claim(std::size_t k) const;
};

template <class T>
struct CompileResult {
  std::optional<Derivation<T>> derivation;
  std::vector<Diagnostic> errors;
};

// How deep derivatives may nest (d(d(dE/dw1)/dw1)/dw1 is 3), in a file and on the command
// line alike: each level records the sweep of the one below on the tape.
inline constexpr int kMaxDerivativeNesting = 9;

// Builds the graph of a parsed document and evaluates it at T's current precision, recording
// the sweeps of the derivative terms that `policy` says (verify/record_plan.hpp). Errors:
// derivatives nested too deep, and domain errors (which name the node).
template <class T>
CompileResult<T> compile(Document document, RecordPolicy policy = RecordPolicy::AsNeeded);

// Re-evaluates after leaf values changed; a domain error is an Error at the statement whose
// value left its domain, with compile's message.
template <class T>
Outcome<void> reevaluate(Derivation<T>& derivation);
// The same for only these nodes (ascending), e.g. what one value depends on.
template <class T>
Outcome<void> reevaluate(Derivation<T>& derivation, std::span<const NodeIndex> nodes);

// "'F' is not defined in FILE; did you mean 'E'?": the message for a name a command line
// gives (--of, --loss, --wrt, a derivative's sides) that the file does not define.
template <class T>
std::string not_defined_message(const Derivation<T>& derivation, std::string_view name) {
  std::vector<std::string> names;
  names.reserve(derivation.named.size());
  for (const auto& n : derivation.named) names.push_back(n.name);
  return not_defined_message(name, derivation.document.file, names);
}

}  // namespace chainrule::verify
