// Tape::evaluate_with, which the diagnoses of wrong claims recompute claims by without writing
// the derivation's tape: every value it gives must be bit for bit what set_value() and
// evaluate() would leave on the tape, including where a replaced value leaves an op's domain
// and through derivative nodes whose value is a sweep, recorded or not.
#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <vector>

#include "engine/number.hpp"
#include "engine/recorded_sweep.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::Precision;

namespace {

template <class T>
struct Graph {
  Tape<T> tape;
  NodeIndex x, w, h, a, l, g, r, p, q, g2, s;
};

// x, w → h = w·x + b → a = σ(h) → l = log a → g = dl/dw (unrecorded), r = dl/dx (recorded)
// → p = g·a + r → q = p + 2 → s = q·dl/dx (unrecorded): one of each kind of node evaluate()
// computes differently, and two derivative nodes that read one sweep.
template <class T>
Graph<T> build() {
  Graph<T> n;
  Tape<T>& t = n.tape;
  n.x = t.input(T(3) / 10);
  n.w = t.input(T(-6) / 5);
  const NodeIndex b = t.input(T(1) / 2);
  const std::array weights{n.w}, inputs{n.x};
  n.h = t.dot(weights, inputs, b);
  n.a = t.apply(Op::Sigmoid, n.h);
  n.l = t.apply(Op::Log, n.a);
  n.g = t.derivative(n.l, n.w);
  n.r = *record_derivative(t, n.l, n.x);
  n.p = t.apply(Op::Add, t.apply(Op::Multiply, n.g, n.a), n.r);
  n.q = t.apply(Op::Add, n.p, t.constant(T(2)));
  n.g2 = t.derivative(n.l, n.x);  // unrecorded too, from l again: it shares g's sweep
  n.s = t.apply(Op::Multiply, n.q, n.g2);
  REQUIRE_FALSE(t.evaluate());
  return n;
}

// evaluate_with against the pin on a copy of the tape: the same error and the same bits in
// every node from `node` to `last`, and the tape itself untouched.
template <class T>
void check_overlay(const Tape<T>& tape, NodeIndex node, const T& value, NodeIndex last) {
  Tape<T> pinned = tape;
  pinned.set_value(node, value);
  const std::optional<DomainError> expected = pinned.evaluate(node + 1, last);
  const std::vector<T> before(tape.values().begin(), tape.values().end());
  Overlay<T> overlay;
  for (int reuse = 0; reuse < 2; ++reuse) {  // a second time into the same storage
    const std::optional<DomainError> error = tape.evaluate_with(node, value, last, overlay);
    REQUIRE(error.has_value() == expected.has_value());
    if (error) CHECK(error->node == expected->node);
    for (NodeIndex i = node; i <= last; ++i) {
      CAPTURE(i);
      CHECK(overlay.value(tape, i) == pinned.value(i));
    }
  }
  for (NodeIndex i = 0; i < tape.size(); ++i) CHECK(tape.value(i) == before[i]);
}

}  // namespace

TEST_CASE_TEMPLATE("evaluate_with gives the values a pinned node and evaluate() give", T, double,
                   Real) {
  Precision precision(50);
  const Graph<T> n = build<T>();
  const NodeIndex last = static_cast<NodeIndex>(n.tape.size() - 1);
  SUBCASE("an input sum: every op below it, both derivative nodes' sweeps") {
    check_overlay(n.tape, n.h, T(7) / 10, last);
  }
  SUBCASE("a derivative node, as the diagnoses replace one") {
    check_overlay(n.tape, n.g, T(-n.tape.value(n.g)), last);
  }
  SUBCASE("outside log's domain: evaluation stops there, later nodes keep the tape's values") {
    check_overlay(n.tape, n.a, T(-1), last);
  }
  SUBCASE("a range that ends at the replaced node") { check_overlay(n.tape, n.q, T(5), n.q); }
}

TEST_CASE_TEMPLATE("an overlay reused for another value sweeps again", T, double, Real) {
  // The derivative nodes g and g2 read one sweep from l per evaluate_with: the second call,
  // with h at another value, must not read the first call's.
  Precision precision(50);
  const Graph<T> n = build<T>();
  const NodeIndex last = static_cast<NodeIndex>(n.tape.size() - 1);
  Overlay<T> overlay;
  REQUIRE_FALSE(n.tape.evaluate_with(n.h, T(7) / 10, last, overlay));
  REQUIRE_FALSE(n.tape.evaluate_with(n.h, T(-3) / 10, last, overlay));
  Tape<T> pinned = n.tape;
  pinned.set_value(n.h, T(-3) / 10);
  REQUIRE_FALSE(pinned.evaluate(n.h + 1, last));
  for (NodeIndex i = n.h; i <= last; ++i) {
    CAPTURE(i);
    CHECK(overlay.value(n.tape, i) == pinned.value(i));
  }
  // And the values differ from the tape's: the pin reached both derivative nodes.
  CHECK(overlay.value(n.tape, n.g) != n.tape.value(n.g));
  CHECK(overlay.value(n.tape, n.g2) != n.tape.value(n.g2));
}
