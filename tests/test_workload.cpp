// The benchmark workload (bench/workload.hpp) computes what issue 6 publishes for B = 100 in
// double, through the engine and through hand-written backprop, so every benchmark times a
// computation known to be right.
#include <doctest/doctest.h>

#include <vector>

#include "bench/workload.hpp"
#include "engine/number.hpp"

using namespace chainrule;
using namespace chainrule::bench;

namespace {

// The issue gives its figures to about 1e-13 relative.
constexpr double kReferenceTolerance = 1e-13;

void check_reference(const Outcome<double>& o) {
  CHECK(relative_difference(o.loss, kReferenceLoss) < kReferenceTolerance);
  CHECK(relative_difference(o.gradient_sum, kReferenceGradientSum) < kReferenceTolerance);
}

}  // namespace

TEST_CASE("the LCG draws what the issue's recurrence gives from 42") {
  // state >> 11 of the first three states, computed independently with Python's big integers.
  Lcg lcg;
  CHECK(lcg.draw() == 5118163774668235.0 * 0x1p-53 - 0.5);
  CHECK(lcg.draw() == 2030794029189534.0 * 0x1p-53 - 0.5);
  CHECK(lcg.draw() == 3718516997689703.0 * 0x1p-53 - 0.5);
}

TEST_CASE("hand-written backprop gives the issue's E and gradient sum for B = 100") {
  const Workload w = make_workload(kIssueLayers, kReferenceRows);
  REQUIRE(w.parameters.size() == 8 * 32 + 32 * 32 + 32 * 4 + 32 + 32 + 4);
  const Numbers<double> data(w);
  HandBackprop<double> hand(w, data);
  std::vector<double> gradient(w.parameters.size());
  check_reference(hand.gradient(data.parameters, gradient));
}

TEST_CASE("the engine gives the issue's E and gradient sum: built, and re-evaluated") {
  const Workload w = make_workload(kIssueLayers, kReferenceRows);
  const Numbers<double> data(w);
  std::vector<double> gradient(w.parameters.size());
  engine::Sensitivities<double> s;

  EngineGraph<double> built;
  build_graph<double>(w, data.parameters, data, built);
  check_reference(engine_gradient<double>(built, s, gradient));

  // Built at other parameter values, then set to the workload's and re-evaluated.
  EngineGraph<double> moved;
  const std::vector<double> elsewhere(w.parameters.size(), 0.25);
  build_graph<double>(w, elsewhere, data, moved);
  CHECK(relative_difference(moved.tape.value(moved.loss), kReferenceLoss) > 1e-3);
  for (std::size_t k = 0; k < data.parameters.size(); ++k)
    moved.tape.set_value(moved.parameters[k], data.parameters[k]);
  REQUIRE_FALSE(moved.tape.evaluate().has_value());
  check_reference(engine_gradient<double>(moved, s, gradient));
}

TEST_CASE("one Dot node per neuron gives bit for bit the gradient of the binary-node graph") {
  // Both sum w0x0 + w1x1 + ... + b in the same order, so every double is the same, not just
  // close; and the Dot graph is much smaller.
  const Workload w = make_workload(kIssueLayers, kReferenceRows);
  const Numbers<double> data(w);
  std::vector<double> binary_gradient(w.parameters.size()), dot_gradient(w.parameters.size());
  engine::Sensitivities<double> s;
  EngineGraph<double> binary, dot;
  build_graph<double>(w, data.parameters, data, binary);
  build_graph<double>(w, data.parameters, data, dot, NeuronSum::DotNode);
  const Outcome<double> b = engine_gradient<double>(binary, s, binary_gradient);
  const Outcome<double> d = engine_gradient<double>(dot, s, dot_gradient);
  check_reference(d);
  CHECK(d.loss == b.loss);
  CHECK(dot_gradient == binary_gradient);
  // Per row 8 inputs, (32 + 32 + 4) neurons × (dot, sigmoid) and 4 outputs × (target, -, *, +);
  // the very first square needs no +, and ½·Σ adds two nodes.
  CHECK(dot.tape.size() == w.parameters.size() + kReferenceRows * (8 + 68 * 2 + 4 * 4) - 1 + 2);

  // Re-evaluated from other parameter values, and rebuilt into a cleared tape.
  for (std::size_t k = 0; k < data.parameters.size(); ++k)
    dot.tape.set_value(dot.parameters[k], 0.25);
  REQUIRE_FALSE(dot.tape.evaluate().has_value());
  CHECK(relative_difference(dot.tape.value(dot.loss), kReferenceLoss) > 1e-3);
  for (std::size_t k = 0; k < data.parameters.size(); ++k)
    dot.tape.set_value(dot.parameters[k], data.parameters[k]);
  REQUIRE_FALSE(dot.tape.evaluate().has_value());
  CHECK(engine_gradient<double>(dot, s, dot_gradient).loss == b.loss);
  CHECK(dot_gradient == binary_gradient);
  dot.tape.clear();
  build_graph<double>(w, data.parameters, data, dot, NeuronSum::DotNode);
  CHECK(engine_gradient<double>(dot, s, dot_gradient).loss == b.loss);
  CHECK(dot_gradient == binary_gradient);
}

TEST_CASE("at 50 digits the engine and hand-written backprop agree far beyond double") {
  const unsigned saved = engine::Real::default_precision();
  engine::set_working_digits(50);
  {
    using engine::Real;
    const Workload w = make_workload(kIssueLayers, kReferenceRows);
    const Numbers<Real> data(w);
    std::vector<Real> by_hand(w.parameters.size()), by_engine(w.parameters.size());
    HandBackprop<Real> hand(w, data);
    const Outcome<Real> h = hand.gradient(data.parameters, by_hand);
    EngineGraph<Real> g;
    build_graph<Real>(w, data.parameters, data, g);
    engine::Sensitivities<Real> s;
    const Outcome<Real> e = engine_gradient<Real>(g, s, by_engine);
    // Two summation orders at 60 digits differ in the last few: 1e-50 is far below double's.
    CHECK(relative_difference(e.loss, h.loss) < 1e-50);
    CHECK(relative_difference(e.gradient_sum, h.gradient_sum) < 1e-50);
    // Double's own rounding keeps it ~1e-15 from the exact value: still the issue's figure.
    CHECK(relative_difference(h.loss, Real(kReferenceLoss)) < kReferenceTolerance);
    CHECK(relative_difference(h.gradient_sum, Real(kReferenceGradientSum)) < kReferenceTolerance);
  }
  engine::Real::default_precision(saved);
}
