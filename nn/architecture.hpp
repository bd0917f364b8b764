// The shape of a network and the names of everything in it, independent of the number type.
//
// Names follow the seed tutorials: inputs x1, x2, ...; targets T1, T2, ...; weights w1, w2, ...
// numbered through the whole network; biases b1, b2, ...; net inputs h1, h2 (hidden layer) and
// y1, y2 (output layer, the prefix is configurable: tutorial B calls them o1, o2); activations
// out_h1, out_y1; per-output errors E1, E2 and the loss E.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::nn {

enum class Activation { Sigmoid, Tanh, Relu, Identity };

// Tutorial B gives every neuron its own bias; tutorial A shares b1 across the hidden layer and
// b2 across the output layer.
enum class BiasSharing { PerNeuron, SharedPerLayer };

// How weights are numbered within a layer. Tutorial: neuron by neuron (w1, w2 feed h1; w3, w4
// feed h2). Keras: the kernel matrix kernel[input][neuron] row by row (w1, w3 feed h1; w2, w4
// feed h2), which is how tutorial B names its weights.
enum class WeightLayout { Tutorial, Keras };

// Each as PyTorch defines it where PyTorch has it (torch.nn.MSELoss, BCELoss; the reduction
// named).
enum class Loss {
  HalfSumSquares,      // E = 1/2 * sum over outputs of (T - out)^2: the tutorials' E_total
  MeanSquared,         // E = mean over outputs of (T - out)^2: MSELoss, reduction 'mean'
  BinaryCrossEntropy,  // E = mean over outputs of -(T*log(out) + (1 - T)*log(1 - out)): BCELoss,
                       // reduction 'mean'
  SumSquares,          // E = sum over outputs of (T - out)^2: MSELoss, reduction 'sum'
  CrossEntropy,        // E = -sum over outputs of T*log(out): k classes, after a softmax output
};

struct Architecture {
  std::vector<int> sizes;               // inputs, then each layer's neurons: {2, 2, 2}
  std::vector<Activation> activations;  // one per layer, or a single one for every layer
  BiasSharing bias = BiasSharing::PerNeuron;
  WeightLayout layout = WeightLayout::Tutorial;
  Loss loss = Loss::HalfSumSquares;
  std::string output_prefix = "y";  // net inputs of the output layer: y1, y2 (tutorial B: o)
  // The output layer's activations are softmax(y1, …, yk) instead of the layer's activation.
  bool softmax_output = false;

  int inputs() const { return sizes.front(); }
  int outputs() const { return sizes.back(); }
  int layers() const { return static_cast<int>(sizes.size()) - 1; }
  int neurons(int layer) const { return sizes[static_cast<std::size_t>(layer) + 1]; }
  int fan_in(int layer) const { return sizes[static_cast<std::size_t>(layer)]; }
  Activation activation(int layer) const;
};

// Each weight is two tape nodes (a product and a sum), every one holding a T: ten million
// weights are already gigabytes at 50 digits. Larger networks are refused, not attempted.
inline constexpr long long kMaxWeights = 10'000'000;

// Empty when the architecture can be built, otherwise why not.
std::string validate(const Architecture& architecture);

enum class ParameterKind { Weight, Bias };

// Where a parameter sits. Layers, neurons and inputs count from 0: weight (0, 0, 0) joins x1 to
// h1. A shared bias has neuron == kEveryNeuron; a bias has input == kNoInput.
struct ParameterPlace {
  static constexpr int kEveryNeuron = -1;
  static constexpr int kNoInput = -1;
  std::string name;  // "w5", "b1"
  ParameterKind kind = ParameterKind::Weight;
  int layer = 0;
  int neuron = 0;
  int input = kNoInput;
};

// Every parameter in naming order: w1 ... wN, then b1 ... bM.
std::vector<ParameterPlace> parameter_places(const Architecture& architecture);

// Names of the nodes of one neuron: its net input ("h1", "h2_3", "y1") and activation ("out_h1").
std::string net_input_name(const Architecture& architecture, int layer, int neuron);
std::string activation_name(const Architecture& architecture, int layer, int neuron);
std::string input_name(int input);    // "x1"
std::string target_name(int output);  // "T1"
std::string error_name(int output);   // "E1"
inline constexpr std::string_view kLossName = "E";

// "2-3-2" -> {2, 3, 2}; nullopt unless it is at least two positive counts joined by '-'
// (each one an int; how large a network may be is validate's to say).
std::optional<std::vector<int>> parse_sizes(std::string_view text);
std::string sizes_text(const std::vector<int>& sizes);  // {2, 3, 2} -> "2-3-2"

std::optional<Activation> parse_activation(std::string_view text);  // "sigmoid", "tanh", ...
std::string_view activation_text(Activation activation);
std::string_view function_name(Activation activation);  // in derivation files; "" for identity
std::optional<Loss> parse_loss(std::string_view text);  // "half-sse", "sse", "mse", "bce"
std::string_view loss_text(Loss loss);

}  // namespace chainrule::nn
