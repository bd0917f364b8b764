// The engine on its own: build a few nodes, sweep once, print values and sensitivities.
// This is the README's C++ example; its output is the block at the end.
#include <iostream>
#include <vector>

#include "engine/number.hpp"
#include "engine/tape.hpp"

int main() {
  using namespace chainrule::engine;
  set_working_digits(50);  // mpfr_float with 50 significant digits (plus guard digits)

  Tape<Real> tape;  // every node in one arena, in creation order
  NodeIndex x = tape.input(parse_decimal<Real>("0.03"));  // 0.03 exactly, never via double
  NodeIndex w = tape.input(parse_decimal<Real>("0.11"));
  NodeIndex b = tape.input(parse_decimal<Real>("0.39"));
  NodeIndex h = tape.apply(Op::Add, tape.apply(Op::Multiply, x, w), b);
  NodeIndex out = tape.apply(Op::Sigmoid, h);
  tape.set_name(out, "out");

  Sensitivities<Real> s = sweep(tape, out);  // one reverse sweep: d(out)/d(every node)
  std::cout << "out        = " << to_decimal(tape.value(out), 50) << "\n";
  std::cout << "dout/dh    = " << to_decimal(s[h], 50) << "\n";
  std::cout << "dout/dw    = " << to_decimal(s[w], 50) << "\n";

  tape.set_value(x, parse_decimal<Real>("0.04"));  // new input, same graph: re-evaluate
  tape.evaluate();
  sweep(tape, out, s);
  std::cout << "dout/dw at x = 0.04: " << to_decimal(s[w], 20) << "\n";

  // A neuron's whole input sum w·x + b as one n-ary node: how code builds big networks fast.
  Tape<Real> fast;
  const std::vector<NodeIndex> weights{fast.input(parse_decimal<Real>("0.11"))};
  const std::vector<NodeIndex> inputs{fast.constant(parse_decimal<Real>("0.03"))};
  NodeIndex sum = fast.dot(weights, inputs, fast.input(parse_decimal<Real>("0.39")));
  NodeIndex neuron = fast.apply(Op::Sigmoid, sum);
  std::cout << "dout/dw    = " << to_decimal(sweep(fast, neuron)[weights[0]], 50)
            << " (one Dot node)\n";
}

// Output:
// out        = 0.59707685406498208008802299928667555675796049779658
// dout/dh    = 0.24057608440484617219313469756664435049175607450527
// dout/dw    = 0.007217282532145385165794040926999330514752682235158
// dout/dw at x = 0.04: 0.0096209856106881222176
// dout/dw    = 0.007217282532145385165794040926999330514752682235158 (one Dot node)
