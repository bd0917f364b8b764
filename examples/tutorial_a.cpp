// Seed tutorial A, "Neural Network from Scratch using numpy", rebuilt with nn and told in the
// tutorial's own notation: the forward pass, E_total, the chain for dE_total/dw5 factor by
// factor and the update of w5, the chain for dE_total/dw1 through both output paths and the
// update of w1. Every number is shown as published, in double at 8 decimals, and at 50
// significant digits; every derivative is a reverse sweep of the engine, not a formula.
// Then the training the tutorial intends, done right, on its 4-row data set: SGD one row at a
// time, all eight weights and both biases, 100 and then 10,000 epochs, in double and at 50
// digits (about two seconds in all).
//
// With a directory argument (docs/plots.sh passes docs/) it also writes tutorial_a_loss.csv
// there and, where gnuplot is installed, tutorial_a_loss.png.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "nn/network.hpp"
#include "nn/plot.hpp"
#include "nn/train.hpp"
#include "nn/tutorials.hpp"

namespace {

using chainrule::engine::parse_decimal;
using chainrule::engine::Real;
using chainrule::engine::to_decimal;
using namespace chainrule::nn;

std::string places(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string pad(std::string text, std::size_t width) {
  return text.size() < width ? text + std::string(width - text.size(), ' ') : text + " ";
}

// d(of)/d(wrt): the adjoint of `wrt` in one reverse sweep seeded at `of`.
template <class T>
T d(const Network<T>& net, const char* of, const char* wrt) {
  return chainrule::engine::sweep(net.tape(), net.node(of))[net.node(wrt)];
}

struct Line {
  const char* notation;   // as the tutorial writes it
  const char* published;  // the number it prints
};

// A '*' where the published number is not the exact value rounded to the digits printed.
std::string mark(const Real& exact, const std::string& published) {
  const auto point = published.find('.');
  const int decimals = static_cast<int>(published.size() - point - 1);
  const Real unit = pow(Real(10), -decimals);
  return abs(exact - parse_decimal<Real>(published)) <= unit / 2 ? "  " : " *";
}

template <class Values>
void section(const char* title, const std::vector<Line>& lines, const Values& values,
             const Network<double>& in_double, const Network<Real>& exact) {
  std::cout << "\n" << title << "\n";
  const auto d = values(in_double);
  const auto r = values(exact);
  for (std::size_t k = 0; k < lines.size(); ++k)
    std::cout << "  " << pad(lines[k].notation, 36)
              << pad(lines[k].published + mark(r[k], lines[k].published), 13)
              << pad(places(d[k], 8), 13) << to_decimal(r[k], 50) << "\n";
}

void forward_pass(const Network<double>& in_double, const Network<Real>& exact) {
  std::cout << "Tutorial A, first row\n  " << pad("quantity, in the tutorial's notation", 36)
            << pad("published", 13) << pad("double", 13) << "50 significant digits\n";
  section(
      "Forward pass",
      {{"h1 = x1w1 + x2w2 + b1", "0.4176"},
       {"Out h1 = 1/(1+e^-h1)", "0.60290881"},
       {"h2 = x1w3 + x2w4 + b1", "0.4425"},
       {"Out h2", "0.60885457"},
       {"y1 = Out h1*w5 + Out h2*w6 + b2", "0.97753007"},
       {"Out y1", "0.72661785"},
       {"y2 = Out h1*w7 + Out h2*w8 + b2", "0.73523685"},
       {"Out y2", "0.67595341"},
       {"E1 = 1/2 (T1 - Out y1)^2", "0.25677057"},
       {"E2 = 1/2 (T2 - Out y2)^2", "0.04931263"},
       {"E_total = E1 + E2", "0.3060832"}},
      [](const auto& n) {
        using T = std::decay_t<decltype(n.loss())>;
        std::vector<T> v;
        for (const char* name :
             {"h1", "out_h1", "h2", "out_h2", "y1", "out_y1", "y2", "out_y2", "E1", "E2", "E"})
          v.push_back(n.value(name));
        return v;
      },
      in_double, exact);
}

void chain_to_w5(const Network<double>& in_double, const Network<Real>& exact) {
  section(
      "dE_total/dw5 = dE_total/dOut y1 * dOut y1/dy1 * dy1/dw5, then w5 - 0.3 * dE_total/dw5",
      {{"dE_total/dOut y1 = -(T1 - Out y1)", "0.71661785"},
       {"dOut y1/dy1 = Out y1 (1 - Out y1)", "0.19864435"},
       {"dy1/dw5 = Out h1", "0.60290881"},
       {"dE_total/dw5", "0.08582533"},
       {"(new) w5", "0.41425240"}},
      [](const auto& n) {
        using T = std::decay_t<decltype(n.loss())>;
        const T eta = parse_decimal<T>(kTutorialALearningRate);
        return std::vector<T>{d(n, "E", "out_y1"), d(n, "out_y1", "y1"), d(n, "y1", "w5"),
                              d(n, "E", "w5"), T(n.value("w5") - eta * d(n, "E", "w5"))};
      },
      in_double, exact);
}

void chain_to_w1(const Network<double>& in_double, const Network<Real>& exact) {
  section(
      "dE_total/dw1 = dE_total/dOut h1 * dOut h1/dh1 * dh1/dw1, Out h1 feeding y1 and y2",
      {{"dE1/dOut y1", "0.71661785"},
       {"dE1/dy1", "0.14235209"},
       {"dy1/dOut h1 = w5", "0.44"},
       {"dE1/dOut h1 (the path through y1)", "0.06263492"},
       {"dE2/dOut y2", "-0.31404659"},
       {"dOut y2/dy2 = Out y2 (1 - Out y2)", "0.21904039"},
       {"dE2/dy2", "-0.06878889"},
       {"dy2/dOut h1 = w7", "0.23"},
       {"dE2/dOut h1 (the path through y2)", "-0.01582144"},
       {"dE_total/dOut h1 (both paths)", "0.04681348"},
       {"dOut h1/dh1 = Out h1 (1 - Out h1)", "0.23940978"},
       {"dh1/dw1 = x1", "0.03"},
       {"dE_total/dw1", "0.00033623"},
       {"(new) w1", "0.10989913"}},
      [](const auto& n) {
        using T = std::decay_t<decltype(n.loss())>;
        const T eta = parse_decimal<T>(kTutorialALearningRate);
        return std::vector<T>{d(n, "E1", "out_y1"), d(n, "E1", "y1"),
                              d(n, "y1", "out_h1"), d(n, "E1", "out_h1"),
                              d(n, "E2", "out_y2"), d(n, "out_y2", "y2"),
                              d(n, "E2", "y2"),     d(n, "y2", "out_h1"),
                              d(n, "E2", "out_h1"), d(n, "E", "out_h1"),
                              d(n, "out_h1", "h1"), d(n, "h1", "w1"),
                              d(n, "E", "w1"),      T(n.value("w1") - eta * d(n, "E", "w1"))};
      },
      in_double, exact);
  std::cout
      << "\n* dOut y2/dy2 is cut off after 8 places, not rounded. dE_total/dOut h1 is the sum of\n"
         "  the two rounded terms above it, 0.06263492 - 0.01582144; exactly it is 0.04681347.\n";
}

}  // namespace

namespace {

std::string places(const Real& value, int decimals) {
  return value.str(decimals, std::ios_base::fixed);
}

// The tutorial's "total error" over its data set: 1/2 (T - out)^2 summed over outputs and rows.
template <class T>
void train_epochs(Network<T>& net, const Dataset<T>& data, long done, long epochs, long every,
                  std::vector<LossRecord<T>>& history) {
  TrainOptions<T> options{parse_decimal<T>(kTutorialALearningRate)};
  options.epochs = epochs;
  options.record_every = every;
  options.history_rows = RowReduction::Sum;
  for (const auto& record : train(net, data, options))
    if (done == 0 || record.epoch > 0) history.push_back({done + record.epoch, record.loss});
}

void print_losses(const std::vector<LossRecord<double>>& in_double,
                  const std::vector<LossRecord<Real>>& exact, long from, long to, long every) {
  std::cout << "  epoch  E_total in double     E_total at 50 digits\n";
  for (std::size_t k = 0; k < exact.size(); ++k) {
    const long epoch = exact[k].epoch;
    if (epoch < from || epoch > to || epoch % every != 0) continue;
    std::cout << "  " << pad(std::to_string(epoch), 7) << pad(to_decimal(in_double[k].loss, 17), 22)
              << to_decimal(exact[k].loss, 30) << "\n";
  }
}

template <class T>
void print_predictions(Network<T>& net, const Dataset<T>& data, const char* when) {
  std::cout << "  predictions " << when << " (shown to 8 places):\n"
            << "    x1    x2    T1    T2    Out y1      Out y2\n";
  for (std::size_t r = 0; r < data.rows(); ++r) {
    net.forward(data.inputs[r], data.targets[r]);
    std::cout << "    " << places(data.inputs[r][0], 2) << "  " << places(data.inputs[r][1], 2)
              << "  " << places(data.targets[r][0], 2) << "  " << places(data.targets[r][1], 2)
              << "  " << places(net.outputs()[0], 8) << "  " << places(net.outputs()[1], 8) << "\n";
  }
}

void print_parameters(const Network<double>& in_double, const Network<Real>& exact) {
  std::cout << "  parameters after 10,000 epochs:\n    name  double                  50 digits (25 "
               "shown)            agreeing digits\n";
  for (const auto& p : exact.parameters()) {
    const double d = in_double.value(p.name);
    const double r = static_cast<double>(exact.value(p));
    const int agreeing = static_cast<int>(std::floor(-std::log10(std::abs(d - r) / std::abs(r))));
    std::cout << "    " << pad(p.name, 6) << pad(to_decimal(d, 17), 24)
              << pad(to_decimal(exact.value(p), 25), 32) << agreeing << "\n";
  }
}

void write_loss_curve(const std::string& directory,
                      const std::vector<LossRecord<double>>& in_double,
                      const std::vector<LossRecord<Real>>& exact) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < exact.size(); ++k)
    rows.push_back({std::to_string(exact[k].epoch), to_decimal(in_double[k].loss, 17),
                    to_decimal(exact[k].loss, 50), "0.9604"});
  const std::filesystem::path csv = std::filesystem::path(directory) / "tutorial_a_loss.csv";
  write_csv(csv, {"epoch", "E_total double", "E_total 50 digits", "input-blind best"}, rows);
  Plot plot;
  plot.csv = csv;
  plot.png = std::filesystem::path(directory) / "tutorial_a_loss.png";
  plot.title = "Tutorial A trained right: SGD row by row, eta = 0.3, its 4 rows (epoch 0: 1.1254)";
  plot.x_label = "epoch";
  plot.y_label = "E_total (summed over the 4 rows)";
  plot.log_x = true;
  plot.curves = {{2, "double"}, {3, "50 digits"}, {4, "every output 0.5: 0.9604"}};
  Plot zoom = plot;
  zoom.png = std::filesystem::path(directory) / "tutorial_a_loss_zoom.png";
  zoom.title = "The same, zoomed in: E_total creeps under the input-blind 0.9604";
  zoom.y_range = "[0.9602:0.9606]";
  for (const Plot& p : {plot, zoom})
    std::cerr << (draw(p) ? "wrote " : "gnuplot missing or failed; wrote the data and script for ")
              << p.png.string() << "\n";
}

// Past 10,000 epochs, in double only (the two agree to 13 digits at 10,000; see above).
void beyond(Network<double>& net, const Dataset<double>& data) {
  std::cout << "Going on in double, E_total after\n";
  for (long done = 10000; done < 100000; done += 10000) {
    TrainOptions<double> options{0.3};
    options.epochs = 10000;
    options.history_rows = RowReduction::Sum;
    options.record_every = 10000;
    std::cout << "  " << pad(std::to_string(done + 10000), 7)
              << places(train(net, data, options).back().loss, 8) << "\n";
  }
  print_predictions(net, data, "after 100,000 epochs, double");
  std::cout
      << "The best any output that is affine in x1 can do is 0.76832; to fit the alternating\n"
         "targets the outputs would have to rise and fall across a span of 0.03 in x1.\n";
}

void training(const char* directory) {
  std::cout
      << "\nTraining as the tutorial intends, done right: SGD one row at a time, eta = 0.3,\n"
         "all eight weights and both biases, the 4 rows in order, forward pass redone for\n"
         "every row. E_total = 1/2 (T - out)^2 summed over both outputs and all 4 rows; a\n"
         "network that ignored its inputs could do no better than 0.9604 (every output 0.5).\n\n";
  Network<double> in_double(tutorial_a_architecture());
  Network<Real> exact(tutorial_a_architecture());
  assign(in_double, tutorial_a_values());
  assign(exact, tutorial_a_values());
  const auto data_double = make_dataset<double>(tutorial_a_input_rows(), tutorial_a_target_rows());
  const auto data = make_dataset<Real>(tutorial_a_input_rows(), tutorial_a_target_rows());
  std::vector<LossRecord<double>> history_double;
  std::vector<LossRecord<Real>> history;
  train_epochs(in_double, data_double, 0, 100, 1, history_double);
  train_epochs(exact, data, 0, 100, 1, history);
  std::cout << "100 epochs\n";
  print_losses(history_double, history, 0, 100, 10);
  print_predictions(exact, data, "after 100 epochs");
  train_epochs(in_double, data_double, 100, 9900, 10, history_double);
  train_epochs(exact, data, 100, 9900, 10, history);
  std::cout << "\n10,000 epochs\n";
  print_losses(history_double, history, 1000, 10000, 1000);
  print_parameters(in_double, exact);
  print_predictions(exact, data, "after 10,000 epochs");
  std::cout
      << "\nE_total after 10,000 epochs is " << places(history.back().loss, 8)
      << ", just under the input-blind 0.9604. The inputs\n"
         "move in lockstep (x2 - x1 = 0.06 on every row) while the targets alternate, so the\n"
         "only pattern within reach is a trend in x1, and the gradient towards it is tiny.\n";
  beyond(in_double, data_double);
  if (directory) write_loss_curve(directory, history_double, history);
}

}  // namespace

int main(int argc, char** argv) {
  chainrule::engine::set_working_digits(50);
  Network<double> in_double(tutorial_a_architecture());
  Network<Real> exact(tutorial_a_architecture());
  assign(in_double, tutorial_a_values());
  assign(exact, tutorial_a_values());
  in_double.evaluate();
  exact.evaluate();
  forward_pass(in_double, exact);
  chain_to_w5(in_double, exact);
  chain_to_w1(in_double, exact);
  training(argc > 1 ? argv[1] : nullptr);
}

// clang-format off
// Output:
// Tutorial A, first row
//   quantity, in the tutorial's notation published    double       50 significant digits
//
// Forward pass
//   h1 = x1w1 + x2w2 + b1               0.4176       0.41760000   0.4176
//   Out h1 = 1/(1+e^-h1)                0.60290881   0.60290881   0.60290880855153478457350743513999610182405182584933
//   h2 = x1w3 + x2w4 + b1               0.4425       0.44250000   0.4425
//   Out h2                              0.60885457   0.60885457   0.60885456921095039707455684666864416688512985192886
//   y1 = Out h1*w5 + Out h2*w6 + b2     0.97753007   0.97753007   0.97753006898393149580813055786254748490744513229956
//   Out y1                              0.72661785   0.72661785   0.72661785322382126434425349075247256940923070053887
//   y2 = Out h1*w7 + Out h2*w8 + b2     0.73523685   0.73523685   0.73523685103802861560352819561610591181621957700472
//   Out y2                              0.67595341   0.67595341   0.67595340983340608205155005354804741087559377808916
//   E1 = 1/2 (T1 - Out y1)^2            0.25677057   0.25677057   0.25677057377955911843517236861712234662732233755998
//   E2 = 1/2 (T2 - Out y2)^2            0.04931263   0.04931263   0.049312630397632301860327268217625746063840544348766
//   E_total = E1 + E2                   0.3060832    0.30608320   0.30608320417719142029549963683474809269116288190875
//
// dE_total/dw5 = dE_total/dOut y1 * dOut y1/dy1 * dy1/dw5, then w5 - 0.3 * dE_total/dw5
//   dE_total/dOut y1 = -(T1 - Out y1)   0.71661785   0.71661785   0.71661785322382126434425349075247256940923070053887
//   dOut y1/dy1 = Out y1 (1 - Out y1)   0.19864435   0.19864435   0.19864434860022660218702368370317842476640141140813
//   dy1/dw5 = Out h1                    0.60290881   0.60290881   0.60290880855153478457350743513999610182405182584933
//   dE_total/dw5                        0.08582533   0.08582533   0.085825326956336517074464299227195008939234428844251
//   (new) w5                            0.41425240   0.41425240   0.41425240191309904487766071023184149731822967134672
//
// dE_total/dw1 = dE_total/dOut h1 * dOut h1/dh1 * dh1/dw1, Out h1 feeding y1 and y2
//   dE1/dOut y1                         0.71661785   0.71661785   0.71661785322382126434425349075247256940923070053887
//   dE1/dy1                             0.14235209   0.14235209   0.14235208664893877223129337588732666329996216892125
//   dy1/dOut h1 = w5                    0.44         0.44000000   0.44
//   dE1/dOut h1 (the path through y1)   0.06263492   0.06263492   0.06263491812553305978176908539042373185198335432535
//   dE2/dOut y2                         -0.31404659   -0.31404659  -0.31404659016659391794844994645195258912440622191084
//   dOut y2/dy2 = Out y2 (1 - Out y2)   0.21904039 * 0.21904040   0.21904039756799743586882641108766204521423700877509
//   dE2/dy2                             -0.06878889   -0.06878889  -0.068788889964964685883187441735544120569725408215118
//   dy2/dOut h1 = w7                    0.23         0.23000000   0.23
//   dE2/dOut h1 (the path through y2)   -0.01582144   -0.01582144  -0.015821444691941877753133111599175147731036843889477
//   dE_total/dOut h1 (both paths)       0.04681348 * 0.04681347   0.046813473433591182028635973791248584120946510435873
//   dOut h1/dh1 = Out h1 (1 - Out h1)   0.23940978   0.23940978   0.23940977712250356119381650434666612101970610402165
//   dh1/dw1 = x1                        0.03         0.03000000   0.03
//   dE_total/dw1                        0.00033623   0.00033623   0.00033622809723198919218327560080415829452376410889087
//   (new) w1                            0.10989913   0.10989913   0.10989913157083040324234501731975875251164287076733
//
// * dOut y2/dy2 is cut off after 8 places, not rounded. dE_total/dOut h1 is the sum of
//   the two rounded terms above it, 0.06263492 - 0.01582144; exactly it is 0.04681347.
//
// Training as the tutorial intends, done right: SGD one row at a time, eta = 0.3,
// all eight weights and both biases, the 4 rows in order, forward pass redone for
// every row. E_total = 1/2 (T - out)^2 summed over both outputs and all 4 rows; a
// network that ignored its inputs could do no better than 0.9604 (every output 0.5).
//
// 100 epochs
//   epoch  E_total in double     E_total at 50 digits
//   0      1.1254337344612939    1.12543373446129385971087190548
//   10     0.96578611061906883   0.965786110619068953937575581668
//   20     0.96114735696549536   0.961147356965495353213901751886
//   30     0.96072918865177936   0.960729188651779542050984103474
//   40     0.96057682356264806   0.960576823562648125050905196329
//   50     0.96050768281784371   0.960507682817843672877160176221
//   60     0.96047368913305775   0.960473689133057829503260456214
//   70     0.96045570447145878   0.960455704471458809023570974194
//   80     0.96044550714505128   0.960445507145051346566703708997
//   90     0.96043933260420733   0.960439332604207301197421781062
//   100    0.96043534512337558   0.960435345123375624414208969598
//   predictions after 100 epochs (shown to 8 places):
//     x1    x2    T1    T2    Out y1      Out y2
//     0.03  0.09  0.01  0.99  0.50319401  0.49609389
//     0.04  0.10  0.99  0.01  0.50332258  0.49620653
//     0.05  0.11  0.01  0.99  0.50345107  0.49631910
//     0.06  0.12  0.99  0.01  0.50357948  0.49643160
//
// 10,000 epochs
//   epoch  E_total in double     E_total at 50 digits
//   1000   0.96039256730512546   0.960392567305125527041672126222
//   2000   0.96038327808782986   0.960383278087829956281801551666
//   3000   0.96037731105551849   0.960377311055518483817169155848
//   4000   0.96037134922005418   0.960371349220054125715726307157
//   5000   0.96036468960481314   0.960364689604813086520988116955
//   6000   0.96035700752534325   0.960357007525343290358591179727
//   7000   0.96034804214195302   0.960348042141953016820405430286
//   8000   0.96033751555730817   0.960337515557308304228588693208
//   9000   0.96032509473240479   0.960325094732404885483638229211
//   10000  0.96031035876914828   0.960310358769148316278504189792
//   parameters after 10,000 epochs:
//     name  double                  50 digits (25 shown)            agreeing digits
//     w1    -0.099899139572029769   -0.09989913957202662471504855   13
//     w2    -0.021926274451092641   -0.02192627445109064071229544   13
//     w3    0.31127917232268376     0.3112791723226798913621232     13
//     w4    0.55459250828084616     0.5545925082808433057065543     14
//     w5    -0.043267625505394085   -0.04326762550539114409876922   13
//     w6    0.47165782910227483     0.4716578291022707803518952     14
//     w7    0.39738653379452327     0.3973865337945190013626472     13
//     w8    -0.021224930490002923   -0.02122493049000091877301997   13
//     b1    -2.4218966486816513     -2.421896648681676694213596     13
//     b2    -0.033972488912440424   -0.03397248891243952264463346   13
//   predictions after 10,000 epochs (shown to 8 places):
//     x1    x2    T1    T2    Out y1      Out y2
//     0.03  0.09  0.01  0.99  0.50077754  0.49911185
//     0.04  0.10  0.99  0.01  0.50085912  0.49909920
//     0.05  0.11  0.01  0.99  0.50094127  0.49908654
//     0.06  0.12  0.99  0.01  0.50102401  0.49907386
//
// E_total after 10,000 epochs is 0.96031036, just under the input-blind 0.9604. The inputs
// move in lockstep (x2 - x1 = 0.06 on every row) while the targets alternate, so the
// only pattern within reach is a trend in x1, and the gradient towards it is tiny.
// Going on in double, E_total after
//   20000  0.95964788
//   30000  0.86716506
//   40000  0.80143851
//   50000  0.79409779
//   60000  0.79157204
//   70000  0.79032114
//   80000  0.78955149
//   90000  0.78899840
//   100000 0.78855301
//   predictions after 100,000 epochs, double (shown to 8 places):
//     x1    x2    T1    T2    Out y1      Out y2
//     0.03  0.09  0.01  0.99  0.26274290  0.73718544
//     0.04  0.10  0.99  0.01  0.45046372  0.54942500
//     0.05  0.11  0.01  0.99  0.61299092  0.38693667
//     0.06  0.12  0.99  0.01  0.72547526  0.27453041
// The best any output that is affine in x1 can do is 0.76832; to fit the alternating
// targets the outputs would have to rise and fall across a span of 0.03 in x1.
