// nn's networks: names and places of parameters, the three losses against their closed forms,
// every gradient against high-precision central differences (which use no derivative code),
// batch averaging, and a graph that is built once.
#include <doctest/doctest.h>

#include "engine/number.hpp"
#include "nn/derivation_file.hpp"
#include "nn/network.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"
#include "test_nn_helpers.hpp"

using namespace chainrule::nn;
using namespace chainrule::nn::testing;

namespace {

// d(f)/d(p) = (f(p + h) - f(p - h)) / 2h with h = 1e-20 at 50 digits (+10 guard): the
// truncation error is about h^2 * f''' ~ 1e-40 and the rounding error about 1e-60 / h = 1e-40.
std::vector<Real> central_differences(Network<Real>& net, const Dataset<Real>& data) {
  const Real h = real("1e-20");
  std::vector<Real> gradient;
  for (const auto& p : net.parameters()) {
    const Real centre = net.value(p);
    net.set(p, centre + h);
    const Real up = dataset_loss(net, data);
    net.set(p, centre - h);
    const Real down = dataset_loss(net, data);
    net.set(p, centre);
    gradient.push_back((up - down) / (2 * h));
  }
  return gradient;
}

Dataset<Real> rows(const Network<Real>& net, std::size_t first, std::size_t count) {
  Dataset<Real> data;
  const int inputs = net.architecture().inputs(), outputs = net.architecture().outputs();
  for (std::size_t r = first; r < first + count; ++r) {
    std::vector<Real> x, t;
    for (int i = 0; i < inputs; ++i)
      x.push_back(Real(static_cast<int>((r * 7 + i * 3) % 11)) / 10 - real("0.4"));
    for (int j = 0; j < outputs; ++j) t.push_back(real((r + j) % 2 ? "0.9" : "0.2"));
    data.inputs.push_back(x);
    data.targets.push_back(t);
  }
  return data;
}

}  // namespace

TEST_CASE("parameters by name and by (layer, neuron, input), tutorial and Keras order") {
  chainrule::engine::set_working_digits(50);
  Network<Real> a(tutorial_a_architecture());
  CHECK(a.weight(0, 0, 0).name == "w1");
  CHECK(a.weight(0, 0, 1).name == "w2");
  CHECK(a.weight(0, 1, 0).name == "w3");
  CHECK(a.weight(1, 0, 1).name == "w6");
  CHECK(a.weight(1, 1, 0).name == "w7");
  CHECK(a.bias(0, 1).name == "b1");  // shared across the hidden layer
  CHECK(a.bias(1, 0).node == a.bias(1, 1).node);
  CHECK(a.parameter("w5").node == a.weight(1, 0, 0).node);
  CHECK(a.parameter("b2").neuron == ParameterPlace::kEveryNeuron);
  std::string names;
  for (const auto& p : a.parameters()) names += p.name + " ";
  CHECK(names == "w1 w2 w3 w4 w5 w6 w7 w8 b1 b2 ");

  Architecture keras{{3, 2, 1}, {Activation::Tanh}, BiasSharing::PerNeuron, WeightLayout::Keras};
  Network<Real> k(keras);
  CHECK(k.weight(0, 0, 0).name == "w1");
  CHECK(k.weight(0, 1, 0).name == "w2");
  CHECK(k.weight(0, 0, 1).name == "w3");
  CHECK(k.weight(0, 1, 2).name == "w6");
  CHECK(k.weight(1, 0, 1).name == "w8");
  CHECK(k.bias(1, 0).name == "b3");
  const auto& w6 = k.parameter("w6");
  CHECK((w6.layer == 0 && w6.neuron == 1 && w6.input == 2));
}

TEST_CASE("asking for what is not there is an error that says so") {
  Network<double> net(tutorial_a_architecture());
  CHECK_THROWS_WITH_AS(net.parameter("w9"), "'w9' is not a parameter of this 2-2-2 network",
                       std::out_of_range);
  CHECK_THROWS_AS(net.weight(2, 0, 0), std::out_of_range);
  CHECK_THROWS_AS(net.weight(0, 0, 2), std::out_of_range);
  CHECK_THROWS_AS(net.bias(0, 2), std::out_of_range);
  CHECK_THROWS_WITH_AS(net.set("out_h1", 1.0), "'out_h1' is computed, not a leaf to set",
                       std::out_of_range);
  std::vector<double> three = {1, 2, 3}, two = {1, 2};
  CHECK_THROWS_AS(net.set_row(three, two), std::invalid_argument);
  CHECK_THROWS_AS(Network<double>(Architecture{{2}, {Activation::Sigmoid}}), std::invalid_argument);
  CHECK_THROWS_AS(Network<double>(Architecture{{2, 0, 1}, {Activation::Sigmoid}}),
                  std::invalid_argument);
  Architecture taken{{2, 1}, {Activation::Sigmoid}};
  taken.output_prefix = "h";
  CHECK(validate(taken) == "the output prefix 'h' is taken");
  // Cross-entropy of a ReLU output that is 0: log(0) names the error term it is in.
  Architecture relu{{1, 1},
                    {Activation::Relu},
                    BiasSharing::PerNeuron,
                    WeightLayout::Tutorial,
                    Loss::BinaryCrossEntropy};
  Network<double> dead(relu);
  dead.set("w1", -1.0);
  CHECK_THROWS_WITH_AS(dead.evaluate(), "evaluating E1: log of a non-positive number",
                       std::domain_error);
}

TEST_CASE("the four losses are their closed forms") {
  chainrule::engine::set_working_digits(50);
  for (Loss loss :
       {Loss::HalfSumSquares, Loss::SumSquares, Loss::MeanSquared, Loss::BinaryCrossEntropy}) {
    CAPTURE(loss_text(loss));
    Network<Real> net(Architecture{
        {3, 4, 3}, {Activation::Sigmoid}, BiasSharing::PerNeuron, WeightLayout::Tutorial, loss});
    const auto data = rows(net, 2, 1);
    net.forward(data.inputs[0], data.targets[0]);
    const auto out = net.outputs();
    Real sum(0);
    for (std::size_t j = 0; j < out.size(); ++j) {
      const Real& t = data.targets[0][j];
      sum += loss == Loss::BinaryCrossEntropy ? Real(-(t * log(out[j]) + (1 - t) * log(1 - out[j])))
                                              : Real((t - out[j]) * (t - out[j]));
    }
    // half-sse halves the sum, sse keeps it, mse and bce take the mean over the 3 outputs.
    const Real expected = loss == Loss::HalfSumSquares ? Real(sum / 2)
                          : loss == Loss::SumSquares   ? sum
                                                       : Real(sum / 3);
    CHECK_DIGITS(net.loss(), expected, 55);
  }
}

TEST_CASE("every gradient agrees with central differences, for every kind of network") {
  chainrule::engine::set_working_digits(50);
  const std::vector<std::vector<Activation>> activations = {
      {Activation::Sigmoid},
      {Activation::Tanh, Activation::Relu, Activation::Sigmoid},
      {Activation::Identity, Activation::Tanh, Activation::Sigmoid}};
  for (const auto& activation : activations)
    for (Loss loss :
         {Loss::HalfSumSquares, Loss::SumSquares, Loss::MeanSquared, Loss::BinaryCrossEntropy})
      for (BiasSharing bias : {BiasSharing::PerNeuron, BiasSharing::SharedPerLayer})
        for (WeightLayout layout : {WeightLayout::Tutorial, WeightLayout::Keras}) {
          Network<Real> net(Architecture{{3, 4, 3, 2}, activation, bias, layout, loss});
          const auto data = rows(net, 1, 1);
          net.forward(data.inputs[0], data.targets[0]);
          const auto gradient = net.gradient();
          const auto expected = central_differences(net, data);
          for (std::size_t k = 0; k < gradient.size(); ++k) {
            CAPTURE(net.parameters()[k].name);
            CHECK(Real(abs(gradient[k] - expected[k])) < real("1e-35"));
          }
        }
}

TEST_CASE("a full-batch step moves every parameter by the rate times the mean gradient") {
  chainrule::engine::set_working_digits(50);
  Network<Real> net(Architecture{{2, 3, 2}, {Activation::Tanh}});
  const auto data = rows(net, 0, 4);
  auto before = net;
  const auto mean_gradient = central_differences(net, data);  // of the mean loss over 4 rows
  const Real rate = real("0.5");
  const Real mean_loss = step(net, data, 0, 4, rate);
  CHECK_DIGITS(mean_loss, dataset_loss(before, data), 55);
  for (std::size_t k = 0; k < mean_gradient.size(); ++k) {
    const auto& p = net.parameters()[k];
    CHECK(Real(abs(net.value(p) - (before.value(p) - rate * mean_gradient[k]))) < real("1e-35"));
  }
}

TEST_CASE("mini-batches: 4 rows in batches of 3 are two updates an epoch") {
  chainrule::engine::set_working_digits(50);
  Network<Real> net(Architecture{{2, 2, 2}, {Activation::Sigmoid}});
  auto expected = net;
  const auto data = rows(net, 0, 4);
  const Real rate = real("0.25");
  // By hand: rows 0-2 averaged, then row 3 alone, each from central differences.
  for (auto [first, count] : {std::pair<std::size_t, std::size_t>{0, 3}, {3, 1}}) {
    Dataset<Real> batch;
    batch.inputs.assign(data.inputs.begin() + first, data.inputs.begin() + first + count);
    batch.targets.assign(data.targets.begin() + first, data.targets.begin() + first + count);
    const auto g = central_differences(expected, batch);
    for (std::size_t k = 0; k < g.size(); ++k) {
      const auto& p = expected.parameters()[k];
      expected.set(p, expected.value(p) - rate * g[k]);
    }
  }
  TrainOptions<Real> options{rate};
  options.batch_size = 3;
  const auto history = train(net, data, options);
  for (const auto& p : net.parameters())
    CHECK(Real(abs(net.value(p) - expected.value(p))) < real("1e-35"));
  REQUIRE(history.size() == 2);
  CHECK_DIGITS(history[1].loss, dataset_loss(expected, data), 35);  // the parameters agree to 1e-35
}

TEST_CASE("training re-evaluates one graph; the history is what it says") {
  Network<double> net(tutorial_a_architecture());
  auto data = make_dataset<double>(tutorial_a_input_rows(), tutorial_a_target_rows());
  const std::size_t nodes = net.tape().size();
  const NodeIndex w5 = net.parameter("w5").node;
  TrainOptions<double> options{0.3};
  options.epochs = 25;
  options.record_every = 10;
  options.history_rows = RowReduction::Sum;
  const double start = dataset_loss(net, data, RowReduction::Sum);
  const auto history = train(net, data, options);
  CHECK(net.tape().size() == nodes);  // not one node added by 25 epochs of 4 rows
  CHECK(net.parameter("w5").node == w5);
  REQUIRE(history.size() == 4);  // epochs 0, 10, 20 and the last, 25
  CHECK(history[0].epoch == 0);
  CHECK(history[0].loss == start);
  CHECK(history[3].epoch == 25);
  CHECK(history[3].loss == dataset_loss(net, data, RowReduction::Sum));
  CHECK(dataset_loss(net, data, RowReduction::Sum) == doctest::Approx(4 * dataset_loss(net, data)));
}

TEST_CASE("sizes, activations and losses read from text; values files") {
  CHECK(parse_sizes("2-3-2") == std::vector<int>{2, 3, 2});
  CHECK_FALSE(parse_sizes("2"));
  CHECK_FALSE(parse_sizes("2-"));
  CHECK_FALSE(parse_sizes("2--3"));
  CHECK_FALSE(parse_sizes("2-0"));
  CHECK_FALSE(parse_sizes("-2-3"));
  CHECK(parse_activation("relu") == Activation::Relu);
  CHECK_FALSE(parse_activation("softmax"));
  CHECK(parse_loss("bce") == Loss::BinaryCrossEntropy);
  auto file = parse_values("w1 = 0.11; w2 = -2.5e-3  # comment\n\n  b1=+.5\n");
  CHECK(file.errors.empty());
  CHECK(file.values == NamedValues{{"w1", "0.11"}, {"w2", "-2.5e-3"}, {"b1", ".5"}});
  CHECK(file.lines == std::vector<int>{1, 1, 3});
  auto bad = parse_values("1w = 2\nw = 1e\nw2 = 3; w2 = 4\n");
  REQUIRE(bad.errors.size() == 3);
  CHECK(bad.errors[1].line == 2);
  CHECK(bad.errors[2].message == "'w2' is given twice");
  CHECK(hundredths_text(-13) == "-0.13");
  CHECK(hundredths_text(250) == "2.50");
}

TEST_CASE("a data set's rows read from CSV, in the network's column order") {
  // Tutorial A: 2 inputs, 2 targets. A header may reorder the columns; '+' is dropped.
  const Architecture a = tutorial_a_architecture();
  auto rows = parse_csv_rows("# rows\nT1, x2 ,x1,T2\r\n\n0.01,+.1,0.05,0.99\n", a);
  CHECK(rows.errors.empty());
  CHECK(rows.rows == std::vector<std::vector<std::string>>{{"0.05", ".1", "0.01", "0.99"}});
  auto header = parse_csv_rows("x1,x2,T1\r\n", a);
  REQUIRE(header.errors.size() == 1);
  CHECK(header.errors[0].line == 1);
  CHECK(header.errors[0].message ==
        "the header names the columns x1,x2,T1\r; this network's are x1,x2,T1,T2");
  auto short_row = parse_csv_rows("1,2,3,\n", a);
  REQUIRE(short_row.errors.size() == 1);
  CHECK(short_row.errors[0].message == "'' is not a number");
  auto empty = parse_csv_rows("\n# nothing\n", a);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].line == 2);
  CHECK(empty.errors[0].message == "no rows");
  CHECK(is_decimal_literal("-5."));
  CHECK_FALSE(is_decimal_literal("1e"));
}

TEST_CASE("a network writes itself out with its current values") {
  chainrule::engine::set_working_digits(50);
  Network<Real> net(tutorial_b_architecture());
  assign(net, tutorial_b_values());
  const std::string file = derivation_file(net, 50);
  CHECK(file.find("w7 = 0.5\n") != std::string::npos);
  CHECK(file.find("o1 = out_h1*w5 + out_h2*w7 + b3\nout_o1 = sigmoid(o1)\n") != std::string::npos);
  CHECK(file.find("E = (E1 + E2) / 2\n") != std::string::npos);
}

TEST_CASE("a leaf set without evaluate() is seen by the next read, never mixed with old values") {
  // Tutorial A at its first row, then x1 = 5 and no evaluate(). Expected from an mpmath
  // transcription of the same 2-2-2 network at 40 digits (mpmath.diff for the derivatives):
  // E = 0.320946882514161, dE/dw1 = 0.0461781104582227, dE/dw5 = 0.0998440245049754.
  Network<Real> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  net.evaluate();
  net.set("x1", real("5"));
  const auto g = net.gradient();
  CHECK(chainrule::engine::to_decimal(g[0], 15) == "0.0461781104582227");
  CHECK(chainrule::engine::to_decimal(g[4], 15) == "0.0998440245049754");
  CHECK(chainrule::engine::to_decimal(net.loss(), 15) == "0.320946882514161");
  // The same through every other read: a value, the tape, a parameter moved by hand.
  net.set("x1", real("0.03"));
  CHECK(chainrule::engine::to_decimal(net.value("E"), 7) ==
        "0.3060832");  // the tutorial's published E
  net.set(net.parameter("w5"), real("0.44"));
  CHECK(chainrule::engine::to_decimal(net.tape().value(net.loss_node()), 7) == "0.3060832");
  CHECK(chainrule::engine::to_decimal(net.sensitivities()[net.parameter("w5").node], 7) ==
        "0.08582533");
}
