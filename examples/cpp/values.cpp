// docs/cpp.md, "Values": micrograd's README example written with chainrule's handles. Its
// published numbers are g = 24.7041, dg/da = 138.8338, dg/db = 645.5773. Then a new value of
// a, and every read after it recomputed, with nothing rebuilt.
#include <iomanip>
#include <iostream>

#include "engine/value.hpp"

int main() {
  using namespace chainrule::engine;
  Graph<double> graph;
  Value<double> a = graph.input("a", -4.0), b = graph.input("b", 2.0);
  Value<double> c = a + b;
  Value<double> d = a * b + pow(b, 3);
  c += c + 1.0;
  c += 1.0 + c + (-a);
  d += d * 2.0 + relu(b + a);
  d += 3.0 * d + relu(b - a);
  Value<double> e = c - d;
  Value<double> f = pow(e, 2);
  Value<double> g = f / 2.0;
  g += 10.0 / f;
  g.named("g");

  Gradient<double> grad = gradient(g);  // one reverse sweep from g
  std::cout << std::fixed << std::setprecision(4);
  std::cout << "g = " << g.value() << ", dg/da = " << grad[a] << ", dg/db = " << grad[b] << "\n";

  a.set(-3.0);  // no evaluate(): the next read re-evaluates what a feeds
  grad = gradient(graph["g"]);
  std::cout << "at a = -3: g = " << g.value() << ", dg/da = " << grad[a] << ", dg/db = " << grad[b]
            << "\n";
  std::cout << graph.size() << " nodes, built once\n";
}

// Output:
// g = 24.7041, dg/da = 138.8338, dg/db = 645.5773
// at a = -3: g = 364.5137, dg/da = 539.9797, dg/db = 2834.8933
// 35 nodes, built once
