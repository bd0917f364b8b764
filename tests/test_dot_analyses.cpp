// Dot nodes in the analyses that read a tape node by node through Tape::operands(): chain-rule
// paths (engine/paths.hpp), recorded second derivatives (engine/recorded_sweep.hpp) and symbolic
// formulas (engine/formula_tape.hpp). A Dot node is an n-ary op whose partials are its other
// operands, so each analysis must see exactly what it sees in the same sum of + and * nodes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/formula_tape.hpp"
#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/paths.hpp"
#include "engine/recorded_sweep.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::Precision;

namespace {

// w1 = 0.5, x1 = 2, w2 = 3, x2 = 0.25, b = 1 (dyadic, so every product and sum below is exact
// in double); h = w1·x1 + w2·x2 + b as one Dot node, or as + and * nodes; E = h·x1.
struct Network {
  Tape<double> tape;
  NodeIndex w1, x1, w2, x2, b, h, E;
};

Network network(bool with_dot, bool name_h = true) {
  Network n;
  Tape<double>& t = n.tape;
  n.w1 = t.input(0.5);
  n.x1 = t.input(2);
  n.w2 = t.input(3);
  n.x2 = t.input(0.25);
  n.b = t.input(1);
  if (with_dot) {
    const std::vector<NodeIndex> weights{n.w1, n.w2}, inputs{n.x1, n.x2};
    n.h = t.dot(weights, inputs, n.b);
  } else {
    const NodeIndex sum =
        t.apply(Op::Add, t.apply(Op::Multiply, n.w1, n.x1), t.apply(Op::Multiply, n.w2, n.x2));
    n.h = t.apply(Op::Add, sum, n.b);
  }
  n.E = t.apply(Op::Multiply, n.h, n.x1);
  const char* names[] = {"w1", "x1", "w2", "x2", "b"};
  for (NodeIndex i = 0; i < 5; ++i) t.set_name(i, names[i]);
  if (name_h) t.set_name(n.h, "h");
  t.set_name(n.E, "E");
  return n;
}

}  // namespace

TEST_CASE("operands() lists a Dot node's weights, inputs and bias, and every other node's") {
  Network n = network(true);
  const auto dot = n.tape.operands(n.h);
  CHECK(std::vector<NodeIndex>(dot.begin(), dot.end()) ==
        std::vector<NodeIndex>{n.w1, n.w2, n.x1, n.x2, n.b});
  // Each operand's partial is the operand it is multiplied by; the bias has none (it is 1).
  CHECK(n.tape.dot_factor(n.h, 0) == n.x1);
  CHECK(n.tape.dot_factor(n.h, 1) == n.x2);
  CHECK(n.tape.dot_factor(n.h, 2) == n.w1);
  CHECK(n.tape.dot_factor(n.h, 3) == n.w2);
  CHECK(n.tape.dot_factor(n.h, 4) == kNoNode);
  CHECK(n.tape.operands(n.w1).empty());
  CHECK(n.tape.operands(n.E).size() == 2);
  CHECK(n.tape.operands(n.tape.apply(Op::Exp, n.E)).size() == 1);
  // a^c: both operands are listed, only the base is differentiated.
  const NodeIndex square = n.tape.apply(Op::PowerConstant, n.E, n.tape.constant(2));
  CHECK(n.tape.operands(square).size() == 2);
  CHECK(n.tape.active_operands(square).size() == 1);
  // A derivative node's operands are what it differentiates.
  const NodeIndex d = n.tape.derivative(n.E, n.w1);
  CHECK(n.tape.differentiated(d).of == n.E);
  CHECK(n.tape.differentiated(d).wrt == n.w1);
  CHECK(n.tape.active_operands(d).empty());
  // Without a bias the list is the weights and inputs alone.
  const std::vector<NodeIndex> one{n.w1};
  CHECK(n.tape.operands(n.tape.dot(one, one)).size() == 2);
}

TEST_CASE("chain-rule paths pass through a Dot node with its factors") {
  Network n = network(true);
  // E = h·x1 with h = w1·x1 + w2·x2 + b = 1 + 0.75 + 1 = 2.75. From E down to x1 there are two
  // paths, through h first (the higher operand): ∂E/∂h · ∂h/∂x1 = x1 · w1 = 2 · 0.5 = 1, and
  // ∂E/∂x1 holding h fixed = h = 2.75; together dE/dx1 = 3.75 = 2·w1·x1 + w2·x2 + b.
  const auto to_x1 = chain_rule_paths(n.tape, n.E, n.x1, 10);
  REQUIRE(to_x1.count == 2);
  REQUIRE(to_x1.complete());
  CHECK(to_x1.paths[0].nodes == std::vector<NodeIndex>{n.E, n.h, n.x1});
  CHECK(to_x1.paths[0].product == 1);
  CHECK(to_x1.paths[1].nodes == std::vector<NodeIndex>{n.E, n.x1});
  CHECK(to_x1.paths[1].product == 2.75);
  // To w2 one path: ∂E/∂h · ∂h/∂w2 = x1 · x2 = 0.5; to the bias ∂E/∂h · 1 = 2.
  const auto to_w2 = chain_rule_paths(n.tape, n.E, n.w2, 10);
  REQUIRE(to_w2.paths.size() == 1);
  CHECK(to_w2.paths[0].nodes == std::vector<NodeIndex>{n.E, n.h, n.w2});
  CHECK(to_w2.paths[0].product == 0.5);
  const auto to_b = chain_rule_paths(n.tape, n.E, n.b, 10);
  REQUIRE(to_b.paths.size() == 1);
  CHECK(to_b.paths[0].product == 2);
  // The same paths and products as the sum written with + and * nodes.
  Network binary = network(false);
  const auto binary_x1 = chain_rule_paths(binary.tape, binary.E, binary.x1, 10);
  REQUIRE(binary_x1.paths.size() == 2);
  CHECK(binary_x1.paths[0].product == to_x1.paths[0].product);
  CHECK(binary_x1.paths[1].product == to_x1.paths[1].product);
}

TEST_CASE("a second derivative recorded through a Dot node is its closed form") {
  Precision precision(50);
  // z = w·x + w·w as one Dot node (weights w, w; inputs x, w: w is an operand three times),
  // E = σ(z). dz/dw = x + 2w, dz/dx = w, d²z/dw² = 2, d²z/dw dx = 1, so with σ' = σ(1 − σ) and
  // σ'' = σ'(1 − 2σ):
  //   d²E/dw² = σ''·(x + 2w)² + 2σ',  d²E/dw dx = σ''·w·(x + 2w) + σ'.
  Tape<Real> tape;
  const NodeIndex w = tape.input(Real(1) / 2), x = tape.input(Real(2));
  const std::vector<NodeIndex> weights{w, w}, inputs{x, w};
  const NodeIndex E = tape.apply(Op::Sigmoid, tape.dot(weights, inputs));
  const NodeIndex wrts[] = {w, x};
  const auto first = record_adjoints(tape, E, std::span<const NodeIndex>(wrts));
  REQUIRE(first);
  auto check_at = [&](const Real& wv, const Real& xv) {
    tape.set_value(w, wv);
    tape.set_value(x, xv);
    REQUIRE_FALSE(tape.evaluate());
    const Real z = wv * xv + wv * wv;
    const Real s = 1 / (1 + exp(-z));
    const Real s1 = s * (1 - s), s2 = s1 * (1 - 2 * s);
    const Real dzdw = xv + 2 * wv;
    CHECK(agree_to_digits(tape.value((*first)[0]), s1 * dzdw, 45));  // the first derivatives
    CHECK(agree_to_digits(tape.value((*first)[1]), s1 * wv, 45));
    const Sensitivities<Real> second = sweep(tape, (*first)[0]);
    CHECK(agree_to_digits(second[w], s2 * dzdw * dzdw + 2 * s1, 45));
    CHECK(agree_to_digits(second[x], s2 * wv * dzdw + s1, 45));
  };
  check_at(Real(1) / 2, Real(2));       // z = 1.25
  check_at(Real(-3) / 4, Real(1) / 3);  // re-evaluated: the recording follows new leaves
  // As a derivative node that a sweep passes through: d(dE/dx)/dw is the mixed derivative.
  const auto dEdx = record_derivative(tape, E, x);
  REQUIRE(dEdx);
  const Real z = Real(-3) / 4 * (Real(1) / 3) + Real(9) / 16;
  const Real s = 1 / (1 + exp(-z)), s1 = s * (1 - s), s2 = s1 * (1 - 2 * s);
  const Real dzdw = Real(1) / 3 - Real(3) / 2;
  CHECK(agree_to_digits(sweep(tape, *dEdx)[w], s2 * (Real(-3) / 4) * dzdw + s1, 45));
}

TEST_CASE("a formula through a Dot node is written as its sum, like + and * nodes") {
  // h anonymous: E's operand is written out as the sum it computes, in the order it sums.
  Network dot = network(true, false), binary = network(false, false);
  TapeFormulas<double> formulas(dot.tape);
  CHECK(formulas.formula().text(formulas.value_of(dot.h)) == "w1 * x1 + w2 * x2 + b");
  // dE/dw2 = ∂(h·x1)/∂h · ∂h/∂w2 = x1 · x2; dE/db = x1 · 1 = x1, evaluated: 0.5 and 2.
  const NodeIndex seeds[] = {dot.w2, dot.b};
  const auto adjoints = formulas.adjoints(dot.E, dot.w1, seeds, false);
  REQUIRE(adjoints);
  const TermId dw2 = (*adjoints)[dot.w2 - dot.w1], db = (*adjoints)[dot.b - dot.w1];
  CHECK(formulas.formula().text(dw2) == "x1 * x2");
  CHECK(formulas.formula().text(db) == "x1");
  // The binary tape of the same sum gives the same text.
  TapeFormulas<double> binary_formulas(binary.tape);
  const auto binary_adjoints = binary_formulas.adjoints(binary.E, binary.w1, seeds, false);
  REQUIRE(binary_adjoints);
  CHECK(binary_formulas.formula().text((*binary_adjoints)[binary.w2 - binary.w1]) == "x1 * x2");
  CHECK(binary_formulas.formula().text(binary_formulas.value_of(binary.h)) ==
        "w1 * x1 + w2 * x2 + b");
}
