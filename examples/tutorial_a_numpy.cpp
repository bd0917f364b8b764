// Tutorial A's own numpy training loop, reimplemented faithfully in C++ double, beside the
// training it means (SGD row by row with nn), so examples/README.md can show what each of the
// loop's bugs does to its results. No Python is involved.
//
// The loop is transcribed from seed 001, whose indexing survived extraction; seed 000 lost its
// [0]/[1] subscripts (as printed, its second-layer update cannot run: numpy cannot broadcast a
// (2,2) matrix against the (2,2,4,2) array it builds). The indentation is lost in both copies;
// we read the first-layer block as inside the row loop, since it indexes [row]. Python's
// round(x, 8) on a numpy float is np.round: rint(x * 1e8) / 1e8, reproduced below.
#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "nn/train.hpp"
#include "nn/tutorials.hpp"

namespace {

using Matrix = std::array<std::array<double, 2>, 2>;  // [neuron][input], as weights_h, weights_y
using Rows = std::array<std::array<double, 2>, 4>;    // one row per data row

constexpr Rows kX = {{{0.03, 0.09}, {0.04, 0.10}, {0.05, 0.11}, {0.06, 0.12}}};
constexpr Rows kY = {{{0.01, 0.99}, {0.99, 0.01}, {0.01, 0.99}, {0.99, 0.01}}};
constexpr double kW5 = 0.44, kW6 = 0.48, kW7 = 0.23, kW8 = 0.29, kB1 = 0.39, kB2 = 0.42, kEta = 0.3;

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double np_round8(double x) { return std::nearbyint(x * 1e8) / 1e8; }

// h = np.dot(x_val, weights.T) + b, then sigmoid: one layer for all 4 rows.
Rows layer(const Rows& in, const Matrix& weights, double bias) {
  Rows out{};
  for (int r = 0; r < 4; ++r)
    for (int j = 0; j < 2; ++j)
      out[r][j] = sigmoid(in[r][0] * weights[j][0] + in[r][1] * weights[j][1] + bias);
  return out;
}

// Which way the loop sums dE_Total/dOut_h1: seed 001 adds the two paths, [row][0] + [row][1];
// seed 000 prints dE_dOut_h1[row] + dE_dOut_h1[row], a numpy pair 2 * (path 1, path 2) that is
// never summed, so every first-layer weight becomes a pair of weights, one for each path.
enum class Sum { Seed001, Seed000Path1, Seed000Path2 };

struct NumpyLoop {
  Matrix weights_h{{{0.11, 0.27}, {0.19, 0.52}}};
  Matrix weights_y{{{kW5, kW6}, {kW7, kW8}}};
  Rows out_h{}, out_y{};
  Matrix first_update_y{}, first_update_h{};  // row 1's gradients, the first time round

  void run(int iterations, Sum sum) {
    // Forward pass and its derivatives: once, before the loop, never again.
    out_h = layer(kX, weights_h, kB1);
    out_y = layer(out_h, weights_y, kB2);
    Rows dE_total_dout_y{}, dout_y_dy{}, dE_dy{};
    for (int r = 0; r < 4; ++r)
      for (int j = 0; j < 2; ++j) {
        dE_total_dout_y[r][j] = -(kY[r][j] - out_y[r][j]);
        dout_y_dy[r][j] = out_y[r][j] * (1 - out_y[r][j]);
        dE_dy[r][j] = -(kY[r][j] - out_y[r][j]) * (out_y[r][j] * (1 - out_y[r][j]));
      }
    const Rows& dy_dw = out_h;
    for (int iteration = 0; iteration < iterations; ++iteration)
      for (int row = 0; row < 4; ++row) {
        Matrix dy{};  // [[dw5, dw6], [dw7, dw8]]: output 1's error in all four, row 0's out_h
        dy[0][0] = np_round8(dE_total_dout_y[row][0] * np_round8(dout_y_dy[row][0]) * dy_dw[0][0]);
        dy[0][1] = np_round8(dE_total_dout_y[row][0] * np_round8(dout_y_dy[row][0]) * dy_dw[0][1]);
        dy[1][0] = np_round8(dE_total_dout_y[row][0] * np_round8(dout_y_dy[row][1]) * dy_dw[0][0]);
        dy[1][1] = np_round8(dE_total_dout_y[row][0] * np_round8(dout_y_dy[row][1]) * dy_dw[0][1]);
        // dE_dOut_h1 = dE_dy * [[w5, w7]]: the original w5 and w7, whatever weights_y holds now
        const double path1 = dE_dy[row][0] * kW5, path2 = dE_dy[row][1] * kW7;
        const double dE_total_dout_h1 = sum == Sum::Seed001        ? path1 + path2
                                        : sum == Sum::Seed000Path1 ? path1 + path1
                                                                   : path2 + path2;
        const double dOut_h_dh0 = out_h[row][0] * (1 - out_h[row][0]);
        const double dOut_h_dh1 = out_h[row][1] * (1 - out_h[row][1]);
        Matrix dh{};  // [[dw1, dw2], [dw3, dw4]]: dE_total/dOut_h1 for h2's weights as well
        dh[0][0] = np_round8(dE_total_dout_h1 * dOut_h_dh0 * kX[row][0]);
        dh[0][1] = np_round8(dE_total_dout_h1 * dOut_h_dh0 * kX[row][1]);
        dh[1][0] = np_round8(dE_total_dout_h1 * dOut_h_dh1 * kX[row][0]);
        dh[1][1] = np_round8(dE_total_dout_h1 * dOut_h_dh1 * kX[row][1]);
        if (iteration == 0 && row == 0) first_update_y = dy, first_update_h = dh;
        for (int j = 0; j < 2; ++j)
          for (int i = 0; i < 2; ++i) {
            weights_y[j][i] = weights_y[j][i] - kEta * dy[j][i];
            weights_h[j][i] = weights_h[j][i] - kEta * dh[j][i];
          }
      }
  }
};

// E_total over the 4 rows, 1/2 (T - out)^2 summed, with a forward pass the loop never makes.
double e_total(const Matrix& weights_h, const Matrix& weights_y, double b1, double b2) {
  const Rows out = layer(layer(kX, weights_h, b1), weights_y, b2);
  double total = 0;
  for (int r = 0; r < 4; ++r)
    for (int j = 0; j < 2; ++j) total += (kY[r][j] - out[r][j]) * (kY[r][j] - out[r][j]) / 2;
  return total;
}

std::string f(double value, int decimals = 8) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%*.*f", decimals + 4, decimals, value);
  return buffer;
}

}  // namespace

namespace {

using chainrule::nn::Network;

struct Parameters {
  Matrix weights_h, weights_y;
  double b1, b2;
};

Parameters parameters_of(const Network<double>& net) {
  auto v = [&](const char* name) { return net.value(name); };
  return {{{{v("w1"), v("w2")}, {v("w3"), v("w4")}}},
          {{{v("w5"), v("w6")}, {v("w7"), v("w8")}}},
          v("b1"),
          v("b2")};
}

void print_parameters(const char* label, const Parameters& p) {
  std::cout << "  " << label;
  for (const auto* m : {&p.weights_h, &p.weights_y})
    for (const auto& neuron : *m)
      for (double w : neuron) std::cout << f(w, 5);
  std::cout << f(p.b1, 5) << f(p.b2, 5) << f(e_total(p.weights_h, p.weights_y, p.b1, p.b2)) << "\n";
}

void first_updates(const NumpyLoop& loop, Network<double>& start) {
  start.evaluate();
  const auto g = start.gradient();  // w1 ... w8, b1, b2 for row 1
  std::cout << "Row 1, first time round: the gradient the loop applies, and the true one\n"
               "             loop        true\n";
  const char* notes[] = {"",
                         "",
                         "  bug 5: dE_total/dOut h1, not dOut h2",
                         "  bug 5",
                         "",
                         "",
                         "  bug 3: output 1's error",
                         "  bug 3"};
  for (int k = 0; k < 8; ++k) {
    const Matrix& m = k < 4 ? loop.first_update_h : loop.first_update_y;
    std::cout << "  w" << k + 1 << " " << f(m[(k % 4) / 2][k % 2]) << f(g[k]) << notes[k] << "\n";
  }
  std::cout << "  b1 " << f(0) << f(g[8]) << "  bug 6: never updated\n  b2 " << f(0) << f(g[9])
            << "  bug 6\n";
}

void bugs(const NumpyLoop& hundred) {
  NumpyLoop one, two;
  one.run(1, Sum::Seed001);
  two.run(2, Sum::Seed001);
  std::cout
      << "\nBug 1, one forward pass before the loop: every iteration repeats the same updates.\n"
      << "  w5 after 0, 1, 2, 100 iterations:" << f(kW5) << f(one.weights_y[0][0])
      << f(two.weights_y[0][0]) << f(hundred.weights_y[0][0])
      << "\n  its step each time:   " << f(one.weights_y[0][0] - kW5)
      << f(two.weights_y[0][0] - one.weights_y[0][0]) << "\n";
  std::cout << "Bug 2, dy_dw[0]: row 1's hidden outputs stand in for every row's.\n"
            << "  Out h1, Out h2 of row 1:" << f(hundred.out_h[0][0]) << f(hundred.out_h[0][1])
            << "\n  Out h1, Out h2 of row 4:" << f(hundred.out_h[3][0]) << f(hundred.out_h[3][1])
            << "\n";
  std::cout << "Bug 4, dE_dOut_h1 = dE_dy * [[w5, w7]]: the weights of before the loop, forever.\n"
            << "  after 100 iterations weights_y holds w5 =" << f(hundred.weights_y[0][0], 5)
            << ", w7 =" << f(hundred.weights_y[1][0], 5) << ";\n  the loop still multiplies by "
            << "0.44 and 0.23.\n";
  std::cout << "Bug 7, round(..., 8): gradients keep 8 decimals, dw1 only 5 significant digits.\n";
}

void after(Network<double>& right, const NumpyLoop& hundred) {
  auto data = chainrule::nn::make_dataset<double>(chainrule::nn::tutorial_a_input_rows(),
                                                  chainrule::nn::tutorial_a_target_rows());
  const Parameters start = parameters_of(right);
  chainrule::nn::TrainOptions<double> options{kEta};
  options.epochs = 100;
  chainrule::nn::train(right, data, options);
  std::cout
      << "\nAfter 100 iterations over the 4 rows (E_total: 1/2 (T - out)^2 over outputs and rows)\n"
      << std::string(16, ' ');
  for (const char* name : {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"})
    std::cout << std::string(7, ' ') << name;
  std::cout << "     E_total\n";
  print_parameters("start         ", start);
  print_parameters("numpy loop    ", {hundred.weights_h, hundred.weights_y, kB1, kB2});
  print_parameters("SGD done right", parameters_of(right));
  const Rows loop_out = layer(layer(kX, hundred.weights_h, kB1), hundred.weights_y, kB2);
  const Parameters done = parameters_of(right);
  const Rows right_out = layer(layer(kX, done.weights_h, done.b1), done.weights_y, done.b2);
  std::cout
      << "  outputs     T1    T2      numpy loop: Out y1, Out y2  done right: Out y1, Out y2\n";
  for (int r = 0; r < 4; ++r)
    std::cout << "  row " << r + 1 << "   " << f(kY[r][0], 2) << f(kY[r][1], 2) << "  "
              << f(loop_out[r][0]) << f(loop_out[r][1]) << "    " << f(right_out[r][0])
              << f(right_out[r][1]) << "\n";
  for (int iterations : {1000, 10000}) {
    NumpyLoop longer;
    longer.run(iterations, Sum::Seed001);
    std::cout << "  numpy loop, " << iterations << " iterations: E_total"
              << f(e_total(longer.weights_h, longer.weights_y, kB1, kB2))
              << ", w5 =" << f(longer.weights_y[0][0], 4) << "\n";
  }
}

void the_two_copies() {
  NumpyLoop copy001, path1, path2;
  copy001.run(100, Sum::Seed001);
  path1.run(100, Sum::Seed000Path1);
  path2.run(100, Sum::Seed000Path2);
  std::cout << "\nBug 8, the two copies sum dE_total/dOut h1 differently. Row 1's dw1, first time "
               "round:\n"
            << "  seed 001, dE_dOut_h1[row][0] + dE_dOut_h1[row][1]:"
            << f(copy001.first_update_h[0][0])
            << "\n  seed 000, dE_dOut_h1[row] + dE_dOut_h1[row]:      ("
            << f(path1.first_update_h[0][0]) << "," << f(path2.first_update_h[0][0]) << " )\n"
            << "  a pair, each path doubled and never added: weights_h becomes 2x2x2.\n"
            << "  w1 after 100 iterations: seed 001" << f(copy001.weights_h[0][0]) << ", seed 000 ("
            << f(path1.weights_h[0][0]) << "," << f(path2.weights_h[0][0]) << " )\n";
}

}  // namespace

int main() {
  using namespace chainrule::nn;
  Network<double> net(tutorial_a_architecture());
  assign(net, tutorial_a_values());
  std::cout << "Tutorial A's numpy loop (seed 001's indexing), run in double\n\n";
  NumpyLoop hundred;
  hundred.run(100, Sum::Seed001);
  first_updates(hundred, net);
  bugs(hundred);
  after(net, hundred);
  the_two_copies();
}

// clang-format off
// Output:
// Tutorial A's numpy loop (seed 001's indexing), run in double
//
// Row 1, first time round: the gradient the loop applies, and the true one
//              loop        true
//   w1   0.00033623  0.00033623
//   w2   0.00100868  0.00100868
//   w3   0.00033446  0.00034565  bug 5: dE_total/dOut h1, not dOut h2
//   w4   0.00100338  0.00103696  bug 5
//   w5   0.08582533  0.08582533
//   w6   0.08667172  0.08667172
//   w7   0.09463755 -0.04147343  bug 3: output 1's error
//   w8   0.09557084 -0.04188243  bug 3
//   b1   0.00000000  0.02272939  bug 6: never updated
//   b2   0.00000000  0.07356320  bug 6
//
// Bug 1, one forward pass before the loop: every iteration repeats the same updates.
//   w5 after 0, 1, 2, 100 iterations:  0.44000000  0.40738686  0.37477372 -2.82131380
//   its step each time:    -0.03261314 -0.03261314
// Bug 2, dy_dw[0]: row 1's hidden outputs stand in for every row's.
//   Out h1, Out h2 of row 1:  0.60290881  0.60885457
//   Out h1, Out h2 of row 4:  0.60563485  0.61391525
// Bug 4, dE_dOut_h1 = dE_dy * [[w5, w7]]: the weights of before the loop, forever.
//   after 100 iterations weights_y holds w5 = -2.82131, w7 = -3.36663;
//   the loop still multiplies by 0.44 and 0.23.
// Bug 7, round(..., 8): gradients keep 8 decimals, dw1 only 5 significant digits.
//
// After 100 iterations over the 4 rows (E_total: 1/2 (T - out)^2 over outputs and rows)
//                        w1       w2       w3       w4       w5       w6       w7       w8       b1       b2     E_total
//   start           0.11000  0.27000  0.19000  0.52000  0.44000  0.48000  0.23000  0.29000  0.39000  0.42000  1.12543373
//   numpy loop      0.07553  0.18610  0.15575  0.43662 -2.82131 -2.81348 -3.36663 -3.34210  0.39000  0.42000  1.81960248
//   SGD done right  0.10566  0.25869  0.18505  0.50767  0.16867  0.21118  0.13741  0.19048  0.15083 -0.19524  0.96043535
//   outputs     T1    T2      numpy loop: Out y1, Out y2  done right: Out y1, Out y2
//   row 1     0.01  0.99    0.04822428  0.02580851      0.50319401  0.49609389
//   row 2     0.99  0.01    0.04796134  0.02563728      0.50332258  0.49620653
//   row 3     0.01  0.99    0.04770004  0.02546734      0.50345107  0.49631910
//   row 4     0.99  0.01    0.04744036  0.02529867      0.50357948  0.49643160
//   numpy loop, 1000 iterations: E_total  1.96040000, w5 =-32.1731
//   numpy loop, 10000 iterations: E_total  1.96040000, w5 =-325.6914
//
// Bug 8, the two copies sum dE_total/dOut h1 differently. Row 1's dw1, first time round:
//   seed 001, dE_dOut_h1[row][0] + dE_dOut_h1[row][1]:  0.00033623
//   seed 000, dE_dOut_h1[row] + dE_dOut_h1[row]:      (  0.00089972, -0.00022727 )
//   a pair, each path doubled and never added: weights_h becomes 2x2x2.
//   w1 after 100 iterations: seed 001  0.07552790, seed 000 (  0.07101680,  0.08003900 )
