// `chainrule network SHAPE`: a fully connected network written as a derivation file, the
// scaffold for checking a hand derivation of any network. The file is what nn builds: its
// inputs, targets and parameters as leaves (from --init, else nn's documented default), one
// named definition per net input, activation and error, so `chainrule eval/grad/check` work on it.
#include <algorithm>
#include <climits>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "engine/certified.hpp"
#include "engine/number.hpp"
#include "nn/derivation_file.hpp"
#include "nn/network.hpp"
#include "nn/values.hpp"
#include "tools/flags.hpp"
#include "tools/input_file.hpp"
#include "tools/result.hpp"
#include "tools/runs.hpp"
#include "verify/limits.hpp"
#include "verify/parser.hpp"

namespace chainrule::tools {

namespace {

std::string command_line(const NetworkOptions& o) {
  std::string text = "chainrule network " + o.shape + " --bias " + o.bias + " --activation " +
                     o.activation + " --layout " + o.layout + " --loss " + o.loss;
  if (!o.output.empty()) text += " --output " + o.output;
  if (o.output_prefix != "y") text += " --output-prefix " + o.output_prefix;
  if (!o.init.empty()) text += " --init " + o.init;
  if (!o.rate.empty()) text += " --lr " + o.rate;
  if (!o.rows.empty()) text += " --rows " + o.rows;
  return text;
}

// The most weights a network may have: its file then reads back (`chainrule eval`) within
// a few seconds and well under 2 GiB, in MPFR and in double (bench/README.md). Checked
// before anything is built, so a huge shape is refused at once.
constexpr long long kMaxNetworkWeights = 100'000;

long long weights_of(const std::vector<int>& sizes) {
  long long weights = 0;
  for (std::size_t k = 1; k < sizes.size(); ++k) {
    const long long layer = static_cast<long long>(sizes[k - 1]) * sizes[k];  // fits: 2^62
    weights = layer > LLONG_MAX - weights ? LLONG_MAX : weights + layer;
  }
  return weights;
}

// Why chainrule could not read `text` back (the file size, a parse error, the graph's
// limits at the default 50 digits), or "" when it can.
std::string unreadable_because(const std::string& text) {
  if (text.size() > kMaxFileBytes)
    return "it would be " + std::to_string(text.size()) + " bytes, more than the limit of " +
           std::to_string(kMaxFileBytes);
  auto parsed = verify::parse(text, "network");
  if (!parsed.errors.empty())
    return "line " + std::to_string(parsed.errors.front().pos.line) + ": " +
           parsed.errors.front().message;
  // A value of --init, --rows or --lr whose exponent or size a file's literal may not have.
  if (const auto literals = verify::literal_errors<engine::Certified>(parsed.document);
      !literals.empty())
    return "line " + std::to_string(literals.front().pos.line) + ": " + literals.front().message;
  const verify::CompileLimits limits;
  const auto nodes = std::min(verify::graph_node_limit<engine::Real>(limits),
                              verify::graph_node_limit<engine::Certified>(limits));
  auto errors = verify::graph_size_errors(parsed.document, nodes,
                                          verify::sweep_visit_limit<engine::Real>(limits),
                                          verify::RecordPolicy::AsNeeded);
  if (!errors.empty())
    return "line " + std::to_string(errors.front().pos.line) + ": " + errors.front().message;
  return {};
}

// --activation's list with --output in place of the output layer's: a single activation is
// then the hidden layers', and a list names the hidden layers only.
Result<std::vector<nn::Activation>> with_output(std::vector<nn::Activation> activations,
                                                const NetworkOptions& o, int layers) {
  if (o.output.empty()) return activations;
  const auto hidden = static_cast<std::size_t>(layers - 1);
  if (activations.size() != 1 && activations.size() != hidden)
    return Failure{
        "error: with --output, --activation gives the hidden layers' functions: one, "
        "or one per hidden layer (" +
        std::to_string(hidden) + ")\n"};
  if (activations.size() == 1) activations.assign(hidden, activations.front());
  activations.push_back(*nn::parse_activation(o.output == "softmax" ? "identity" : o.output));
  return activations;
}

Result<nn::Architecture> architecture_of(const NetworkOptions& o) {
  nn::Architecture a;
  auto sizes = nn::parse_sizes(o.shape);
  if (!sizes)
    return Failure{"error: '" + o.shape +
                   "' is not a shape: give layer sizes joined by '-', inputs first (2-3-2)\n"};
  if (const long long weights = weights_of(*sizes); weights > kMaxNetworkWeights)
    return Failure{"error: the network " + o.shape + " is too large: " + std::to_string(weights) +
                   " weights, more than the " + std::to_string(kMaxNetworkWeights) +
                   " whose derivation file chainrule reads back in seconds\n"};
  a.sizes = *sizes;
  std::stringstream list(o.activation);
  for (std::string item; std::getline(list, item, ',');) {
    auto activation = nn::parse_activation(item);
    if (!activation)
      return Failure{"error: '" + item +
                     "' is not an activation (sigmoid, tanh, relu, identity)\n"};
    a.activations.push_back(*activation);
  }
  auto activations = with_output(std::move(a.activations), o, a.layers());
  if (!activations) return Failure{activations.error()};
  a.activations = std::move(*activations);
  a.bias = o.bias == "shared" ? nn::BiasSharing::SharedPerLayer : nn::BiasSharing::PerNeuron;
  a.layout = o.layout == "keras" ? nn::WeightLayout::Keras : nn::WeightLayout::Tutorial;
  a.loss = *nn::parse_loss(o.loss);
  a.output_prefix = o.output_prefix;
  a.softmax_output = o.output == "softmax";
  if (auto why = nn::validate(a); !why.empty()) return Failure{"error: " + why + "\n"};
  return a;
}

// "PATH:LINE: error: MESSAGE" for each error of a values or rows file.
Failure file_errors(const std::string& path, const std::vector<nn::ValuesError>& errors) {
  std::string lines;
  for (const auto& error : errors)
    lines +=
        input_name(path) + ":" + std::to_string(error.line) + ": error: " + error.message + "\n";
  return Failure{lines};
}

Result<nn::ValuesFile> read_init(const std::string& path) {
  const auto text = input_text(path);
  if (!text) return Failure{text.error()};
  auto file = nn::parse_values(**text);
  if (file.errors.empty()) return file;
  return file_errors(path, file.errors);
}

// Every leaf's value as text: nn's default, replaced by what --init gives. The given text is
// kept as written, so no digit of it is lost to a working precision.
Result<nn::NamedValues> leaf_values(const NetworkOptions& o, const nn::Architecture& a,
                                    nn::Network<engine::Real>& net) {
  nn::NamedValues values;
  for (const auto& d : nn::default_values(a))
    values.emplace_back(d.name, nn::hundredths_text(d.hundredths));
  if (o.init.empty()) return values;
  auto init = read_init(o.init);
  if (!init) return Failure{init.error()};
  std::string errors;  // every name that is not a leaf, not only the first
  for (std::size_t k = 0; k < init->values.size(); ++k) {
    const auto& [name, text] = init->values[k];
    const bool leaf = net.has_node(name) && net.tape().is_leaf(net.node(name));
    if (!leaf) {
      errors += input_name(o.init) + ":" + std::to_string(init->lines[k]) + ": error: '" + name +
                "' is not an input, target or parameter of this " + o.shape + " network\n";
      continue;
    }
    for (auto& [leaf_name, value] : values)
      if (leaf_name == name) value = text;
  }
  if (!errors.empty()) return Failure{errors};
  return values;
}

// --rows FILE: the data set's rows (nn::parse_csv_rows), numbers as written.
Result<std::vector<std::vector<std::string>>> read_rows(const std::string& path,
                                                        const nn::Architecture& a) {
  const auto text = input_text(path);
  if (!text) return Failure{text.error()};
  auto file = nn::parse_csv_rows(**text, a);
  if (!file.errors.empty()) return file_errors(path, file.errors);
  return std::move(file.rows);
}

}  // namespace

int run_network(const NetworkOptions& o) {
  engine::set_working_digits(50);
  if (o.rate_given) {
    if (auto rate = check_decimal_flag<engine::Real>("--lr", o.rate); !rate) {
      std::cerr << rate.error();
      return 2;
    }
  }
  auto architecture = architecture_of(o);
  if (!architecture) {
    std::cerr << architecture.error();
    return 2;
  }
  nn::Network<engine::Real> net(*architecture);
  auto values = leaf_values(o, *architecture, net);
  if (!values) {
    std::cerr << values.error();
    return 2;
  }
  try {
    nn::assign(net, *values);
    net.evaluate();
  } catch (const std::domain_error& e) {
    // Still a file worth having: `chainrule eval` will point at the same node and line.
    std::cerr << "warning: " << e.what() << "\n";
  }
  nn::DerivationOptions options;
  options.command = command_line(o);
  // As the values of --init: the sign '+' is not part of a file's numbers.
  if (!o.rate.empty()) options.learning_rate = o.rate.front() == '+' ? o.rate.substr(1) : o.rate;
  if (!o.rows.empty()) {
    auto rows = read_rows(o.rows, *architecture);
    if (!rows) {
      std::cerr << rows.error();
      return 2;
    }
    options.rows = std::move(*rows);
  }
  const std::string text = nn::derivation_text(*architecture, *values, options);
  if (auto why = unreadable_because(text); !why.empty()) {
    std::cerr << "error: the network " << o.shape
              << " would make a derivation file chainrule cannot read back: " << why << "\n";
    return 2;
  }
  std::cout << text;
  return 0;
}

}  // namespace chainrule::tools
