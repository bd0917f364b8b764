// docs/cpp.md, "Networks": seed tutorial A's 2-2-2 sigmoid network at its first row. The
// tutorial publishes E = 0.3060832, dE/dw5 = 0.08582533 and dE/dw1 = 0.00033623; the values
// at x1 = 0.04 are from an mpmath transcription of the same network at 50 digits.
#include <iostream>

#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/tutorials.hpp"

int main() {
  using namespace chainrule;
  using engine::Real, engine::to_decimal;
  nn::Network<Real> net(nn::tutorial_a_architecture());
  nn::assign(net, nn::tutorial_a_values());  // w1 = 0.11, ..., x1 = 0.03, T1 = 0.01, read exactly

  net.evaluate();                        // the forward pass; the loss is the node named E
  std::vector<Real> g = net.gradient();  // dE/dp for p in net.parameters(): w1 ... w8, b1, b2
  std::cout << "E = " << to_decimal(net.loss(), 7) << ", dE/dw5 = " << to_decimal(g[4], 7)
            << ", dE/dw1 = " << to_decimal(g[0], 5) << "\n";
  // Every node by name, every parameter by place: weight (layer 1, neuron 0, input 0) is w5.
  std::cout << "out_y1 = " << to_decimal(net.value("out_y1"), 8) << ", weight(1, 0, 0) is "
            << net.weight(1, 0, 0).name << "\n";

  net.set("x1", engine::parse_decimal<Real>("0.04"));  // reads after a set() re-evaluate first
  g = net.gradient();
  std::cout << "at x1 = 0.04: E = " << to_decimal(net.loss(), 12)
            << ", dE/dw5 = " << to_decimal(g[4], 12) << "\n";
}

// Output:
// E = 0.3060832, dE/dw5 = 0.08582533, dE/dw1 = 0.00033623
// out_y1 = 0.72661785, weight(1, 0, 0) is w5
// at x1 = 0.04: E = 0.306117417936, dE/dw5 = 0.0858577750322
