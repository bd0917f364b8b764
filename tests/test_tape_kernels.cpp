// The tape's inline kernels (engine/tape_impl.hpp, engine/sweep_impl.hpp) against the op table
// that defines every op, the n-ary Dot node against its closed form, and the tape's
// bookkeeping (clear, evaluate_nodes, precision of the scratch values).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/tape.hpp"
#include "op_points.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::op_points;
using chainrule::testing::OpPoint;
using chainrule::testing::Precision;
using chainrule::testing::real;

namespace {

// Builds op(a, b) with inputs a and b, re-evaluates it at new values and sweeps: the value
// and both adjoints must be exactly what the table's forward rule and partials give.
template <class T>
void check_against_table(const OpPoint& p) {
  const OpRule<T>& r = rule<T>(p.op);
  const T a = parse_decimal<T>(p.a), b = parse_decimal<T>(p.b);
  Tape<T> tape;
  const NodeIndex x = tape.input(T(1) / 3);
  const NodeIndex y = p.op == Op::PowerConstant ? tape.constant(b) : tape.input(T(1) / 7);
  const NodeIndex z = tape.apply(p.op, x, y);
  tape.set_value(x, a);
  tape.set_value(y, b);
  REQUIRE_FALSE(tape.evaluate());
  const T expected = r.forward(a, b);
  CHECK(tape.value(z) == expected);
  const Sensitivities<T> s = sweep(tape, z);
  CHECK(s[x] == r.partial_a(a, b, expected));
  if (r.differentiates(1)) CHECK(s[y] == r.partial_b(a, b, expected));
}

}  // namespace

TEST_CASE_TEMPLATE("inline evaluation and sweep give exactly the op table's values and partials", T,
                   double, Real, BinFloat50) {
  Precision precision(50);
  for (const OpPoint& p : op_points()) {
    CAPTURE(std::string(rule<T>(p.op).name));
    check_against_table<T>(p);
  }
}

TEST_CASE("a Dot node is its closed form, and so are its partials") {
  // Dyadic numbers: every product and sum is exact in double, so == is the closed form.
  Tape<double> tape;
  const NodeIndex w0 = tape.input(0.5), w1 = tape.input(-1.25), w2 = tape.input(3);
  const NodeIndex x0 = tape.input(2), x1 = tape.constant(0.75), x2 = tape.input(-0.125);
  const NodeIndex bias = tape.input(0.0625);
  const std::vector<NodeIndex> weights{w0, w1, w2}, inputs{x0, x1, x2};
  const NodeIndex z = tape.dot(weights, inputs, bias);
  const NodeIndex y = tape.apply(Op::Multiply, z, z);  // y = z², dy/dz = 2z
  const double zv = 0.5 * 2 - 1.25 * 0.75 + 3 * -0.125 + 0.0625;
  CHECK(tape.value(z) == zv);
  const auto s = sweep(tape, y);
  CHECK(s[w0] == 2 * zv * 2);
  CHECK(s[w1] == 2 * zv * 0.75);
  CHECK(s[w2] == 2 * zv * -0.125);
  CHECK(s[x0] == 2 * zv * 0.5);
  CHECK(s[x1] == 2 * zv * -1.25);
  CHECK(s[x2] == 2 * zv * 3);
  CHECK(s[bias] == 2 * zv);
  CHECK(s.depends_on(x1));
  const auto terms = tape.dot_terms(z);
  CHECK(std::vector<NodeIndex>(terms.weights.begin(), terms.weights.end()) == weights);
  CHECK(std::vector<NodeIndex>(terms.inputs.begin(), terms.inputs.end()) == inputs);
  CHECK(terms.bias == bias);

  // Re-evaluated at new leaf values without being rebuilt.
  tape.set_value(w2, 1);
  REQUIRE_FALSE(tape.evaluate());
  CHECK(tape.value(z) == 0.5 * 2 - 1.25 * 0.75 + 1 * -0.125 + 0.0625);
}

TEST_CASE("a Dot node without a bias, a weight used twice, and x·x") {
  Tape<double> tape;
  const NodeIndex w = tape.input(3), x = tape.input(5);
  const std::vector<NodeIndex> weights{w, w, x}, inputs{x, w, x};
  const NodeIndex z = tape.dot(weights, inputs);  // z = wx + w² + x²
  CHECK(tape.value(z) == 15 + 9 + 25);
  const auto s = sweep(tape, z);
  CHECK(s[w] == 5 + 2 * 3);  // x + 2w
  CHECK(s[x] == 3 + 2 * 5);  // w + 2x
}

TEST_CASE("a Dot node keeps the tape's 1000 digits when the default precision is lower") {
  Tape<Real> tape;
  NodeIndex z = kNoNode, third = kNoNode, seventh = kNoNode;
  {
    Precision precision(1000);
    third = tape.input(Real(1) / 3);
    seventh = tape.input(Real(1) / 7);
    const std::vector<NodeIndex> weights{third, seventh}, inputs{seventh, third};
    z = tape.dot(weights, inputs, third);  // 2/21 + 1/3 = 9/21 = 3/7
  }
  Precision precision(50);  // evaluate() and sweep() run at a lower default precision
  REQUIRE_FALSE(tape.evaluate());
  const auto s = sweep(tape, z);
  Precision exact(1000);
  CHECK(agree_to_digits(tape.value(z), Real(3) / 7, 1000));
  CHECK(agree_to_digits(s[third], Real(2) / 7 + 1, 1000));  // 1/7 + 1/7 + 1
  CHECK(agree_to_digits(s[seventh], Real(2) / 3, 1000));
}

TEST_CASE("Dot nodes are built with dot() and need as many weights as inputs") {
  Tape<double> tape;
  const NodeIndex w = tape.input(1), x = tape.input(2);
  const std::vector<NodeIndex> two{w, x}, one{x}, none;
  CHECK_THROWS_AS(tape.dot(two, one), std::invalid_argument);
  CHECK_THROWS_AS(tape.dot(none, none), std::invalid_argument);
  CHECK_THROWS_AS(tape.apply(Op::Dot, w, x), std::invalid_argument);
  CHECK_THROWS_AS(tape.apply(Op::Derivative, w, x), std::invalid_argument);
  CHECK_THROWS_AS(tape.apply(Op::Input, w), std::invalid_argument);
}

TEST_CASE("a cleared tape is rebuilt from scratch and gives the same answers") {
  Tape<double> tape;
  for (int round = 0; round < 2; ++round) {
    tape.clear();
    const NodeIndex w = tape.input(0.5), x = tape.input(4);
    const std::vector<NodeIndex> weights{w}, inputs{x};
    const NodeIndex z = tape.apply(Op::Sigmoid, tape.dot(weights, inputs));
    CHECK(tape.size() == 4);
    CHECK(tape.value(z) == rules::sigmoid(2.0));
    const double r = rules::sigmoid(2.0);
    CHECK(sweep(tape, z)[w] == r * (1 - r) * 4);
  }
}

TEST_CASE("evaluate_nodes recomputes the nodes listed and leaves the others") {
  Tape<double> tape;
  const NodeIndex x = tape.input(2);
  const NodeIndex wanted = tape.apply(Op::Multiply, x, x);
  const NodeIndex other = tape.apply(Op::Add, x, x);
  tape.set_value(x, 3);
  const std::vector<NodeIndex> nodes{wanted};
  REQUIRE_FALSE(tape.evaluate_nodes(nodes));
  CHECK(tape.value(wanted) == 9);
  CHECK(tape.value(other) == 4);  // not listed: still from x = 2
  const NodeIndex root = tape.apply(Op::Log, tape.apply(Op::Negate, wanted));
  const std::vector<NodeIndex> with_error{root - 1, root};
  const auto error = tape.evaluate_nodes(with_error);
  REQUIRE(error);
  CHECK(error->node == root);
}
