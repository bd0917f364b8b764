// docs/cpp.md, "Training": a 1-1 identity network fitted to y = 2x + 1 from the rows (0, 1) and
// (1, 3), full batch, rate 0.1, Keras' mean squared error. By hand, from the default w1 = −0.13,
// b1 = 0.03: the mean loss is ((1 − 0.03)² + (3 + 0.1)²)/2 = 5.27545, the mean gradient
// (−3.1, −4.07), so one step gives w1 = 0.18, b1 = 0.437. The losses every 250 epochs are from
// the same descent transcribed in mpmath; the fit converges to w1 = 2, b1 = 1.
#include <iostream>

#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/train.hpp"

int main() {
  using namespace chainrule;
  using engine::Real, engine::to_decimal;
  nn::Architecture line{{1, 1}, {nn::Activation::Identity}};
  line.loss = nn::Loss::MeanSquared;
  nn::Network<Real> net(line);
  const auto data = nn::make_dataset<Real>({{"0"}, {"1"}}, {{"1"}, {"3"}});

  nn::step(net, data, 0, data.rows(), Real("0.1"));  // one update from the mean of both rows
  std::cout << "after one step: w1 = " << to_decimal(net.value("w1"), 10)
            << ", b1 = " << to_decimal(net.value("b1"), 10) << "\n";

  nn::Network<Real> fresh(line);
  nn::TrainOptions<Real> options{Real("0.1")};
  options.epochs = 1000;
  options.batch_size = 0;  // full batch
  options.record_every = 250;
  for (const auto& record : nn::train(fresh, data, options))
    std::cout << "epoch " << record.epoch << ": loss " << to_decimal(record.loss, 6) << "\n";
  std::cout << "w1 = " << to_decimal(fresh.value("w1"), 10)
            << ", b1 = " << to_decimal(fresh.value("b1"), 10) << "\n";
}

// Output:
// after one step: w1 = 0.18, b1 = 0.437
// epoch 0: loss 5.27545
// epoch 250: loss 1.13063e-9
// epoch 500: loss 3.94889e-18
// epoch 750: loss 1.37921e-26
// epoch 1000: loss 4.81707e-35
// w1 = 2, b1 = 1
