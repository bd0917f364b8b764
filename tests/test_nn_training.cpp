// Tutorial A's network trained as its text describes and its numpy loop means to: plain SGD,
// one row at a time, eta = 0.3, all eight weights and both shared biases, over its 4 rows,
// 10,000 times. nn's training is checked against the same SGD written out by hand with plain
// MPFR arithmetic, and against a threshold derived below.
//
// THE THRESHOLD: E_total < 0.9604, E_total being 1/2 (T - out)^2 summed over both outputs and
// all 4 rows.
// Why 0.9604. Each output's targets are 0.01 on two rows and 0.99 on the other two. A network
// whose outputs ignored the inputs would give each output one value p on every row, and
// sum over rows of 1/2 (t - p)^2 = (0.01 - p)^2 + (0.99 - p)^2 is smallest at p = 0.5, where it
// is 2 * 0.49^2 = 0.4802; both outputs: 0.9604. So E_total < 0.9604 holds exactly when the
// network does better than the best input-blind guess: its outputs have learned to move with
// the inputs in the right direction.
// Why no lower threshold. x2 - x1 = 0.06 on every row, so the network sees one number per row,
// x1, spanning only 0.03 ... 0.06, while the targets alternate (0.01, 0.99, 0.01, 0.99 for
// output 1). The pattern within reach of small weights is a trend in x1: outputs affine in x1,
// fitted by least squares, leave E_total = 0.9604 - 0.98^2/5 = 0.76832 (0.98 and 5 being the
// covariance and variance sums of targets and row index). The gradient towards that trend is
// small, since neighbouring rows differ by 0.01 in each input: SGD at eta = 0.3 is at 0.96031
// after 10,000 epochs and only then speeds up (0.80 after 40,000 and 0.7886 after 100,000 in
// double; examples/tutorial_a.cpp prints them). So 0.9604 is the bound 10,000 epochs must beat,
// and nothing much lower can be promised for them. (The tutorial's promise of outputs "near to
// actual target value" after 1,000 or 10,000 iterations does not hold on this data set.)
#include <doctest/doctest.h>

#include "engine/number.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"
#include "test_nn_helpers.hpp"

using namespace chainrule::nn;
using namespace chainrule::nn::testing;

namespace {

constexpr long kEpochs = 10000;

// Tutorial A's SGD by hand: the forward pass, the deltas, all ten updates at once.
struct HandSgd {
  Real w1 = real("0.11"), w2 = real("0.27"), w3 = real("0.19"), w4 = real("0.52");
  Real w5 = real("0.44"), w6 = real("0.48"), w7 = real("0.23"), w8 = real("0.29");
  Real b1 = real("0.39"), b2 = real("0.42");

  static Real sigmoid(const Real& v) { return Real(1 / (1 + exp(-v))); }

  void row(const std::vector<Real>& x, const std::vector<Real>& t, const Real& eta) {
    const Real h1 = sigmoid(x[0] * w1 + x[1] * w2 + b1), h2 = sigmoid(x[0] * w3 + x[1] * w4 + b1);
    const Real y1 = sigmoid(h1 * w5 + h2 * w6 + b2), y2 = sigmoid(h1 * w7 + h2 * w8 + b2);
    const Real d1 = (y1 - t[0]) * y1 * (1 - y1), d2 = (y2 - t[1]) * y2 * (1 - y2);
    const Real g1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1), g2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2);
    w1 -= eta * g1 * x[0], w2 -= eta * g1 * x[1], w3 -= eta * g2 * x[0], w4 -= eta * g2 * x[1];
    w5 -= eta * d1 * h1, w6 -= eta * d1 * h2, w7 -= eta * d2 * h1, w8 -= eta * d2 * h2;
    b1 -= eta * (g1 + g2), b2 -= eta * (d1 + d2);
  }

  Real value(const std::string& name) const {
    const Real* all[] = {&w1, &w2, &w3, &w4, &w5, &w6, &w7, &w8, &b1, &b2};
    const char* names[] = {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"};
    for (int k = 0; k < 10; ++k)
      if (name == names[k]) return *all[k];
    FAIL("no parameter " << name);
    return {};
  }
};

template <class T>
std::vector<LossRecord<T>> train_tutorial_a(Network<T>& net) {
  assign(net, tutorial_a_values());
  const auto data = make_dataset<T>(tutorial_a_input_rows(), tutorial_a_target_rows());
  TrainOptions<T> options{chainrule::engine::parse_decimal<T>(kTutorialALearningRate)};
  options.epochs = kEpochs;
  options.record_every = 1000;
  options.history_rows = RowReduction::Sum;
  return train(net, data, options);
}

}  // namespace

TEST_CASE("tutorial A, 10,000 epochs of SGD: below 0.9604 in double and at 50 digits, agreeing") {
  chainrule::engine::set_working_digits(50);
  Network<double> in_double(tutorial_a_architecture());
  Network<Real> in_real(tutorial_a_architecture());
  const auto history_double = train_tutorial_a(in_double);
  const auto history_real = train_tutorial_a(in_real);

  const double threshold = 0.9604;  // 4 rows * 2 outputs * 1/2 * 0.49^2: the input-blind best
  CHECK(history_real.front().loss > real("1.1"));  // 1.1254337...: where it starts
  CHECK(history_double.back().epoch == kEpochs);
  CHECK(history_double.back().loss < threshold);
  CHECK(history_real.back().loss < real("0.9604"));
  CHECK(agreeing_digits(history_double.back().loss,
                        static_cast<double>(history_real.back().loss)) >= 10);
  for (const auto& p : in_real.parameters()) {
    CAPTURE(p.name);
    CHECK(agreeing_digits(in_double.value(p.name), static_cast<double>(in_real.value(p))) >= 10);
  }

  // The same 40,000 updates by hand, at the same precision.
  HandSgd hand;
  const auto data = make_dataset<Real>(tutorial_a_input_rows(), tutorial_a_target_rows());
  const Real eta = real(kTutorialALearningRate);
  for (long epoch = 0; epoch < kEpochs; ++epoch)
    for (std::size_t r = 0; r < data.rows(); ++r) hand.row(data.inputs[r], data.targets[r], eta);
  for (const auto& p : in_real.parameters()) {
    CAPTURE(p.name);
    CHECK_DIGITS(in_real.value(p), hand.value(p.name), 45);
  }
}
