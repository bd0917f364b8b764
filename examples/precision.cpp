// How much precision a gradient needs. First the same gradient, tutorial A's dE_total/dw1 (the
// deepest one, through both output paths), in float, double, 50 and 1000 significant digits,
// each from one reverse sweep of the same nn network. Then the classic picture of finite
// differences: the error of (E(w1 + h) - E(w1))/h and of the central difference against the
// exact gradient as the step h shrinks, in double and at 100 digits. In double the error falls
// with h until rounding (about 1e-16 * E / h) takes over and it rises again; at 100 digits the
// central difference keeps falling as h^2 over the whole range.
//
// With a directory argument (docs/plots.sh passes docs/) it also writes precision_fd.csv there
// and, where gnuplot is installed, precision_fd.png.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "engine/tape.hpp"  // Tape<float> is one of the engine's own instantiations
#include "nn/network.hpp"    // self-sufficient: Network<float> is instantiated here
#include "nn/plot.hpp"
#include "nn/tutorials.hpp"

namespace {

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::engine::to_decimal;
using namespace chainrule::nn;

// Tutorial A's first row in T. float has no engine::parse_decimal; strtof is its correctly
// rounded decimal conversion, so "0.11" never passes through a double either way.
template <class T>
Network<T> tutorial_a() {
  Network<T> net(tutorial_a_architecture());
  for (const auto& [name, text] : tutorial_a_values()) {
    if constexpr (std::is_same_v<T, float>)
      net.set(name, std::strtof(text.c_str(), nullptr));
    else
      net.set(name, parse_decimal<T>(text));
  }
  net.evaluate();
  return net;
}

template <class T>
T dE_dw1() {
  auto net = tutorial_a<T>();
  return net.sensitivities()[net.parameter("w1").node];
}

std::string agreement(const Real& value, const Real& exact) {
  const Real error = abs(value - exact) / abs(exact);
  if (error == 0) return "all";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", -static_cast<double>(log10(error)));
  return buffer;
}

void four_types() {
  const float in_float = dE_dw1<float>();
  const double in_double = dE_dw1<double>();
  chainrule::engine::set_working_digits(50);
  const std::string in_50 = to_decimal(dE_dw1<Real>(), 50);
  chainrule::engine::set_working_digits(1000);
  const Real exact = dE_dw1<Real>();
  const std::string in_1000 = to_decimal(exact, 1000);
  std::cout << "Tutorial A's dE_total/dw1, one reverse sweep in each number type\n"
            << "  type         value                                                  digits "
               "agreeing with 1000\n";
  auto row = [&](const char* type, const std::string& text, const Real& value) {
    std::cout << "  " << type << text << std::string(text.size() < 55 ? 55 - text.size() : 1, ' ')
              << agreement(value, exact) << "\n";
  };
  row("float        ", to_decimal(static_cast<double>(in_float), 9), Real(in_float));
  row("double       ", to_decimal(in_double, 17), Real(in_double));
  row("50 digits    ", in_50, parse_decimal<Real>(in_50));
  std::cout << "  1000 digits  " << in_1000.substr(0, 52) << "...\n"
            << "               (" << in_1000.size() - 2
            << " digits after the point; the last 20: " << in_1000.substr(in_1000.size() - 20)
            << ")\n";
}

}  // namespace

namespace {

// Relative errors of the forward and central differences of E with respect to w1 at one step h.
struct Differences {
  std::string h;
  bool whole_decade;
  double forward_double, central_double, forward_100, central_100;
};

template <class T>
std::pair<T, T> differences(Network<T>& net, const T& h) {
  const Parameter& w1 = net.parameter("w1");
  const T centre = net.value(w1);
  const T e = net.evaluate();
  net.set(w1, centre + h);
  const T up = net.evaluate();
  net.set(w1, centre - h);
  const T down = net.evaluate();
  net.set(w1, centre);
  return {T((up - e) / h), T((up - down) / (2 * h))};
}

std::vector<Differences> step_sizes() {
  chainrule::engine::set_working_digits(100);
  auto exact_net = tutorial_a<Real>();
  const Real exact = exact_net.sensitivities()[exact_net.parameter("w1").node];
  auto in_double = tutorial_a<double>();
  auto relative = [&](const Real& value) {
    return static_cast<double>(abs(value - exact) / abs(exact));
  };
  std::vector<Differences> rows;
  for (int half_decades = 2; half_decades <= 32; ++half_decades) {
    // h = 10^(-half_decades/2), computed in each type from the exact decimal when there is one
    const bool whole = half_decades % 2 == 0;
    const std::string text = whole ? "1e-" + std::to_string(half_decades / 2) : "";
    const Real h = whole ? parse_decimal<Real>(text) : Real(pow(Real(10), Real(-half_decades) / 2));
    const double h_double =
        whole ? parse_decimal<double>(text) : std::pow(10.0, -half_decades / 2.0);
    const auto [forward_d, central_d] = differences(in_double, h_double);
    const auto [forward_r, central_r] = differences(exact_net, h);
    rows.push_back({to_decimal(h, 6), whole, relative(Real(forward_d)), relative(Real(central_d)),
                    relative(forward_r), relative(central_r)});
  }
  return rows;
}

std::string scientific(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%9.1e", value);
  return buffer;
}

void write_curve(const std::string& directory, const std::vector<Differences>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows)
    cells.push_back({r.h, to_decimal(r.forward_double, 3), to_decimal(r.central_double, 3),
                     to_decimal(r.forward_100, 3), to_decimal(r.central_100, 3)});
  const std::filesystem::path csv = std::filesystem::path(directory) / "precision_fd.csv";
  write_csv(csv,
            {"h", "forward double", "central double", "forward 100 digits", "central 100 digits"},
            cells);
  Plot plot;
  plot.csv = csv;
  plot.png = std::filesystem::path(directory) / "precision_fd.png";
  plot.title =
      "Finite differences of tutorial A's dE/dw1: relative error against the exact gradient";
  plot.x_label = "step h";
  plot.y_label = "relative error";
  plot.log_x = plot.log_y = plot.points = true;
  plot.key = "bottom right";
  plot.curves = {{2, "forward, double"},
                 {3, "central, double"},
                 {4, "forward, 100 digits"},
                 {5, "central, 100 digits"}};
  std::cerr << (draw(plot) ? "wrote " : "gnuplot missing or failed; wrote the data and script for ")
            << plot.png.string() << "\n";
}

void finite_differences(const char* directory) {
  const auto rows = step_sizes();
  std::cout << "\nFinite differences of E in w1 against the exact dE_total/dw1 (from a 100-digit "
               "sweep):\n"
               "relative error of (E(w1+h) - E(w1))/h and (E(w1+h) - E(w1-h))/2h\n"
               "  h          forward    central    forward    central\n"
               "             double     double     100 digits 100 digits\n";
  const Differences* best_forward = &rows.front();
  const Differences* best_central = &rows.front();
  for (const auto& r : rows) {
    if (r.forward_double < best_forward->forward_double) best_forward = &r;
    if (r.central_double < best_central->central_double) best_central = &r;
    if (!r.whole_decade) continue;
    std::cout << "  " << r.h << std::string(r.h.size() < 10 ? 10 - r.h.size() : 1, ' ')
              << scientific(r.forward_double) << "  " << scientific(r.central_double) << "  "
              << scientific(r.forward_100) << "  " << scientific(r.central_100) << "\n";
  }
  std::cout << "In double the forward difference does best at h = " << best_forward->h << " (error"
            << scientific(best_forward->forward_double)
            << "),\nthe central one at h = " << best_central->h << " (error"
            << scientific(best_central->central_double)
            << "). Below those, rounding takes over: E is\nabout 0.3 but dE/dw1 only 3.4e-4, so "
               "E's last bit (6e-17) over h swamps the difference.\nFrom h = 1e-14 on, E(w1 + h) "
               "rounds to E(w1) itself and the error is 100%. At 100\ndigits rounding never shows: "
               "the errors fall as h and h^2 all the way down.\n";
  if (directory) write_curve(directory, rows);
}

}  // namespace

int main(int argc, char** argv) {
  four_types();
  finite_differences(argc > 1 ? argv[1] : nullptr);
}

// clang-format off
// Output:
// Tutorial A's dE_total/dw1, one reverse sweep in each number type
//   type         value                                                  digits agreeing with 1000
//   float        0.000336228084                                         7.4
//   double       0.00033622809723198911                                 15.6
//   50 digits    0.00033622809723198919218327560080415829452376410889087 50.0
//   1000 digits  0.00033622809723198919218327560080415829452376410889...
//                (1003 digits after the point; the last 20: 68334327850594658401)
//
// Finite differences of E in w1 against the exact dE_total/dw1 (from a 100-digit sweep):
// relative error of (E(w1+h) - E(w1))/h and (E(w1+h) - E(w1-h))/2h
//   h          forward    central    forward    central
//              double     double     100 digits 100 digits
//   0.1         3.2e-04    6.6e-07    3.2e-04    6.6e-07
//   0.01        3.2e-05    6.6e-09    3.2e-05    6.6e-09
//   0.001       3.2e-06    1.0e-10    3.2e-06    6.6e-11
//   0.0001      3.2e-07    6.0e-10    3.2e-07    6.6e-13
//   0.00001     5.5e-08    1.1e-08    3.2e-08    6.6e-15
//   0.000001    1.5e-07    1.1e-08    3.2e-09    6.6e-17
//   0.0000001   2.8e-06    1.1e-06    3.2e-10    6.6e-19
//   1e-8        2.4e-05    5.1e-07    3.2e-11    6.6e-21
//   1e-9        1.6e-04    8.8e-06    3.2e-12    6.6e-23
//   1e-10       1.1e-03    5.0e-04    3.2e-13    6.6e-25
//   1e-11       9.4e-03    1.1e-03    3.2e-14    6.6e-27
//   1e-12       3.4e-01    1.7e-01    3.2e-15    6.6e-29
//   1e-13       2.7e+00    1.0e+00    3.2e-16    6.6e-31
//   1e-14       1.0e+00    1.0e+00    3.2e-17    6.6e-33
//   1e-15       1.0e+00    1.0e+00    3.2e-18    6.6e-35
//   1e-16       1.0e+00    1.0e+00    3.2e-19    6.6e-37
// In double the forward difference does best at h = 0.00001 (error  5.5e-08),
// the central one at h = 0.001 (error  1.0e-10). Below those, rounding takes over: E is
// about 0.3 but dE/dw1 only 3.4e-4, so E's last bit (6e-17) over h swamps the difference.
// From h = 1e-14 on, E(w1 + h) rounds to E(w1) itself and the error is 100%. At 100
// digits rounding never shows: the errors fall as h and h^2 all the way down.
