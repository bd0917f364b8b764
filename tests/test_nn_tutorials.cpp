// Both seed networks rebuilt with nn. Every number a tutorial publishes correctly is asserted
// at its printed precision; where a tutorial is wrong (or truncates), the correct value is
// asserted to 45 digits against a closed form computed here with plain MPFR arithmetic, never
// through the tape, and to 40 digits against tests/expected/tutorials.md (mpmath, sympy, bc).
#include <doctest/doctest.h>

#include <map>

#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"
#include "test_nn_helpers.hpp"

using namespace chainrule::nn;
using namespace chainrule::nn::testing;
using chainrule::engine::sweep;

namespace {

Real sigmoid(const Real& v) { return Real(1 / (1 + exp(-v))); }

// Tutorial A's first row by hand: the forward pass and its chain rule, written out.
struct ClosedFormA {
  Real x1 = real("0.03"), x2 = real("0.09"), T1 = real("0.01"), T2 = real("0.99");
  Real w1 = real("0.11"), w2 = real("0.27"), w3 = real("0.19"), w4 = real("0.52");
  Real w5 = real("0.44"), w6 = real("0.48"), w7 = real("0.23"), w8 = real("0.29");
  Real b1 = real("0.39"), b2 = real("0.42");
  Real out_h1 = sigmoid(x1 * w1 + x2 * w2 + b1), out_h2 = sigmoid(x1 * w3 + x2 * w4 + b1);
  Real out_y1 = sigmoid(out_h1 * w5 + out_h2 * w6 + b2);
  Real out_y2 = sigmoid(out_h1 * w7 + out_h2 * w8 + b2);
  Real sigmoid_slope_y2 = out_y2 * (1 - out_y2);
  Real dE_dy1 = (out_y1 - T1) * out_y1 * (1 - out_y1);
  Real dE_dy2 = (out_y2 - T2) * sigmoid_slope_y2;
  Real dE_dout_h1 = dE_dy1 * w5 + dE_dy2 * w7;
  Real dE_dw1 = dE_dout_h1 * out_h1 * (1 - out_h1) * x1;
};

Network<Real> tutorial_a() {
  Network<Real> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  net.evaluate();
  return net;
}

}  // namespace

TEST_CASE("tutorial A: the forward pass and E_total, as published") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_a();
  CHECK_PUBLISHED(net.value("h1"), "0.4176");
  CHECK_PUBLISHED(net.value("out_h1"), "0.60290881");
  CHECK_PUBLISHED(net.value("h2"), "0.4425");
  CHECK_PUBLISHED(net.value("out_h2"), "0.60885457");
  CHECK_PUBLISHED(net.value("y1"), "0.97753007");
  CHECK_PUBLISHED(net.value("out_y1"), "0.72661785");
  CHECK_PUBLISHED(net.value("y2"), "0.73523685");
  CHECK_PUBLISHED(net.value("out_y2"), "0.67595341");
  CHECK_PUBLISHED(net.value("E1"), "0.25677057");
  CHECK_PUBLISHED(net.value("E2"), "0.04931263");
  CHECK_PUBLISHED(net.loss(), "0.3060832");
  // tests/expected/tutorials.md gives 40 significant digits, correctly rounded
  CHECK_PUBLISHED(net.loss(), "0.3060832041771914202954996368347480926912");
}

TEST_CASE("tutorial A: every factor of dE/dw5 and dE/dw1") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_a();
  const ClosedFormA hand;
  const auto& tape = net.tape();
  const auto& dE = net.sensitivities();  // d(E)/d(every node)
  const auto dE1 = sweep(tape, net.node("E1")), dE2 = sweep(tape, net.node("E2"));
  auto node = [&](const char* name) { return net.node(name); };
  // A local partial d(of)/d(wrt), from a sweep seeded at `of`.
  auto d = [&](const auto& t, const char* of, const char* wrt) {
    return sweep(t, node(of))[node(wrt)];
  };
  const Real& out_y1 = net.value("out_y1");
  const Real& out_h1 = net.value("out_h1");

  CHECK_PUBLISHED(dE[node("out_y1")], "0.71661785");
  CHECK_PUBLISHED(Real(out_y1 * (1 - out_y1)), "0.19864435");  // dOut_y1/dy1
  CHECK_PUBLISHED(d(tape, "y1", "w5"), "0.60290881");          // dy1/dw5 = Out h1
  CHECK_PUBLISHED(dE[node("w5")], "0.08582533");
  CHECK_PUBLISHED(dE1[node("out_y1")], "0.71661785");
  CHECK_PUBLISHED(dE1[node("y1")], "0.14235209");
  CHECK_PUBLISHED(d(tape, "y1", "out_h1"), "0.44");  // w5
  CHECK_PUBLISHED(dE1[node("out_h1")], "0.06263492");
  CHECK_PUBLISHED(dE2[node("out_y2")], "-0.31404659");
  CHECK_PUBLISHED(dE2[node("y2")], "-0.06878889");
  CHECK_PUBLISHED(d(tape, "y2", "out_h1"), "0.23");  // w7
  CHECK_PUBLISHED(dE2[node("out_h1")], "-0.01582144");
  CHECK_PUBLISHED(d(tape, "out_h1", "h1"), "0.23940978");
  CHECK_PUBLISHED(d(tape, "h1", "w1"), "0.03");                // x1
  CHECK_PUBLISHED(Real(out_h1 * (1 - out_h1)), "0.23940978");  // dOut_h1/dh1
  CHECK_PUBLISHED(dE[node("w1")], "0.00033623");

  // Published as 0.21904039: truncated, not rounded (…0397568 rounds to …040).
  const Real slope_y2 = dE2[node("y2")] / dE2[node("out_y2")];
  CHECK_FALSE(rounds_to(slope_y2, "0.21904039"));
  CHECK_DIGITS(slope_y2, hand.sigmoid_slope_y2, 45);
  CHECK_PUBLISHED(slope_y2, "0.2190403975679974358688264110876620452142");
  // Published as 0.04681348: the sum of two already rounded terms. Both paths, exactly:
  CHECK_FALSE(rounds_to(dE[node("out_h1")], "0.04681348"));
  CHECK_DIGITS(dE[node("out_h1")], hand.dE_dout_h1, 45);
  CHECK_PUBLISHED(dE[node("out_h1")], "0.04681347343359118202863597379124858412095");
  CHECK_DIGITS(dE[node("out_h1")], Real(dE1[node("out_h1")] + dE2[node("out_h1")]), 45);
  CHECK_DIGITS(dE[node("w1")], hand.dE_dw1, 45);
}

TEST_CASE("tutorial A: one SGD step at eta = 0.3 gives the published w5 and w1") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_a();
  auto data = make_dataset<Real>({{"0.03", "0.09"}}, {{"0.01", "0.99"}});
  const Real loss_before = step(net, data, 0, 1, real(kTutorialALearningRate));
  CHECK_PUBLISHED(loss_before, "0.3060832");
  CHECK_PUBLISHED(net.value("w5"), "0.41425240");
  CHECK_PUBLISHED(net.value("w1"), "0.10989913");
  CHECK_PUBLISHED(net.value("w5"), "0.4142524019130990448776607102318414973182");
  CHECK_PUBLISHED(net.value("w1"), "0.1098991315708304032423450173197587525116");
}

namespace {

// Tutorial B by hand, in the Keras kernel layout: h1 = w1*x1 + w3*x2 + b1, o1 = w5*h1 + w7*h2 + b3.
struct ClosedFormB {
  Real x1 = real("0.05"), x2 = real("0.10"), T1 = real("0.01"), T2 = real("0.99");
  Real w1 = real("0.15"), w2 = real("0.20"), w3 = real("0.25"), w4 = real("0.30");
  Real w5 = real("0.40"), w6 = real("0.45"), w7 = real("0.50"), w8 = real("0.55");
  Real b1 = real("0.40"), b2 = real("0.35"), b3 = real("0.25"), b4 = real("0.60");
  Real oh1 = sigmoid(w1 * x1 + w3 * x2 + b1), oh2 = sigmoid(w2 * x1 + w4 * x2 + b2);
  Real oo1 = sigmoid(w5 * oh1 + w7 * oh2 + b3), oo2 = sigmoid(w6 * oh1 + w8 * oh2 + b4);
  // E = ((T1 - oo1)^2 + (T2 - oo2)^2) / 2, so dE/doo = oo - T
  Real d1 = (oo1 - T1) * oo1 * (1 - oo1), d2 = (oo2 - T2) * oo2 * (1 - oo2);
  Real dh1 = (d1 * w5 + d2 * w6) * oh1 * (1 - oh1), dh2 = (d1 * w7 + d2 * w8) * oh2 * (1 - oh2);

  Real gradient(const std::string& p) const {
    if (p == "w1") return dh1 * x1;
    if (p == "w2") return dh2 * x1;
    if (p == "w3") return dh1 * x2;
    if (p == "w4") return dh2 * x2;
    if (p == "w5") return d1 * oh1;
    if (p == "w6") return d2 * oh1;
    if (p == "w7") return d1 * oh2;
    if (p == "w8") return d2 * oh2;
    if (p == "b1") return dh1;
    if (p == "b2") return dh2;
    if (p == "b3") return d1;
    return d2;  // b4
  }
};

Network<Real> tutorial_b() {
  Network<Real> net(tutorial_b_architecture());
  assign(net, tutorial_b_values());
  net.evaluate();
  return net;
}

}  // namespace

TEST_CASE("tutorial B: Keras kernel order, one bias per neuron") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_b();
  CHECK(net.weight(0, 0, 1).name == "w3");  // x2 -> h1
  CHECK(net.weight(0, 1, 0).name == "w2");  // x1 -> h2
  CHECK(net.weight(1, 0, 1).name == "w7");  // out_h2 -> o1
  CHECK(net.bias(1, 1).name == "b4");
  CHECK_PUBLISHED(net.value("out_o2"), "0.7686790183072085008675062838987808627561");
  CHECK_PUBLISHED(net.loss(), "0.2543253230204295581840517164586316043100");
  const ClosedFormB hand;
  const auto gradient = net.gradient();
  for (std::size_t k = 0; k < gradient.size(); ++k) {
    CAPTURE(net.parameters()[k].name);
    CHECK_DIGITS(gradient[k], hand.gradient(net.parameters()[k].name), 45);
  }
  CHECK_PUBLISHED(gradient[6], "0.08678134598634706109092698489879236069604");  // w7
}

TEST_CASE("tutorial B: one SGD step at 0.01; published where right, exact where not") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_b();
  const ClosedFormB hand;
  std::map<std::string, Real> before;
  for (const auto& p : net.parameters()) before[p.name] = net.value(p);
  auto data = make_dataset<Real>({{"0.05", "0.10"}}, {{"0.01", "0.99"}});
  step(net, data, 0, 1, real(kTutorialBLearningRate));
  // Right as published: b3 and w6; and the error after the step, 0.2539.
  CHECK_PUBLISHED(net.value("b3"), "0.248544627");
  CHECK_PUBLISHED(net.value("w6"), "0.450238667");
  CHECK_PUBLISHED(net.evaluate(), "0.2539");
  CHECK_PUBLISHED(net.loss(), "0.2539311182743068056993442496747165359571");
  // Not as published: w1 b1 w2 b2 w3 w4 (a path left out), w7 (a factor dropped), b4 w5 w8
  // (truncated). Every parameter is p - 0.01 * dE/dp from the closed form.
  const std::map<std::string, std::string> published = {
      {"w1", "0.149993053"}, {"b1", "0.399861062"}, {"w2", "0.200002605"},   {"b2", "0.350052104"},
      {"w3", "0.249986106"}, {"w4", "0.30000521"},  {"b4", "0.60039353434"}, {"w5", "0.399117359"},
      {"w7", "0.498139526"}, {"w8", "0.550234657"}};
  for (const auto& p : net.parameters()) {
    CAPTURE(p.name);
    const Real exact = before[p.name] - real("0.01") * hand.gradient(p.name);
    CHECK_DIGITS(net.value(p), exact, 45);
    if (published.contains(p.name)) CHECK_FALSE(rounds_to(net.value(p), published.at(p.name)));
  }
  CHECK_PUBLISHED(net.value("w7"), "0.4991321865401365293890907301510120763930");
  CHECK_PUBLISHED(net.value("w1"), "0.1499951663545244862407544352434645578541");
}

TEST_CASE("tutorial B: Keras fit(epochs=10), loss per epoch") {
  chainrule::engine::set_working_digits(50);
  auto net = tutorial_b();
  auto data = make_dataset<Real>({{"0.05", "0.10"}}, {{"0.01", "0.99"}});
  TrainOptions<Real> options{real(kTutorialBLearningRate)};
  options.epochs = 10;
  const auto history = train(net, data, options);
  // tests/expected/tutorials.md: Keras' epoch k loss is the loss before that epoch's update.
  const char* keras[] = {"0.25432532302042955818", "0.25393111827430680570",
                         "0.25353687868402442885", "0.25314260712156631565",
                         "0.25274830646493673907", "0.25235397959803702589",
                         "0.25195962941054155638", "0.25156525879777310609",
                         "0.25117087066057754063", "0.25077646790519787516"};
  REQUIRE(history.size() == 11);
  for (int epoch = 1; epoch <= 10; ++epoch) {
    CAPTURE(epoch);
    CHECK(history[epoch - 1].epoch == epoch - 1);
    CHECK_PUBLISHED(history[epoch - 1].loss, keras[epoch - 1]);
  }
  CHECK_PUBLISHED(history[10].loss, "0.25038205344314770962");
}
