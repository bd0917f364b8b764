// The engine from C++: a neuron built with Value handles, its gradient from one reverse sweep,
// a new input, a second derivative; then the same neuron on the tape itself, which is what the
// handles record and what code that builds big graphs uses for speed.
// This is the README's C++ example; its output is the block at the end.
#include <iostream>
#include <vector>

#include "engine/tape.hpp"
#include "engine/value.hpp"

int main() {
  using namespace chainrule::engine;  // Real: MPFR at 50 significant digits until you set them

  Graph<Real> g;                         // one tape; every Value is a node on it
  Value<Real> x = g.input("x", "0.03");  // 0.03 exactly: decimal text, never via a double
  Value<Real> w = g.input("w", "0.11"), b = g.input("b", "0.39");
  Value<Real> h = x * w + b;
  Value<Real> out = sigmoid(h).named("out");

  Gradient<Real> d = gradient(out);             // one reverse sweep: d(out)/d(every node)
  std::cout << "out        = " << out << "\n";  // at the working precision, 50 digits
  std::cout << "dout/dh    = " << to_decimal(d[h], 50) << "\n";
  std::cout << "dout/dw    = " << to_decimal(d[w], 50) << "\n";

  x.set("0.04");  // a new input, same graph: whatever is read next is re-evaluated first
  std::cout << "dout/dw at x = 0.04: " << to_decimal(gradient(out)[w], 20) << "\n";
  Value<Real> dout_dw = derivative(out, w);  // a node of the graph: differentiate it again
  std::cout << "d2out/dw2 at x = 0.04: " << to_decimal(gradient(dout_dw)[w], 20) << "\n";

  // The same neuron on the tape: nodes are indices into one arena, in creation order.
  Tape<Real> tape;
  NodeIndex tx = tape.input(parse_decimal<Real>("0.03"));
  NodeIndex tw = tape.input(parse_decimal<Real>("0.11"));
  NodeIndex tb = tape.input(parse_decimal<Real>("0.39"));
  NodeIndex th = tape.apply(Op::Add, tape.apply(Op::Multiply, tx, tw), tb);
  NodeIndex tout = tape.apply(Op::Sigmoid, th);
  Sensitivities<Real> s = sweep(tape, tout);
  std::cout << "dout/dw    = " << to_decimal(s[tw], 50) << " (on the tape)\n";
  tape.set_value(tx, parse_decimal<Real>("0.04"));  // on the tape, re-evaluating is yours to do
  tape.evaluate();
  sweep(tape, tout, s);  // into the same Sensitivities: no allocation
  std::cout << "dout/dw at x = 0.04: " << to_decimal(s[tw], 20) << " (on the tape)\n";

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
// d2out/dw2 at x = 0.04: -0.000074921662474880551876
// dout/dw    = 0.007217282532145385165794040926999330514752682235158 (on the tape)
// dout/dw at x = 0.04: 0.0096209856106881222176 (on the tape)
// dout/dw    = 0.007217282532145385165794040926999330514752682235158 (one Dot node)
