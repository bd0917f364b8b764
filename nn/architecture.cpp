#include "nn/architecture.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace chainrule::nn {

namespace {

constexpr std::array<std::pair<std::string_view, Activation>, 4> kActivations = {{
    {"sigmoid", Activation::Sigmoid},
    {"tanh", Activation::Tanh},
    {"relu", Activation::Relu},
    {"identity", Activation::Identity},
}};

constexpr std::array<std::pair<std::string_view, Loss>, 5> kLosses = {{
    {"half-sse", Loss::HalfSumSquares},
    {"sse", Loss::SumSquares},
    {"mse", Loss::MeanSquared},
    {"bce", Loss::BinaryCrossEntropy},
    {"ce", Loss::CrossEntropy},
}};

// Why a softmax output or a k-class cross-entropy cannot be built, or "".
std::string softmax_problem(const Architecture& a) {
  if (a.softmax_output && a.outputs() < 2) return "a softmax output needs at least 2 outputs";
  if (a.loss == Loss::CrossEntropy && !a.softmax_output)
    return "the loss ce (cross-entropy) needs a softmax output (--output softmax)";
  return {};
}

// Prefixes the other names use, which an output prefix must not take.
constexpr std::array<std::string_view, 7> kReservedPrefixes = {"x", "T", "w",   "b",
                                                               "E", "h", "out_"};

bool is_letters(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

// Weights before this layer's, in naming order.
int weights_before(const Architecture& a, int layer) {
  int count = 0;
  for (int l = 0; l < layer; ++l) count += a.fan_in(l) * a.neurons(l);
  return count;
}

}  // namespace

Activation Architecture::activation(int layer) const {
  return activations.size() == 1 ? activations.front()
                                 : activations[static_cast<std::size_t>(layer)];
}

std::string validate(const Architecture& a) {
  if (a.sizes.size() < 2) return "a network needs an input size and at least one layer";
  for (int size : a.sizes)
    if (size < 1) return "every layer needs at least one neuron";
  if (a.activations.size() != 1 && static_cast<int>(a.activations.size()) != a.layers())
    return "give one activation, or one per layer";
  long long weights = 0;
  for (std::size_t k = 1; k < a.sizes.size(); ++k)
    weights += static_cast<long long>(a.sizes[k - 1]) * a.sizes[k];
  if (weights > kMaxWeights)
    return "a network of " + std::to_string(weights) + " weights is more than the " +
           std::to_string(kMaxWeights) + " nn builds graphs for";
  if (auto why = softmax_problem(a); !why.empty()) return why;
  if (!is_letters(a.output_prefix)) return "the output prefix must be letters only";
  for (auto reserved : kReservedPrefixes)
    if (a.output_prefix == reserved) return "the output prefix '" + a.output_prefix + "' is taken";
  return {};
}

std::vector<ParameterPlace> parameter_places(const Architecture& a) {
  std::vector<ParameterPlace> places;
  for (int layer = 0; layer < a.layers(); ++layer) {
    const int fan_in = a.fan_in(layer), neurons = a.neurons(layer);
    const int first = weights_before(a, layer) + 1;
    for (int neuron = 0; neuron < neurons; ++neuron) {
      for (int input = 0; input < fan_in; ++input) {
        const int number = a.layout == WeightLayout::Tutorial ? first + neuron * fan_in + input
                                                              : first + input * neurons + neuron;
        places.push_back(
            {"w" + std::to_string(number), ParameterKind::Weight, layer, neuron, input});
      }
    }
  }
  // Sorted into naming order, so that parameters() reads w1, w2, w3, ... whatever the layout.
  std::vector<ParameterPlace> weights(places.size());
  for (auto& p : places) weights[std::stoul(p.name.substr(1)) - 1] = std::move(p);
  int bias_number = 1;
  for (int layer = 0; layer < a.layers(); ++layer) {
    if (a.bias == BiasSharing::SharedPerLayer) {
      weights.push_back({"b" + std::to_string(bias_number++), ParameterKind::Bias, layer,
                         ParameterPlace::kEveryNeuron, ParameterPlace::kNoInput});
      continue;
    }
    for (int neuron = 0; neuron < a.neurons(layer); ++neuron)
      weights.push_back({"b" + std::to_string(bias_number++), ParameterKind::Bias, layer, neuron,
                         ParameterPlace::kNoInput});
  }
  return weights;
}

std::string net_input_name(const Architecture& a, int layer, int neuron) {
  const std::string number = std::to_string(neuron + 1);
  if (layer == a.layers() - 1) return a.output_prefix + number;
  if (a.layers() == 2) return "h" + number;
  return "h" + std::to_string(layer + 1) + "_" + number;
}

std::string activation_name(const Architecture& a, int layer, int neuron) {
  return "out_" + net_input_name(a, layer, neuron);
}

std::string input_name(int input) { return "x" + std::to_string(input + 1); }
std::string target_name(int output) { return "T" + std::to_string(output + 1); }
std::string error_name(int output) { return "E" + std::to_string(output + 1); }

std::optional<std::vector<int>> parse_sizes(std::string_view text) {
  std::vector<int> sizes;
  while (true) {
    int size = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (error != std::errc() || size < 1) return std::nullopt;  // too large: validate says so
    sizes.push_back(size);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (text.empty()) break;
    if (text.front() != '-') return std::nullopt;
    text.remove_prefix(1);
  }
  if (sizes.size() < 2) return std::nullopt;
  return sizes;
}

std::string sizes_text(const std::vector<int>& sizes) {
  std::string text;
  for (int size : sizes) text += (text.empty() ? "" : "-") + std::to_string(size);
  return text;
}

std::optional<Activation> parse_activation(std::string_view text) {
  for (auto [name, value] : kActivations)
    if (name == text) return value;
  return std::nullopt;
}

std::string_view activation_text(Activation activation) {
  for (auto [name, value] : kActivations)
    if (value == activation) return name;
  return {};
}

std::string_view function_name(Activation activation) {
  return activation == Activation::Identity ? std::string_view{} : activation_text(activation);
}

std::optional<Loss> parse_loss(std::string_view text) {
  for (auto [name, value] : kLosses)
    if (name == text) return value;
  return std::nullopt;
}

std::string_view loss_text(Loss loss) {
  for (auto [name, value] : kLosses)
    if (value == loss) return name;
  return {};
}

}  // namespace chainrule::nn
