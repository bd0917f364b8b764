// Seed tutorial B, "Training a Neural Network with Backpropagation - Mathematics (Part II)",
// rebuilt with nn: a 2-2-2 sigmoid network, one bias per neuron, weights in Keras kernel order,
// loss mean_squared_error. First its one SGD step at learning rate 0.01 (Keras SGD's default),
// every updated parameter beside the published one, with the reason for each that differs; then
// the Keras run it cross-checks with, model.fit(inputs, target, epochs=10), loss per epoch.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "engine/number.hpp"
#include "engine/paths.hpp"
#include "nn/network.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"

namespace {

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::engine::to_decimal;
using namespace chainrule::nn;

const std::map<std::string, std::string> kPublished = {
    {"w1", "0.149993053"}, {"w2", "0.200002605"}, {"w3", "0.249986106"}, {"w4", "0.30000521"},
    {"w5", "0.399117359"}, {"w6", "0.450238667"}, {"w7", "0.498139526"}, {"w8", "0.550234657"},
    {"b1", "0.399861062"}, {"b2", "0.350052104"}, {"b3", "0.248544627"}, {"b4", "0.60039353434"}};

std::string pad(std::string text, std::size_t width) {
  return text.size() < width ? text + std::string(width - text.size(), ' ') : text + " ";
}

Real unit_of(const std::string& published) {
  return pow(Real(10), -static_cast<int>(published.size() - published.find('.') - 1));
}

bool rounds_to(const Real& value, const std::string& published) {
  return abs(value - parse_decimal<Real>(published)) <= unit_of(published) / 2;
}

// value cut off toward zero at the published number's last place gives the published number.
bool truncates_to(const Real& value, const std::string& published) {
  const Real c = parse_decimal<Real>(published), unit = unit_of(published);
  return value >= 0 ? c <= value && value - c < unit : value <= c && c - value < unit;
}

std::string path_text(const Network<Real>& net, const std::vector<NodeIndex>& nodes) {
  std::string text;
  for (NodeIndex n : nodes) text += (text.empty() ? "" : " <- ") + std::string(net.tape().name(n));
  return text;
}

// Why the published value differs from the exact update: a chain-rule path left out, digits
// cut off instead of rounded, or (w7) a step no path explains.
std::string diagnosis(const Network<Real>& net, const Parameter& p, const Real& before,
                      const Real& after, const Real& rate) {
  const std::string& published = kPublished.at(p.name);
  if (rounds_to(after, published)) return "ok";
  if (truncates_to(after, published)) return "cut off, not rounded";
  const auto paths = chainrule::engine::chain_rule_paths(net.tape(), net.loss_node(), p.node, 16);
  for (const auto& path : paths.paths)
    if (paths.paths.size() > 1 && rounds_to(Real(before - rate * path.product), published))
      return "only the path " + path_text(net, path.nodes);
  const Real implied = (before - parse_decimal<Real>(published)) / rate;
  return "wrong: the published step implies dE/d" + p.name + " = " + to_decimal(implied, 7);
}

void one_step() {
  Network<Real> net(tutorial_b_architecture());
  assign(net, tutorial_b_values());
  const Real rate = parse_decimal<Real>(kTutorialBLearningRate);
  net.evaluate();
  const auto gradient = net.gradient();
  std::cout << "Tutorial B: one SGD step, learning rate 0.01, E = mean over the 2 outputs of (T - "
               "out)^2\n"
            << "E before the step = " << to_decimal(net.loss(), 50) << "\n\n"
            << "  " << pad("", 4) << pad("published", 15)
            << pad("after the step, 50 significant digits", 54) << "verdict\n";
  for (std::size_t k = 0; k < gradient.size(); ++k) {
    const Parameter& p = net.parameters()[k];
    const Real before = net.value(p);
    const Real after = before - rate * gradient[k];
    std::cout << "  " << pad(p.name, 4) << pad(kPublished.at(p.name), 15)
              << pad(to_decimal(after, 50), 54) << diagnosis(net, p, before, after, rate) << "\n";
  }
  auto data = make_dataset<Real>({{"0.05", "0.10"}}, {{"0.01", "0.99"}});
  step(net, data, 0, 1, rate);
  std::cout << "\nE after the step = " << to_decimal(net.evaluate(), 50)
            << "\n(published: \"decreased to 0.2539 (approximately)\": right)\n";
}

void keras_fit() {
  Network<double> in_double(tutorial_b_architecture());
  Network<Real> exact(tutorial_b_architecture());
  assign(in_double, tutorial_b_values());
  assign(exact, tutorial_b_values());
  TrainOptions<double> options_double{0.01};
  TrainOptions<Real> options{parse_decimal<Real>(kTutorialBLearningRate)};
  options_double.epochs = options.epochs = 10;
  const auto history_double = train(
      in_double, make_dataset<double>({{"0.05", "0.10"}}, {{"0.01", "0.99"}}), options_double);
  const auto history =
      train(exact, make_dataset<Real>({{"0.05", "0.10"}}, {{"0.01", "0.99"}}), options);
  std::cout
      << "\nKeras: model.fit(inputs, target, epochs=10). One row, so one update per epoch; the "
         "loss\n"
         "Keras prints for epoch k is the one of its forward pass, before that epoch's update.\n"
         "(Keras itself computes in float32: expect its digits to differ from the 7th on.)\n\n"
         "  epoch  Keras shows  double                 50 significant digits\n";
  for (int epoch = 1; epoch <= 10; ++epoch) {
    const auto& loss = history[epoch - 1].loss;
    std::cout << "  " << pad(std::to_string(epoch), 7) << pad(loss.str(4, std::ios_base::fixed), 13)
              << pad(to_decimal(history_double[epoch - 1].loss, 17), 23) << to_decimal(loss, 50)
              << "\n";
  }
}

}  // namespace

int main() {
  chainrule::engine::set_working_digits(50);
  one_step();
  keras_fit();
}

// clang-format off
// Output:
// Tutorial B: one SGD step, learning rate 0.01, E = mean over the 2 outputs of (T - out)^2
// E before the step = 0.25432532302042955818405171645863160431004823957718
//
//       published      after the step, 50 significant digits                 verdict
//   w1  0.149993053    0.14999516635452448624075443524346455785413480858715  only the path E <- E1 <- out_o1 <- o1 <- out_h1 <- h1 <- w1
//   w2  0.200002605    0.19999384644031938433948164774688603393133115346378  only the path E <- E2 <- out_o2 <- o2 <- out_h2 <- h2 <- w2
//   w3  0.249986106    0.24999033270904897248150887048692911570826961717431  only the path E <- E1 <- out_o1 <- o1 <- out_h1 <- h1 <- w3
//   w4  0.30000521     0.29998769288063876867896329549377206786266230692756  only the path E <- E2 <- out_o2 <- o2 <- out_h2 <- h2 <- w4
//   w5  0.399117359    0.39911735951368618915769069290401746067164658993706  cut off, not rounded
//   w6  0.450238667    0.45023866696634775372650436471339820598349153579571  ok
//   w7  0.498139526    0.49913218654013652938909073015101207639303957348741  wrong: the published step implies dE/dw7 = 0.1860474
//   w8  0.550234657    0.55023465772195240603560279248152479882520815205779  cut off, not rounded
//   b1  0.399861062    0.39990332709048972481508870486929115708269617174307  only the path E <- E1 <- out_o1 <- o1 <- out_h1 <- h1 <- b1
//   b2  0.350052104    0.34987692880638768678963295493772067862662306927558  only the path E <- E2 <- out_o2 <- o2 <- out_h2 <- h2 <- b2
//   b3  0.248544627    0.24854462747135392947869719559558124216756541332683  ok
//   b4  0.60039353434  0.60039353434575436143647654040268709073145793201288  cut off, not rounded
//
// E after the step = 0.25393111827430680569934424967471653595709929901781
// (published: "decreased to 0.2539 (approximately)": right)
//
// Keras: model.fit(inputs, target, epochs=10). One row, so one update per epoch; the loss
// Keras prints for epoch k is the one of its forward pass, before that epoch's update.
// (Keras itself computes in float32: expect its digits to differ from the 7th on.)
//
//   epoch  Keras shows  double                 50 significant digits
//   1      0.2543       0.25432532302042954    0.25432532302042955818405171645863160431004823957718
//   2      0.2539       0.25393111827430681    0.25393111827430680569934424967471653595709929901781
//   3      0.2535       0.25353687868402441    0.25353687868402442885373506094820870681372483449334
//   4      0.2531       0.25314260712156628    0.25314260712156631564795891460082265935291700544523
//   5      0.2527       0.25274830646493673    0.25274830646493673906841158568884005521975169456525
//   6      0.2524       0.25235397959803701    0.25235397959803702588519192930051711837687093724144
//   7      0.2520       0.25195962941054156    0.25195962941054155638424282682701067971529967029275
//   8      0.2516       0.25156525879777303    0.25156525879777310608573351588515570299154107767056
//   9      0.2512       0.25117087066057747    0.25117087066057754063278605732332246378297494026863
//   10     0.2508       0.25077646790519781    0.25077646790519787516494898493788757469886179502983
