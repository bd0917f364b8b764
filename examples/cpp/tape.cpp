// docs/cpp.md, "The tape": a linear neuron y = w1·x1 + w2·x2 + b as one Dot node, a squared
// error, and one reverse sweep per row into the same Sensitivities. By hand, at w = (0.5,
// −0.25), b = 1, loss (y − t)², gradient 2(y − t)·(x1, x2, 1):
//   row (2, 4) → 0:   y = 1,    loss 1,      gradient (4, 8, 2)
//   row (1, 1) → 1:   y = 1.25, loss 0.0625, gradient (0.5, 0.5, 0.5)
//   row (0, 2) → 0.5: y = 0.5,  loss 0,      gradient (0, 0, 0)
#include <array>
#include <iostream>

#include "engine/tape.hpp"
#include "engine/value.hpp"

int main() {
  using namespace chainrule::engine;
  Tape<double> tape;
  const std::array<NodeIndex, 2> w{tape.input(0.5), tape.input(-0.25)};
  const std::array<NodeIndex, 2> x{tape.input(0), tape.input(0)};
  const NodeIndex b = tape.input(1), t = tape.input(0);
  const NodeIndex y = tape.dot(w, x, b);  // Σ w·x + b: one node, however many terms
  const NodeIndex loss =
      tape.apply(Op::PowerConstant, tape.apply(Op::Subtract, y, t), tape.constant(2));

  const std::array<std::array<double, 3>, 3> rows{{{2, 4, 0}, {1, 1, 1}, {0, 2, 0.5}}};
  Sensitivities<double> s;  // reused: no allocation after the first row
  for (const auto& row : rows) {
    tape.set_value(x[0], row[0]);
    tape.set_value(x[1], row[1]);
    tape.set_value(t, row[2]);
    tape.evaluate();  // on the tape, evaluating after a change is the caller's job
    sweep(tape, loss, s);
    std::cout << "y = " << tape.value(y) << ", loss = " << tape.value(loss) << ", gradient ("
              << s[w[0]] << ", " << s[w[1]] << ", " << s[b] << ")\n";
  }

  // Handles and the tape together: build on a Graph's tape for speed, wrap the result.
  Graph<double> g;
  Value<double> w1 = g.input("w1", 0.5), w2 = g.input("w2", -0.25);
  Value<double> sum = g.wrap(g.edit_tape([&](Tape<double>& raw) {
    const std::array<NodeIndex, 2> weights{w1.node(), w2.node()};
    const std::array<NodeIndex, 2> inputs{raw.constant(2), raw.constant(4)};
    return raw.dot(weights, inputs);
  }));
  std::cout << "w·(2, 4) = " << sum.value() << ", d/dw2 = " << gradient(sum)[w2] << "\n";
}

// Output:
// y = 1, loss = 1, gradient (4, 8, 2)
// y = 1.25, loss = 0.0625, gradient (0.5, 0.5, 0.5)
// y = 0.5, loss = 0, gradient (0, 0, 0)
// w·(2, 4) = 0, d/dw2 = 4
