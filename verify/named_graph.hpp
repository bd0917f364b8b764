// Which names each definition of a derivation file mentions: the structure the hand
// recomputation (hand.hpp) expands the chain rule over, computed once per file.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "verify/derivation.hpp"

namespace chainrule::verify {

struct NamedGraph {
  std::vector<std::vector<int>> refs;    // names each definition mentions
  std::vector<std::vector<int>> users;   // definitions that mention each name
  std::vector<std::vector<int>> deps;    // refs, plus the names of its derivative terms
  std::vector<std::vector<int>> direct;  // refs but those only in a substitution's base
};

NamedGraph named_graph(const Document& document, const std::vector<NamedValue>& named,
                       const std::unordered_map<std::string, std::size_t>& index);

template <class T>
NamedGraph named_graph(const Derivation<T>& d) {
  return named_graph(d.document, d.named, d.index);
}

// The positions (in `index`) of the names an expression mentions, sorted, each once; with
// `derivatives` also the sides of its derivative terms (which its value depends on, though
// not as chain-rule paths); without `bases`, not those only in the base of a substitution.
std::vector<int> names_in(const Document& doc, ExprId root,
                          const std::unordered_map<std::string, std::size_t>& index,
                          bool derivatives = false, bool bases = true);

}  // namespace chainrule::verify
