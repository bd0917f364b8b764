#include "nn/derivation_file.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace chainrule::nn {

namespace {

std::string_view bias_text(BiasSharing bias) {
  return bias == BiasSharing::PerNeuron ? "one bias per neuron" : "one bias shared per layer";
}

std::string_view layout_text(WeightLayout layout) {
  return layout == WeightLayout::Tutorial ? "weights numbered neuron by neuron (tutorial order)"
                                          : "weights numbered in Keras kernel order";
}

std::string_view loss_formula(Loss loss) {
  switch (loss) {
    case Loss::HalfSumSquares:
      return "E = 1/2 * sum over outputs of (T - out)^2";
    case Loss::SumSquares:
      return "E = sum over outputs of (T - out)^2, PyTorch's MSELoss(reduction='sum')";
    case Loss::MeanSquared:
      return "E = mean over outputs of (T - out)^2, Keras' mean_squared_error";
    case Loss::BinaryCrossEntropy:
      return "E = mean over outputs of -(T*log(out) + (1 - T)*log(1 - out)), binary cross-entropy";
    case Loss::CrossEntropy:
      return "E = -sum over outputs of T*log(out), cross-entropy of the softmax";
  }
  return {};
}

// A softmax output layer is named as such, not by the identity its neurons carry.
std::string activations_text(const Architecture& a) {
  std::vector<std::string> names;
  for (auto activation : a.activations) names.emplace_back(activation_text(activation));
  if (a.softmax_output && !names.empty()) names.back() = "softmax";
  if (names.size() == 1) return names.front();
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text + " (layer by layer)";
}

void write_header(std::ostream& out, const Architecture& a, const DerivationOptions& options) {
  out << "# A " << sizes_text(a.sizes) << " network: " << activations_text(a) << ", "
      << bias_text(a.bias) << ",\n# " << layout_text(a.layout) << ", loss " << loss_text(a.loss)
      << ":\n# " << loss_formula(a.loss) << ".\n";
  if (!options.command.empty()) out << "# Written by `" << options.command << "`.\n";
  out << "# Add `check NAME = NUMBER` lines for your own numbers and run `chainrule check` on "
         "it.\n";
}

// The inputs and targets as a data table, one row per line.
void write_data_table(std::ostream& out, const Architecture& a,
                      const std::vector<std::vector<std::string>>& rows) {
  out << "\n# the data set: inputs and targets, one row each\ndata ";
  for (int i = 0; i < a.inputs(); ++i) out << (i ? ", " : "") << input_name(i);
  for (int j = 0; j < a.outputs(); ++j) out << ", " << target_name(j);
  out << "\n";
  const auto columns = static_cast<std::size_t>(a.inputs()) + static_cast<std::size_t>(a.outputs());
  for (const auto& row : rows) {
    if (row.size() != columns)
      throw std::invalid_argument("a row of " + std::to_string(row.size()) + " values for " +
                                  std::to_string(columns) + " inputs and targets");
    out << " ";
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? ", " : " ") << row[k];
    out << "\n";
  }
  out << "end\n";
}

void write_leaves(std::ostream& out, const Architecture& a, const NamedValues& leaves,
                  const std::vector<std::vector<std::string>>& rows) {
  std::map<std::string, std::string, std::less<>> value(leaves.begin(), leaves.end());
  auto line = [&](const std::string& name) {
    auto found = value.find(name);
    if (found == value.end()) throw std::invalid_argument("no value for the leaf " + name);
    out << name << " = " << found->second << "\n";
  };
  if (rows.empty()) {
    out << "\n# inputs and targets\n";
    for (int i = 0; i < a.inputs(); ++i) line(input_name(i));
    for (int j = 0; j < a.outputs(); ++j) line(target_name(j));
  } else {
    write_data_table(out, a, rows);
  }
  out << "# parameters\n";
  for (const auto& p : parameter_places(a)) line(p.name);
}

// The name of the weight at (layer, neuron, input) and of the bias of (layer, neuron).
struct ParameterNames {
  std::map<std::tuple<int, int, int>, std::string> weights;
  std::map<std::pair<int, int>, std::string> biases;  // neuron kEveryNeuron when shared

  explicit ParameterNames(const Architecture& a) {
    for (const auto& p : parameter_places(a)) {
      if (p.kind == ParameterKind::Weight)
        weights[{p.layer, p.neuron, p.input}] = p.name;
      else
        biases[{p.layer, p.neuron}] = p.name;
    }
  }
  const std::string& bias(int layer, int neuron) const {
    auto shared = biases.find({layer, ParameterPlace::kEveryNeuron});
    return shared != biases.end() ? shared->second : biases.at({layer, neuron});
  }
};

// Terms a sum writes flat, as a + b + c: a longer sum is written in parenthesized groups of
// this many, groups of groups as needed, so that no sum is deeper than a derivation file's
// expression depth allows (1000 levels) for any fan-in: 300 per level, 27 million in three.
constexpr std::size_t kTermsPerGroup = 300;

std::string sum_text(std::vector<std::string> terms) {
  while (terms.size() > kTermsPerGroup) {
    std::vector<std::string> groups;
    for (std::size_t start = 0; start < terms.size(); start += kTermsPerGroup) {
      std::string group = "(";
      const std::size_t end = std::min(terms.size(), start + kTermsPerGroup);
      for (std::size_t k = start; k < end; ++k) group += (k == start ? "" : " + ") + terms[k];
      groups.push_back(group + ")");
    }
    terms = std::move(groups);
  }
  std::string text;
  for (const auto& term : terms) text += (text.empty() ? "" : " + ") + term;
  return text;
}

void write_neurons(std::ostream& out, const Architecture& a) {
  const ParameterNames names(a);
  for (int layer = 0; layer < a.layers(); ++layer) {
    out << "\n# layer " << layer + 1 << (layer + 1 == a.layers() ? " (output)" : "") << "\n";
    for (int n = 0; n < a.neurons(layer); ++n) {
      const std::string net_input = net_input_name(a, layer, n);
      std::vector<std::string> terms;
      for (int i = 0; i < a.fan_in(layer); ++i) {
        const std::string below = layer == 0 ? input_name(i) : activation_name(a, layer - 1, i);
        terms.push_back(below + "*" + names.weights.at({layer, n, i}));
      }
      out << net_input << " = " << sum_text(std::move(terms)) << " + " << names.bias(layer, n)
          << "\n";
      if (a.softmax_output && layer + 1 == a.layers()) continue;  // write_softmax names them
      const auto function = function_name(a.activation(layer));
      out << activation_name(a, layer, n) << " = "
          << (function.empty() ? net_input : std::string(function) + "(" + net_input + ")") << "\n";
    }
  }
}

// out_y1, …, out_yk = softmax(y1, …, yk), after the output layer's net inputs.
void write_softmax(std::ostream& out, const Architecture& a) {
  std::string names, arguments;
  for (int j = 0; j < a.outputs(); ++j) {
    names += (j == 0 ? "" : ", ") + activation_name(a, a.layers() - 1, j);
    arguments += (j == 0 ? "" : ", ") + net_input_name(a, a.layers() - 1, j);
  }
  out << names << " = softmax(" << arguments << ")\n";
}

// E = cross_entropy(out_y1, …, out_yk; T1, …, Tk): one loss, no per-output errors.
void write_cross_entropy(std::ostream& out, const Architecture& a) {
  std::string probabilities, targets;
  for (int j = 0; j < a.outputs(); ++j) {
    probabilities += (j == 0 ? "" : ", ") + activation_name(a, a.layers() - 1, j);
    targets += (j == 0 ? "" : ", ") + target_name(j);
  }
  out << "\n# loss\n"
      << kLossName << " = cross_entropy(" << probabilities << "; " << targets << ")\n";
}

void write_loss(std::ostream& out, const Architecture& a) {
  if (a.loss == Loss::CrossEntropy) return write_cross_entropy(out, a);
  out << "\n# loss\n";
  std::vector<std::string> errors;
  for (int j = 0; j < a.outputs(); ++j) {
    const std::string t = target_name(j), o = activation_name(a, a.layers() - 1, j);
    out << error_name(j) << " = ";
    switch (a.loss) {
      case Loss::HalfSumSquares:
        out << "1/2 * (" << t << " - " << o << ")^2\n";
        break;
      case Loss::SumSquares:
      case Loss::MeanSquared:
        out << "(" << t << " - " << o << ")^2\n";
        break;
      case Loss::BinaryCrossEntropy:
        out << "-(" << t << "*log(" << o << ") + (1 - " << t << ")*log(1 - " << o << "))\n";
        break;
      case Loss::CrossEntropy:
        break;  // write_cross_entropy
    }
    errors.push_back(error_name(j));
  }
  const std::string sum = sum_text(std::move(errors));
  out << kLossName << " = ";
  if (a.outputs() == 1)
    out << sum << "\n";
  else if (a.loss == Loss::HalfSumSquares || a.loss == Loss::SumSquares)
    out << sum << "\n";
  else
    out << "(" << sum << ") / " << a.outputs() << "\n";
}

void write_updates(std::ostream& out, const Architecture& a, const std::string& rate,
                   const std::string& loss) {
  out << "\n# one step of gradient descent\neta = " << rate << "\n";
  for (const auto& p : parameter_places(a))
    out << p.name << "_new = " << p.name << " - eta * d" << loss << "/d" << p.name << "\n";
}

}  // namespace

std::string derivation_text(const Architecture& a, const NamedValues& leaves,
                            const DerivationOptions& options) {
  if (auto why = validate(a); !why.empty()) throw std::invalid_argument(why);
  std::ostringstream out;
  write_header(out, a, options);
  write_leaves(out, a, leaves, options.rows);
  write_neurons(out, a);
  if (a.softmax_output) write_softmax(out, a);
  write_loss(out, a);
  std::string loss(kLossName);
  if (!options.rows.empty()) {
    loss = std::string(kBatchLossName);
    out << "\n# the loss over the data set, what train --batch splits\n"
        << loss << " = mean(" << kLossName << ")\n";
  }
  if (options.learning_rate) write_updates(out, a, *options.learning_rate, loss);
  return out.str();
}

}  // namespace chainrule::nn
