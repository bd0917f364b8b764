// What the command line asked for, shared by every subcommand.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule::tools {

struct Options {
  std::string command;  // check, eval, grad, train
  std::string file;
  int digits = 50;
  bool use_double = false;
  bool json = false;
  bool strict = false;
  std::string of;    // grad
  std::string loss;  // train
  std::string wrt;
  std::string rate;
  long steps = -1;        // train: updates; -1 when --epochs is given instead
  long epochs = -1;       // train: passes over the data table
  std::size_t batch = 0;  // train: rows per update; 0 for the full batch
  long every = 1;
  long steps_per_epoch = 1;       // train with --epochs: the updates in one (set by train itself)
  std::string optimizer = "sgd";  // train: sgd, momentum, nesterov, adam
  // Its hyperparameters as decimal text, PyTorch's defaults (engine/optimizer.hpp).
  std::string momentum = "0.9", beta1 = "0.9", beta2 = "0.999", eps = "1e-8";
  std::vector<std::string> hyperparameters_given;  // which of --momentum ... --eps were given
  bool trace = false;                              // train: every trained leaf at every step
  std::string csv;
  bool progress = false;  // train: progress on standard error even when it is not a terminal
};

// Runs one subcommand and returns the process exit status.
int run(const Options& options);

}  // namespace chainrule::tools
