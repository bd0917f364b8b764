// What each command does once its command line is read: one function per command, taking the
// options tools/command_line.cpp (the one file that knows CLI11) filled in. Nothing here knows
// how options are spelled, so no command's file compiles the argument parser.
#pragma once

#include <string>
#include <vector>

#include "tools/explain_common.hpp"
#include "tools/options.hpp"

namespace chainrule::tools {

// check, eval, grad and train: `run(const Options&)`, tools/options.hpp (tools/run.cpp).

int run_explain(const ExplainOptions& options);  // tools/explain_command.cpp
int run_formula(const ExplainOptions& options);  // tools/formula_command.cpp
int run_hessian(const ExplainOptions& options);  // tools/hessian_command.cpp
int run_dot(const ExplainOptions& options);      // tools/dot_command.cpp

struct NetworkOptions {
  std::string shape;
  std::string bias = "per-neuron";
  std::string activation = "sigmoid";
  std::string layout = "tutorial";
  std::string loss = "half-sse";
  std::string output;  // "": the output layer's function is --activation's
  std::string output_prefix = "y";
  std::string init;
  std::string rate;
  bool rate_given = false;  // --lr '' is an error, not "no --lr"
  std::string rows;         // --rows: a CSV file of the data set
};

// --output: the output layer's function. sigmoid and identity apply neuron by neuron;
// softmax is a function of the whole layer, not an nn::Activation (Architecture's
// softmax_output; nn/derivation_file.cpp writes it), so its layer's activation is identity.
inline const std::vector<std::string> kNetworkOutputFunctions = {"sigmoid", "identity", "softmax"};

int run_network(const NetworkOptions& options);  // tools/network_command.cpp

}  // namespace chainrule::tools
