// The op table's symbolic partials ("{b}*{a}^({b} - 1)") read once into small trees, so the
// same text can be built into formulas (engine/formula.hpp) and into tape nodes
// (engine/recorded_sweep.hpp): one statement of each partial serves printing and second
// derivatives.
#pragma once

#include <string>
#include <vector>

#include "engine/op.hpp"

namespace chainrule::engine {

enum class Placeholder : int { A = 0, B = 1, R = 2 };  // {a}, {b}, {r}

struct PartialTemplate {
  enum class Kind { Number, Placeholder, Apply };
  struct Node {
    Kind kind = Kind::Number;
    std::string number;  // Number: the literal, as written ("1", "2")
    Placeholder placeholder = Placeholder::A;
    Op op = Op::Add;  // Apply: Power stands for both power ops
    int a = -1, b = -1;
  };
  std::vector<Node> nodes;
  int root = -1;  // -1 when the op has no partial in that operand
};

// The partial of `op` in operand `which` (0 for a, 1 for b), parsed from the op table. An
// op-table string that does not parse is a programming error and throws std::logic_error.
const PartialTemplate& partial_template(Op op, int which);

// Builds a template bottom-up through `builder`, which provides
//   Id number(const std::string& literal), Id placeholder(Placeholder), Id apply(Op, Id, Id)
// (for one-operand ops the second Id is a default-constructed one and must be ignored).
template <class Builder>
auto instantiate(const PartialTemplate& t, Builder& builder) {
  using Id = decltype(builder.placeholder(Placeholder::A));
  std::vector<Id> built(t.nodes.size());
  // Nodes are stored children first, so one forward loop builds them all.
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    const auto& n = t.nodes[i];
    switch (n.kind) {
      case PartialTemplate::Kind::Number:
        built[i] = builder.number(n.number);
        break;
      case PartialTemplate::Kind::Placeholder:
        built[i] = builder.placeholder(n.placeholder);
        break;
      case PartialTemplate::Kind::Apply:
        built[i] = builder.apply(n.op, built[n.a], n.b < 0 ? Id{} : built[n.b]);
        break;
    }
  }
  return built[t.root];
}

}  // namespace chainrule::engine
