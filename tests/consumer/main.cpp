// Built against the installed package (tests/install_consumer.sh): every number type the
// README names through the installed headers alone, no *_impl.hpp. Tape<T> is instantiated in
// the library for each of them; nn::Network<T> and nn::train come from their headers, which
// are self-sufficient (long double, float, BinFloat50 and DecFloat50 are instantiated here).
// The expected output at the end is derived by hand in the comments beside each computation.
#include <iostream>
#include <string>

#include "engine/number.hpp"
#include "engine/tape.hpp"
#include "engine/value.hpp"
#include "nn/network.hpp"
#include "nn/train.hpp"
#include "verify/derivation.hpp"
#include "verify/parser.hpp"

namespace {

using namespace chainrule;

// out = sigmoid(x*w + b) at x = 0.5, w = 2, b = -1: h = 0, so out = σ(0) = 1/2,
// dout/dw = σ'(0)·x = σ(0)(1 − σ(0))·x = (1/4)(1/2) = 0.125 and dout/db = σ'(0) = 0.25,
// all exact in binary and decimal, so every type prints the same digits.
template <class T>
void neuron(const std::string& type) {
  engine::Tape<T> tape;
  const auto x = tape.input(engine::parse_decimal<T>("0.5"));
  const auto w = tape.input(engine::parse_decimal<T>("2"));
  const auto b = tape.input(engine::parse_decimal<T>("-1"));
  const auto h = tape.apply(engine::Op::Add, tape.apply(engine::Op::Multiply, x, w), b);
  const auto out = tape.apply(engine::Op::Sigmoid, h);
  const auto s = engine::sweep(tape, out);
  std::cout << type << " tape: out = " << engine::to_decimal(tape.value(out), 6)
            << ", dout/dw = " << engine::to_decimal(s[w], 6)
            << ", dout/db = " << engine::to_decimal(s[b], 6) << "\n";
}

// A 1-1 network, identity activation, E = ½(T1 − out)², at the default values (nn/values.hpp:
// w1 = ((37 mod 101) − 50)/100 = −0.13, b1 = ((53 mod 101) − 50)/100 = 0.03, x1 = 0.29,
// T1 = 0.01): out = −0.13·0.29 + 0.03 = −0.0077, T1 − out = 0.0177, E = ½·0.0177² = 0.000156645,
// dE/dw1 = −(T1 − out)·x1 = −0.005133, dE/db1 = −(T1 − out) = −0.0177. One SGD step at rate 1:
// w1 = −0.13 + 0.005133 = −0.124867.
template <class T>
void network(const std::string& type) {
  nn::Network<T> net(nn::Architecture{{1, 1}, {nn::Activation::Identity}});
  net.evaluate();
  const auto g = net.gradient();
  std::cout << type << " network: E " << engine::to_decimal(net.loss(), 6) << ", dE/dw1 "
            << engine::to_decimal(g[0], 6) << ", dE/db1 " << engine::to_decimal(g[1], 6);
  const auto data = nn::make_dataset<T>({{"0.29"}}, {{"0.01"}});
  nn::step(net, data, 0, 1, T(1));
  std::cout << ", stepped w1 " << engine::to_decimal(net.value("w1"), 6) << "\n";
}

}  // namespace

int main() {
  neuron<float>("float");
  neuron<double>("double");
  neuron<long double>("long double");
  neuron<engine::Real>("Real");
  neuron<engine::BinFloat50>("BinFloat50");
  neuron<engine::DecFloat50>("DecFloat50");
  network<float>("float");
  network<double>("double");
  network<long double>("long double");
  network<engine::Real>("Real");
  network<engine::BinFloat50>("BinFloat50");
  network<engine::DecFloat50>("DecFloat50");

  // Without set_working_digits, Real carries the command's 50 digits: e = 2.71828182845904523536
  // 02874713526624977572470936999595... rounded to 50 significant digits ends ...470937.
  std::cout << "Real digits: " << engine::significant_digits<engine::Real>() << "\n";
  engine::Tape<engine::Real> tape;
  const auto e = tape.apply(engine::Op::Exp, tape.input(engine::Real(1)));
  std::cout << "e = " << engine::to_decimal(tape.value(e), 50) << "\n";

  // The handle type: the neuron above again, σ(0) = 0.5 and d/dw = σ'(0)·x = 0.125.
  engine::Graph<engine::Real> graph;
  const auto x = graph.input("x", "0.5"), w = graph.input("w", "2"), b = graph.input("b", "-1");
  const auto out = sigmoid(x * w + b);
  std::cout << "Value: out = " << out << ", dout/dw = " << engine::to_decimal(gradient(out)[w], 6)
            << "\n";

  // verify: y = x² at x = 3 is 9 and dy/dx = 2x = 6.
  auto parsed = verify::parse("x = 3\ny = x^2\ng = dy/dx\n", "inline.chain");
  auto compiled = verify::compile<engine::Real>(std::move(parsed.document));
  const auto& d = *compiled.derivation;
  std::cout << "verify: y = " << engine::to_decimal(d.tape.value(d.node_of("y")), 10)
            << ", dy/dx = " << engine::to_decimal(d.tape.value(d.node_of("g")), 10) << "\n";
}

// Output:
// float tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// double tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// long double tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// Real tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// BinFloat50 tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// DecFloat50 tape: out = 0.5, dout/dw = 0.125, dout/db = 0.25
// float network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// double network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// long double network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// Real network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// BinFloat50 network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// DecFloat50 network: E 0.000156645, dE/dw1 -0.005133, dE/db1 -0.0177, stepped w1 -0.124867
// Real digits: 50
// e = 2.7182818284590452353602874713526624977572470937
// Value: out = 0.5, dout/dw = 0.125
// verify: y = 9, dy/dx = 6
